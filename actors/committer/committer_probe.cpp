#include "actors/committer/committer_probe.hpp"

#include "support/metrics.hpp"

namespace vireo::committer {

committer_probe::committer_probe() {
  auto& registry = metrics_registry();
  auto& receipts = prometheus::BuildCounter()
                       .Name("vireo_receipts_total")
                       .Help("Invocation receipts committed, by status (committed, invalid, failed)")
                       .Register(registry);
  for (auto status : {ledger::receipt_status::committed, ledger::receipt_status::invalid,
                      ledger::receipt_status::failed})
    receipts_by_status_[static_cast<size_t>(status)] = &receipts.Add({{"status", ledger::to_string(status)}});
  batches_ = &prometheus::BuildCounter()
                  .Name("vireo_commit_batches_total")
                  .Help("Sync WriteBatches written by the committer")
                  .Register(registry)
                  .Add({});
  conflicts_ = &prometheus::BuildCounter()
                    .Name("vireo_mvcc_conflicts_total")
                    .Help("Parallel results whose reads went stale (each is re-executed or invalid)")
                    .Register(registry)
                    .Add({});
  duplicates_ = &prometheus::BuildCounter()
                     .Name("vireo_duplicate_results_total")
                     .Help("Results dropped because the invocation already had a receipt")
                     .Register(registry)
                     .Add({});
  sync_seconds_ = &prometheus::BuildHistogram()
                       .Name("vireo_commit_sync_seconds")
                       .Help("Time of one committer WriteBatch with fsync")
                       .Register(registry)
                       .Add({}, latency_buckets());
  commit_seconds_ = &stage_latency("commit");
  end_to_end_seconds_ = &stage_latency("end_to_end");
}

void committer_probe::batch_synced(size_t, double seconds) {
  batches_->Increment();
  sync_seconds_->Observe(seconds);
}

void committer_probe::invocation_finished(ledger::receipt_status status, double end_to_end_seconds,
                                          double commit_seconds) {
  receipts_by_status_[static_cast<size_t>(status)]->Increment();
  end_to_end_seconds_->Observe(end_to_end_seconds);
  commit_seconds_->Observe(commit_seconds);
}

}  // namespace vireo::committer
