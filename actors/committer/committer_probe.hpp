// Metrics of the committer.
#pragma once

#include <array>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/histogram.h>

#include "actors/ledger/records.hpp"

namespace vireo::committer {

class committer_probe {
 public:
  committer_probe();
  void batch_synced(size_t records, double seconds);
  /// One invocation reached its receipt with `status`.
  void invocation_finished(ledger::receipt_status status, double end_to_end_seconds, double commit_seconds);
  void conflict() { conflicts_->Increment(); }
  void duplicate() { duplicates_->Increment(); }

 private:
  /// By receipt_status: looked up once, not per receipt.
  std::array<prometheus::Counter*, 3> receipts_by_status_{};
  prometheus::Counter* batches_;
  prometheus::Counter* conflicts_;
  prometheus::Counter* duplicates_;
  prometheus::Histogram* sync_seconds_;
  prometheus::Histogram* commit_seconds_;
  prometheus::Histogram* end_to_end_seconds_;
};

}  // namespace vireo::committer
