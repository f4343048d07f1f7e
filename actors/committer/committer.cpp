#include "actors/committer/committer.hpp"

#include "support/actor_system.hpp"
#include "support/ids.hpp"
#include "support/json_depth.hpp"
#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::committer {

namespace {

/// Whether an output can be served back: JSON nested deeper than
/// max_json_depth cannot (json_depth.hpp); text that is not JSON is stored as
/// a string, whatever brackets it holds.
bool servable_output(const std::string& output_json) {
  return within_json_depth(output_json) || !nlohmann::json::accept(output_json);
}

std::string versions_key(const std::string& contract, const std::string& key) {
  std::string out = contract;
  out.push_back('\0');
  return out + key;
}

}  // namespace

void committer_state::pending_commit::reply(commit_reply reply) {
  answer->replies[index] = std::move(reply);
  if (--answer->unanswered == 0)
    answer->promise.deliver(commit_batch_reply{std::move(answer->replies)});
}

uint64_t committer_state::current_version(const std::string& contract, const std::string& key) const {
  auto it = batch_versions_.find(versions_key(contract, key));
  if (it != batch_versions_.end())
    return it->second;
  return store->get_state(contract, key).version;
}

std::string committer_state::stale_read(const std::string& contract, const bus::result& result) const {
  auto stale = stale_in(contract, result.reads, result.ranges);
  for (size_t i = 0; stale.empty() && i < result.nested.size(); ++i)
    stale = stale_in(result.nested[i].contract, result.nested[i].reads, result.nested[i].ranges);
  return stale;
}

std::string committer_state::stale_in(const std::string& contract, const std::vector<bus::key_version>& reads,
                                      const std::vector<bus::range_record>& ranges) const {
  for (auto& read : reads)
    if (current_version(contract, read.key) != read.version)
      return "key '" + read.key + "' of " + contract + " read at version " + std::to_string(read.version) + ", now " +
             std::to_string(current_version(contract, read.key));
  for (auto& range : ranges) {
    auto now = store->range_state(contract, range.start_key, range.end_key, range.limit);
    bool same = now.size() == range.returned.size();
    for (size_t i = 0; same && i < now.size(); ++i)
      same = now[i].first == range.returned[i].key &&
             current_version(contract, now[i].first) == range.returned[i].version;
    // A write earlier in this batch inside the range is a phantom too.
    auto prefix = versions_key(contract, "");
    for (auto it = batch_versions_.begin(); same && it != batch_versions_.end(); ++it) {
      if (it->first.compare(0, prefix.size(), prefix) != 0)
        continue;
      auto key = it->first.substr(prefix.size());
      same = !(key >= range.start_key && (range.end_key.empty() || key < range.end_key));
    }
    if (!same)
      return "range ['" + range.start_key + "', '" + range.end_key + "') changed since it was read";
  }
  return {};
}

void committer_state::stage_writes(rocksdb::WriteBatch& batch, const std::string& contract,
                                   const std::vector<bus::write_entry>& writes, const std::string& invocation_id,
                                   uint64_t seq, int64_t now_ms) {
  for (auto& write : writes) {
    std::optional<std::string> value;
    if (!write.deleted)
      value = write.value;
    store->put_state(batch, contract, write.key, value, seq);
    store->put_history(batch, contract, write.key, {invocation_id, write.value, write.deleted, seq, now_ms});
    batch_versions_[versions_key(contract, write.key)] = seq;
  }
}

ledger::receipt committer_state::stage(rocksdb::WriteBatch& batch, const commit_request& request, bool invalid,
                                       const std::string& invalid_reason) {
  auto& result = request.result;
  auto& contract = request.entry.contract;
  uint64_t seq = ++commit_seq;
  auto now_ms = unix_now_ms();

  ledger::receipt receipt;
  receipt.invocation_id = request.entry.invocation_id;
  receipt.contract = contract;
  receipt.retries = request.retries;
  receipt.commit_seq = seq;
  receipt.journal_sequence = request.entry.sequence;
  receipt.submitted_ms = request.entry.submitted_ms;
  receipt.committed_ms = now_ms;

  ledger::transaction output;
  output.id = new_transaction_id();
  output.type = request.trigger_type;
  output.invoker = request.entry.invocation_id;
  output.timestamp_ms = now_ms;

  // The output's payload as JSON text: a worker's output that is JSON is
  // stored as it came, checked but not parsed into a tree and dumped again.
  std::string payload_json;
  if (invalid) {
    receipt.status = ledger::receipt_status::invalid;
    receipt.reason = invalid_reason;
    payload_json = ledger::to_json_text({{"error", invalid_reason}});
  } else if (!result.ok || !servable_output(result.output_json)) {
    auto reason = result.ok ? "the contract's output nests deeper than " + std::to_string(max_json_depth) + " levels"
                            : result.error;
    receipt.status = ledger::receipt_status::failed;
    receipt.reason = reason;
    payload_json = ledger::to_json_text({{"error", reason}});
  } else {
    receipt.status = ledger::receipt_status::committed;
    payload_json = nlohmann::json::accept(result.output_json) ? result.output_json
                                                              : ledger::to_json_text(result.output_json);
    if (result.has_tag)
      output.tag = result.tag;
    stage_writes(batch, contract, result.writes, request.entry.invocation_id, seq, now_ms);
    for (auto& nested : result.nested)
      stage_writes(batch, nested.contract, nested.writes, request.entry.invocation_id, seq, now_ms);
    uint32_t index = 0;
    for (auto& event : result.events)
      store->put_event(batch, index++, {request.entry.invocation_id, contract, event.name, event.payload, seq});
  }
  receipt.output_tx_id = output.id;
  store->put_transaction(batch, output.id, output.to_json_text(payload_json));
  store->put_unsealed(batch, {ledger::unsealed_stream::committer, seq, output.id});
  store->put_receipt(batch, receipt);
  store->delete_journal(batch, request.entry.sequence);
  batch_receipts_.insert(receipt.invocation_id);
  return receipt;
}

void committer_state::flush(committer_actor::stateful_pointer<committer_state> self) {
  bool more = false;
  auto items = queue.take(max_batch, more);
  if (more)
    self->send(self, flush_atom::value);
  if (items.empty())
    return;

  rocksdb::WriteBatch batch;
  std::vector<std::pair<size_t, ledger::receipt>> staged;
  // Conflicts and duplicates are answered after the batch is written: a
  // conflicting invocation re-executes at once, and must read the writes that
  // made it stale, or it conflicts again without anyone new having committed.
  std::vector<std::pair<size_t, commit_reply>> not_committed;
  auto log = logger("committer");
  for (size_t i = 0; i < items.size(); ++i) {
    auto& request = items[i].request;
    auto& id = request.entry.invocation_id;
    if (batch_receipts_.count(id) || store->get_receipt(id)) {
      probe.duplicate();
      log->info("duplicate result dropped inv={} contract={}", id, request.entry.contract);
      not_committed.emplace_back(i, commit_reply{commit_outcome::duplicate, {}, {}});
      continue;
    }
    std::string stale;
    if (request.validate && request.result.ok)
      stale = stale_read(request.entry.contract, request.result);
    if (!stale.empty() && !request.final_attempt) {
      probe.conflict();
      log->debug("mvcc conflict inv={} contract={} retries={} {}", id, request.entry.contract, request.retries, stale);
      not_committed.emplace_back(i, commit_reply{commit_outcome::conflict, {}, stale});
      continue;
    }
    if (!stale.empty())
      probe.conflict();
    auto reason = stale.empty() ? std::string() : "mvcc conflict after " + std::to_string(request.retries) +
                                                      " re-executions: " + stale;
    staged.emplace_back(i, stage(batch, request, !stale.empty(), reason));
  }
  if (!staged.empty()) {
    store->put_meta_u64(batch, "commit_seq", commit_seq);
    auto started = steady_now_ns();
    try {
      store->write(batch, true);
    } catch (const ledger::storage_error& e) {
      // The ledger can no longer be written: nothing of this batch applied,
      // the journal still holds every invocation in it. Stop the node; a
      // restart replays them.
      log->critical("commit batch of {} failed, stopping: {}", staged.size(), e.what());
      for (auto& [index, receipt] : staged)
        items[index].reply(commit_reply{commit_outcome::failed_storage, receipt, e.what()});
      std::abort();
    }
    probe.batch_synced(staged.size(), (steady_now_ns() - started) / 1e9);
  }
  batch_versions_.clear();
  batch_receipts_.clear();
  for (auto& [index, reply] : not_committed)
    items[index].reply(std::move(reply));

  std::vector<ledger::receipt> receipts;
  receipts.reserve(staged.size());
  auto now_ns = steady_now_ns();
  auto now_ms = unix_now_ms();
  for (auto& [index, receipt] : staged) {
    auto& request = items[index].request;
    probe.invocation_finished(receipt.status, (now_ms - receipt.submitted_ms) / 1e3,
                              request.execute_ns ? (now_ns - request.execute_ns) / 1e9 : 0.0);
    log->info("committed inv={} contract={} status={} seq={} out={} retries={}", receipt.invocation_id,
              receipt.contract, ledger::to_string(receipt.status), receipt.commit_seq, receipt.output_tx_id,
              receipt.retries);
    items[index].reply(commit_reply{commit_outcome::committed, receipt, {}});
    receipts.push_back(std::move(receipt));
  }
  if (!receipts.empty()) {
    block_producer::unsealed_added added;
    added.markers.reserve(receipts.size());
    for (auto& receipt : receipts)
      added.markers.push_back({ledger::unsealed_stream::committer, receipt.commit_seq, receipt.output_tx_id});
    self->send(blocks, std::move(added));
    if (listener)
      listener(receipts);
  }
}

committer_actor::behavior_type committer(committer_actor::stateful_pointer<committer_state> self,
                                         ledger::ledger_store* store, block_producer::block_producer_actor blocks,
                                         receipt_listener listener, uint32_t max_batch) {
  name_detached_thread(self, "core-commit");
  auto& st = self->state;
  st.store = store;
  st.blocks = std::move(blocks);
  st.listener = std::move(listener);
  st.max_batch = max_batch;
  st.commit_seq = store->meta_u64("commit_seq");
  return {
      [=](commit_batch& batch) -> caf::result<commit_batch_reply> {
        auto& s = self->state;
        auto count = batch.requests.size();
        if (count == 0)
          return commit_batch_reply{};
        auto answer = std::make_shared<committer_state::batch_answer>();
        answer->replies.resize(count);
        answer->unanswered = count;
        answer->promise = self->make_response_promise<commit_batch_reply>();
        bool flush = false;
        for (size_t i = 0; i < count; ++i)
          flush |= s.queue.push({std::move(batch.requests[i]), answer, i});
        if (flush)
          self->send(self, flush_atom::value);
        return answer->promise;
      },
      [=](flush_atom) { self->state.flush(self); },
  };
}

}  // namespace vireo::committer
