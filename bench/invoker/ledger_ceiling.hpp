// The ceiling of the invocation core on this machine: a tight loop writing,
// with the ledger_store put_* helpers, exactly the records one invocation
// costs, in WriteBatches of a fixed size, with no actors, bus or execution in
// between. The commit batch is always written with fsync; the journal batch
// either with its own fsync or, as the node writes it, without one, so that
// the next commit batch's fsync covers it.
//
// Per invocation:
//   journal batch: triggering transaction + journal entry + unsealed marker
//   commit batch:  state write + history + output transaction + receipt +
//                  unsealed marker + journal delete
// plus one meta counter per batch, as the journal and committer write.
//
// The latency floor writes the same records open loop: invocations fall due at
// a fixed rate and one writer, as soon as its previous commit batch is
// durable, writes every invocation due by then (journal batch without fsync,
// then commit batch with fsync). No implementation that writes these records
// durably can answer sooner on this disk at that rate; the benchmark measures
// it beside the node's half-peak runs, as the disk's fsync latency drifts
// within minutes.
#pragma once

#include <cstdint>
#include <string>

#include "bench/invoker/sample_stats.hpp"

namespace vireo::bench {

struct ceiling_result {
  uint32_t batch_size = 0;
  uint32_t writers = 0;           ///< 1: one thread alternates; 2: journal and commit writers in parallel
  bool journal_synced = true;     ///< false: the journal batch is written without fsync
  double invocations_per_s = 0;
  double batches_per_s = 0;       ///< WriteBatches per second, both kinds
};

/// Writes invocations in batches of `batch_size` for about `seconds` on a
/// fresh ledger under `dir`. `writers` and `journal_synced` as in ceiling_result.
ceiling_result measure_ledger_ceiling(const std::string& dir, uint32_t batch_size, uint32_t writers,
                                      bool journal_synced, double seconds);

struct latency_floor_result {
  latency_summary latency;          ///< falling due -> commit batch durable
  double commit_write_mean_ms = 0;  ///< one commit batch, fsync included
  double mean_batch = 0;            ///< invocations per commit batch
  uint64_t commits_over_10ms = 0;   ///< commit batches that took longer (disk stalls)
  uint64_t commits_over_2_5ms = 0;  ///< the same over 2.5 ms (the disk's slow phases)
};

/// Offers `rate` invocations per second for `warmup_s` + `measure_s` on a
/// fresh ledger under `dir`; latencies of those falling due after warm-up.
latency_floor_result measure_latency_floor(const std::string& dir, double rate, double warmup_s, double measure_s);

}  // namespace vireo::bench
