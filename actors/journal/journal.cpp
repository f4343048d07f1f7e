#include "actors/journal/journal.hpp"

#include <cstdlib>

#include "support/actor_system.hpp"
#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::journal {

namespace {

/// Starts each sink's invocations of a batch with one message, in journal
/// order; `stored[i]` is appends[i]'s transaction as written, handed over.
void start_invocations(journal_actor::stateful_pointer<journal_state> self,
                       const std::vector<journal_state::pending_append>& appends,
                       const std::vector<append_ack>& acks, std::vector<std::string>& stored) {
  written_sink sink;
  journal_written written;
  auto send = [&] {
    if (sink && !written.invocations.empty())
      self->send(sink, std::move(written));
    written.invocations.clear();
  };
  for (size_t i = 0; i < appends.size(); ++i) {
    auto& request = appends[i].request;
    if (request.contract.empty())
      continue;
    if (request.written_to != sink) {
      send();
      sink = request.written_to;
    }
    written.invocations.push_back({acks[i].entry, request.tx.type, std::move(stored[i])});
  }
  send();
}

}  // namespace

void journal_state::flush(journal_actor::stateful_pointer<journal_state> self) {
  bool more = false;
  auto batch_items = queue.take(settings.max_batch, more);
  if (more)
    self->send(self, flush_atom::value);
  if (batch_items.empty())
    return;

  rocksdb::WriteBatch batch;
  std::vector<append_ack> acks(batch_items.size());
  std::vector<std::string> stored(batch_items.size());
  block_producer::unsealed_added added;
  added.markers.reserve(batch_items.size());
  uint64_t sequence = last_sequence;
  uint64_t unsealed = last_unsealed;
  for (size_t i = 0; i < batch_items.size(); ++i) {
    auto& request = batch_items[i].request;
    stored[i] = request.tx.to_json_text();
    store->put_transaction(batch, request.tx.id, stored[i]);
    added.markers.push_back({ledger::unsealed_stream::journal, ++unsealed, request.tx.id});
    store->put_unsealed(batch, added.markers.back());
    acks[i].durable = true;
    if (!request.contract.empty()) {
      auto& entry = acks[i].entry;
      entry.sequence = ++sequence;
      entry.invocation_id = request.tx.id;
      entry.contract = request.contract;
      entry.submitted_ms = request.tx.timestamp_ms;
      store->put_journal(batch, entry);
    }
  }
  store->put_meta_u64(batch, "journal_seq", sequence);
  store->put_meta_u64(batch, "journal_unsealed", unsealed);

  auto started = steady_now_ns();
  try {
    store->write(batch, false);
  } catch (const ledger::storage_error& e) {
    // Nothing of this batch was written: every submitter hears so, and the
    // sequence numbers stay unused.
    probe.batch_failed();
    logger("journal")->error("journal batch of {} failed: {}", batch_items.size(), e.what());
    for (auto& item : batch_items)
      item.promise.deliver(append_ack{false, e.what(), {}});
    return;
  }
  auto now = steady_now_ns();
  last_sequence = sequence;
  last_unsealed = unsealed;
  probe.batch_written(batch_items.size(), (now - started) / 1e9);
  start_invocations(self, batch_items, acks, stored);
  self->send(blocks, std::move(added));

  unsynced.push_back({store->latest_sequence(), now, std::move(batch_items), std::move(acks)});
  if (unsynced.size() == 1 && store->notify_when_durable(unsynced.front().sequence))
    acknowledge_durable();
  if (!unsynced.empty())
    sync_check.arm(self, settings.sync_linger, sync_due_atom::value);
}

void journal_state::acknowledge_durable() {
  do {
    auto durable = store->durable_sequence();
    while (!unsynced.empty() && unsynced.front().sequence <= durable) {
      auto& done = unsynced.front();
      auto now = steady_now_ns();
      for (size_t i = 0; i < done.appends.size(); ++i) {
        probe.append_latency((now - done.appends[i].queued_ns) / 1e9);
        done.appends[i].promise.deliver(std::move(done.acks[i]));
      }
      unsynced.pop_front();
    }
  } while (!unsynced.empty() && store->notify_when_durable(unsynced.front().sequence));
}

void journal_state::sync_if_due(journal_actor::stateful_pointer<journal_state> self) {
  sync_check.fired();
  if (unsynced.empty())
    return;
  auto waited = std::chrono::nanoseconds(steady_now_ns() - unsynced.front().written_ns);
  if (waited < settings.sync_linger) {
    sync_check.arm(self, settings.sync_linger - waited, sync_due_atom::value);
    return;
  }
  // A sync that started after the batch was written (the committer's, under
  // load) acknowledges it when it ends. A sync of our own now would only
  // queue on the WAL ahead of the next one, the slower the disk the more
  // often: so wait for it, and look again in case it was the last.
  if (store->syncing_sequence() >= unsynced.front().sequence) {
    sync_check.arm(self, settings.sync_linger, sync_due_atom::value);
    return;
  }
  auto started = steady_now_ns();
  try {
    store->sync_wal();
  } catch (const ledger::storage_error& e) {
    // Written batches may have started already: the ledger can no longer be
    // made durable, so stop; a restart replays what the WAL kept.
    logger("journal")->critical("WAL sync for {} journal batches failed, stopping: {}", unsynced.size(), e.what());
    std::abort();
  }
  probe.own_sync((steady_now_ns() - started) / 1e9);
  // The sync covered every batch written so far: none is left waiting.
  acknowledge_durable();
}

journal_actor::behavior_type journal(journal_actor::stateful_pointer<journal_state> self,
                                     ledger::ledger_store* store,
                                     block_producer::block_producer_actor blocks, journal_settings settings) {
  name_detached_thread(self, "core-journal");
  auto& st = self->state;
  st.store = store;
  st.blocks = std::move(blocks);
  st.settings = settings;
  st.last_sequence = store->last_journal_sequence();
  st.last_unsealed = store->meta_u64("journal_unsealed");
  // The listener runs on the syncing writer's thread: it only posts a
  // message. A weak handle, so that the store keeps no journal alive.
  caf::actor_addr me = self->address();
  store->set_durability_listener([me] {
    if (auto journal = caf::actor_cast<caf::actor>(me))
      caf::anon_send(journal, durable_atom::value);
  });
  self->attach_functor([store] { store->set_durability_listener({}); });
  // A clean stop answers what it wrote: one last sync instead of breaking
  // the promises of batches that wait for one.
  self->set_exit_handler([=](const caf::exit_msg& msg) {
    auto& s = self->state;
    if (!s.unsynced.empty()) {
      try {
        s.store->sync_wal();
        s.acknowledge_durable();
      } catch (const ledger::storage_error& e) {
        logger("journal")->error("last WAL sync at stop failed, {} batches unanswered: {}", s.unsynced.size(),
                                 e.what());
      }
    }
    self->quit(msg.reason);
  });
  return {
      [=](append_request& request) -> caf::result<append_ack> {
        auto& s = self->state;
        auto promise = self->make_response_promise<append_ack>();
        if (s.queue.push({std::move(request), promise, steady_now_ns()}))
          self->send(self, flush_atom::value);
        return promise;
      },
      [=](flush_atom) { self->state.flush(self); },
      [=](durable_atom) { self->state.acknowledge_durable(); },
      [=](sync_due_atom) { self->state.sync_if_due(self); },
  };
}

}  // namespace vireo::journal
