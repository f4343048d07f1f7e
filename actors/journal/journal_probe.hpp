// Metrics of the journal actor.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

namespace vireo::journal {

class journal_probe {
 public:
  journal_probe();
  /// A batch of `records` submissions was written (not yet synced) in `seconds`.
  void batch_written(size_t records, double seconds);
  /// No other writer's sync came in time: the journal's own WAL sync took `seconds`.
  void own_sync(double seconds);
  /// A submission waited `seconds` from arrival to durability.
  void append_latency(double seconds);
  void batch_failed() { failures_->Increment(); }

 private:
  prometheus::Counter* records_;
  prometheus::Counter* batches_;
  prometheus::Counter* failures_;
  prometheus::Counter* syncs_;
  prometheus::Histogram* write_seconds_;
  prometheus::Histogram* sync_seconds_;
  prometheus::Histogram* append_seconds_;
};

}  // namespace vireo::journal
