#include "bench/invoker/ledger_ceiling.hpp"

#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include "actors/ledger/ledger_store.hpp"
#include "bench/invoker/sample_stats.hpp"
#include "support/ids.hpp"

namespace vireo::bench {

namespace {

using clock_type = std::chrono::steady_clock;

// The records of invocation `n`, shaped like a kv_set invocation's, encoded
// by the same calls as the journal's and the committer's.
struct invocation_records {
  ledger::transaction tx;
  ledger::journal_entry entry;
  ledger::transaction output;
  std::string output_payload_json;  ///< the worker's output, as the committer gets it
  ledger::receipt receipt;
  worker::state_history_entry history;
  std::string key, value;

  explicit invocation_records(uint64_t n) {
    auto now = unix_now_ms();
    key = "key-" + std::to_string(n);
    value = "\"value-" + std::to_string(n) + "\"";
    tx = {new_transaction_id(), "kv", "", "", now, {{"key", key}, {"value", "value-" + std::to_string(n)}}};
    entry = {n, tx.id, "kvpar", now};
    output = {new_transaction_id(), "kv", "", tx.id, now, {}};
    output_payload_json = nlohmann::json{{key, "value-" + std::to_string(n)}}.dump();
    receipt.invocation_id = tx.id;
    receipt.contract = "kvpar";
    receipt.status = ledger::receipt_status::committed;
    receipt.output_tx_id = output.id;
    receipt.commit_seq = n;
    receipt.journal_sequence = n;
    receipt.submitted_ms = receipt.committed_ms = now;
    history = {tx.id, value, false, n, now};
  }
};

void write_journal_batch(ledger::ledger_store& store, uint64_t first, uint32_t size, bool sync) {
  rocksdb::WriteBatch batch;
  for (uint64_t n = first; n < first + size; ++n) {
    invocation_records r{n};
    store.put_transaction(batch, r.tx);
    store.put_unsealed(batch, {ledger::unsealed_stream::journal, n, r.tx.id});
    store.put_journal(batch, r.entry);
  }
  store.put_meta_u64(batch, "journal_seq", first + size - 1);
  store.write(batch, sync);
}

void write_commit_batch(ledger::ledger_store& store, uint64_t first, uint32_t size) {
  rocksdb::WriteBatch batch;
  for (uint64_t n = first; n < first + size; ++n) {
    invocation_records r{n};
    store.put_state(batch, "kvpar", r.key, r.value, n);
    store.put_history(batch, "kvpar", r.key, r.history);
    store.put_transaction(batch, r.output.id, r.output.to_json_text(r.output_payload_json));
    store.put_unsealed(batch, {ledger::unsealed_stream::committer, n, r.output.id});
    store.put_receipt(batch, r.receipt);
    store.delete_journal(batch, n);
  }
  store.put_meta_u64(batch, "commit_seq", first + size - 1);
  store.write(batch, true);
}

}  // namespace

ceiling_result measure_ledger_ceiling(const std::string& dir, uint32_t batch_size, uint32_t writers,
                                      bool journal_synced, double seconds) {
  auto store = ledger::ledger_store::open(dir);
  auto deadline = clock_type::now() + std::chrono::duration_cast<clock_type::duration>(std::chrono::duration<double>(seconds));
  auto started = clock_type::now();
  uint64_t invocations = 0, batches = 0;
  if (writers == 1) {
    for (uint64_t first = 1; clock_type::now() < deadline; first += batch_size) {
      write_journal_batch(*store, first, batch_size, journal_synced);
      write_commit_batch(*store, first, batch_size);
      invocations += batch_size;
      batches += 2;
    }
  } else {
    // The node's shape: a journal writer and a committer writing at once,
    // the committer never ahead of the journal.
    std::atomic<uint64_t> journaled{0};
    std::atomic<bool> stop{false};
    std::thread journal([&] {
      for (uint64_t first = 1; !stop; first += batch_size) {
        write_journal_batch(*store, first, batch_size, journal_synced);
        journaled = first + batch_size - 1;
      }
    });
    uint64_t first = 1;
    while (clock_type::now() < deadline) {
      if (journaled.load() < first + batch_size - 1) {
        std::this_thread::sleep_for(std::chrono::microseconds(20));
        continue;
      }
      write_commit_batch(*store, first, batch_size);
      first += batch_size;
      invocations += batch_size;
    }
    stop = true;
    journal.join();
    batches = 2 * invocations / batch_size;
  }
  double elapsed = std::chrono::duration<double>(clock_type::now() - started).count();
  return {batch_size, writers, journal_synced, invocations / elapsed, batches / elapsed};
}

latency_floor_result measure_latency_floor(const std::string& dir, double rate, double warmup_s, double measure_s) {
  using ms = std::chrono::duration<double, std::milli>;
  auto store = ledger::ledger_store::open(dir);
  auto total = static_cast<uint64_t>((warmup_s + measure_s) * rate);
  auto first_measured = static_cast<uint64_t>(warmup_s * rate);
  auto started = clock_type::now();
  std::vector<double> latencies_ms;
  latencies_ms.reserve(total - first_measured);
  double commit_ms = 0;
  uint64_t commits = 0;
  uint64_t commits_over_10ms = 0;
  uint64_t commits_over_2_5ms = 0;
  for (uint64_t next = 0; next < total;) {
    double elapsed_s = std::chrono::duration<double>(clock_type::now() - started).count();
    auto due_count = std::min(total, static_cast<uint64_t>(elapsed_s * rate) + 1);
    if (due_count <= next) {
      std::this_thread::sleep_until(falls_due(started, next, rate));
      continue;
    }
    auto size = static_cast<uint32_t>(due_count - next);
    write_journal_batch(*store, next + 1, size, false);
    auto commit_started = clock_type::now();
    write_commit_batch(*store, next + 1, size);
    auto durable = clock_type::now();
    auto commit_took_ms = ms(durable - commit_started).count();
    commit_ms += commit_took_ms;
    ++commits;
    commits_over_10ms += commit_took_ms > 10;
    commits_over_2_5ms += commit_took_ms > 2.5;
    for (auto n = std::max(next, first_measured); n < due_count; ++n)
      latencies_ms.push_back(ms(durable - falls_due(started, n, rate)).count());
    next = due_count;
  }
  latency_floor_result result;
  result.commit_write_mean_ms = commits ? commit_ms / commits : 0;
  result.mean_batch = commits ? static_cast<double>(total) / commits : 0;
  result.commits_over_10ms = commits_over_10ms;
  result.commits_over_2_5ms = commits_over_2_5ms;
  result.latency = summarize_latencies(latencies_ms);
  return result;
}

}  // namespace vireo::bench
