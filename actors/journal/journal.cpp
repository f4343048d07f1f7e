#include "actors/journal/journal.hpp"

#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::journal {

void journal_state::flush(journal_actor::stateful_pointer<journal_state> self) {
  bool more = false;
  auto batch_items = queue.take(max_batch, more);
  if (more)
    self->send(self, flush_atom::value);
  if (batch_items.empty())
    return;

  rocksdb::WriteBatch batch;
  std::vector<append_ack> acks(batch_items.size());
  block_producer::unsealed_added added;
  added.markers.reserve(batch_items.size());
  uint64_t sequence = last_sequence;
  uint64_t unsealed = last_unsealed;
  for (size_t i = 0; i < batch_items.size(); ++i) {
    auto& request = batch_items[i].request;
    store->put_transaction(batch, request.tx);
    added.markers.push_back({ledger::unsealed_stream::journal, ++unsealed, request.tx.id});
    store->put_unsealed(batch, added.markers.back());
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
    store->write(batch, true);
  } catch (const ledger::storage_error& e) {
    // Nothing of this batch is durable: every submitter hears so, and the
    // sequence numbers stay unused.
    probe.batch_failed();
    logger("journal")->error("journal batch of {} failed: {}", batch_items.size(), e.what());
    for (auto& item : batch_items)
      item.promise.deliver(append_ack{false, e.what(), {}, {}});
    return;
  }
  auto now = steady_now_ns();
  last_sequence = sequence;
  last_unsealed = unsealed;
  probe.batch_synced(batch_items.size(), (now - started) / 1e9);
  for (size_t i = 0; i < batch_items.size(); ++i) {
    probe.append_latency((now - batch_items[i].queued_ns) / 1e9);
    acks[i].durable = true;
    acks[i].tx = std::move(batch_items[i].request.tx);
    batch_items[i].promise.deliver(std::move(acks[i]));
  }
  self->send(blocks, std::move(added));
}

journal_actor::behavior_type journal(journal_actor::stateful_pointer<journal_state> self,
                                     ledger::ledger_store* store,
                                     block_producer::block_producer_actor blocks, uint32_t max_batch) {
  auto& st = self->state;
  st.store = store;
  st.blocks = std::move(blocks);
  st.max_batch = max_batch;
  st.last_sequence = store->last_journal_sequence();
  st.last_unsealed = store->meta_u64("journal_unsealed");
  return {
      [=](append_request& request) -> caf::result<append_ack> {
        auto& s = self->state;
        auto promise = self->make_response_promise<append_ack>();
        if (s.queue.push({std::move(request), promise, steady_now_ns()}))
          self->send(self, flush_atom::value);
        return promise;
      },
      [=](flush_atom) { self->state.flush(self); },
  };
}

}  // namespace vireo::journal
