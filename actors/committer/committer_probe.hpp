// Metrics of the committer.
#pragma once

#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

namespace vireo::committer {

class committer_probe {
 public:
  committer_probe();
  void batch_synced(size_t records, double seconds);
  /// One invocation reached its receipt; `kind`/`mode` of its contract.
  void invocation_finished(const std::string& outcome, double end_to_end_seconds, double commit_seconds);
  void conflict() { conflicts_->Increment(); }
  void duplicate() { duplicates_->Increment(); }

 private:
  prometheus::Family<prometheus::Counter>* outcomes_;
  prometheus::Counter* batches_;
  prometheus::Counter* conflicts_;
  prometheus::Counter* duplicates_;
  prometheus::Histogram* sync_seconds_;
  prometheus::Histogram* commit_seconds_;
  prometheus::Histogram* end_to_end_seconds_;
};

}  // namespace vireo::committer
