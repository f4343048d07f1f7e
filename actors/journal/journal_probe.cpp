#include "actors/journal/journal_probe.hpp"

#include "support/metrics.hpp"

namespace vireo::journal {

journal_probe::journal_probe() {
  auto& registry = metrics_registry();
  records_ = &prometheus::BuildCounter()
                  .Name("vireo_journal_records_total")
                  .Help("Submissions written by the journal")
                  .Register(registry)
                  .Add({});
  batches_ = &prometheus::BuildCounter()
                  .Name("vireo_journal_batches_total")
                  .Help("WriteBatches written by the journal")
                  .Register(registry)
                  .Add({});
  failures_ = &prometheus::BuildCounter()
                   .Name("vireo_journal_failures_total")
                   .Help("Journal batches that failed to write")
                   .Register(registry)
                   .Add({});
  syncs_ = &prometheus::BuildCounter()
                .Name("vireo_journal_syncs_total")
                .Help("WAL syncs the journal made itself, when no other writer's sync covered its batch in time")
                .Register(registry)
                .Add({});
  write_seconds_ = &prometheus::BuildHistogram()
                        .Name("vireo_journal_write_seconds")
                        .Help("Time of one journal WriteBatch (without fsync)")
                        .Register(registry)
                        .Add({}, latency_buckets());
  sync_seconds_ = &prometheus::BuildHistogram()
                       .Name("vireo_journal_sync_seconds")
                       .Help("Time of one WAL sync made by the journal itself")
                       .Register(registry)
                       .Add({}, latency_buckets());
  append_seconds_ = &stage_latency("journal");
}

void journal_probe::batch_written(size_t records, double seconds) {
  records_->Increment(static_cast<double>(records));
  batches_->Increment();
  write_seconds_->Observe(seconds);
}

void journal_probe::own_sync(double seconds) {
  syncs_->Increment();
  sync_seconds_->Observe(seconds);
}

void journal_probe::append_latency(double seconds) {
  append_seconds_->Observe(seconds);
}

}  // namespace vireo::journal
