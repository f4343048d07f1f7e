#include "actors/block_producer/block_producer.hpp"

#include <algorithm>

#include "support/ids.hpp"
#include "support/hash.hpp"
#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::block_producer {

void block_producer_state::seal() {
  // Each stream's markers are written in position order, so a block takes a
  // prefix of each and the next seal seeks past it.
  auto markers = store->unsealed_after(ledger::unsealed_stream::journal, sealed_journal, max_transactions);
  auto from_committer =
      store->unsealed_after(ledger::unsealed_stream::committer, sealed_committer, max_transactions - markers.size());
  markers.insert(markers.end(), from_committer.begin(), from_committer.end());
  if (markers.empty()) {
    waiting = 0;
    return;
  }
  std::vector<std::string> ids;
  ids.reserve(markers.size());
  for (auto& marker : markers)
    ids.push_back(marker.tx_id);
  std::sort(ids.begin(), ids.end());
  ledger::block next;
  next.height = last.hash.empty() ? 1 : last.height + 1;
  next.previous_hash = last.hash;
  next.time_ms = unix_now_ms();
  next.merkle_root = merkle_root_hex(ids);
  next.transaction_ids = ids;
  next.hash = next.compute_hash();
  rocksdb::WriteBatch batch;
  store->put_block(batch, next);
  uint64_t journal_cursor = sealed_journal;
  uint64_t committer_cursor = sealed_committer;
  for (auto& marker : markers) {
    store->delete_unsealed(batch, marker);
    auto& cursor = marker.stream == ledger::unsealed_stream::journal ? journal_cursor : committer_cursor;
    cursor = std::max(cursor, marker.position);
  }
  store->write(batch, true);
  sealed_journal = journal_cursor;
  sealed_committer = committer_cursor;
  waiting = waiting > ids.size() ? waiting - ids.size() : 0;
  last = std::move(next);
  blocks_sealed->Increment();
  height->Set(static_cast<double>(last.height));
  logger("blocks")->debug("sealed height={} hash={} txs={}", last.height, last.hash, ids.size());
}

block_producer_actor::behavior_type block_producer(block_producer_actor::stateful_pointer<block_producer_state> self,
                                                   ledger::ledger_store* store, uint32_t interval_ms,
                                                   uint32_t max_transactions) {
  auto& st = self->state;
  st.store = store;
  st.interval_ms = interval_ms;
  st.max_transactions = max_transactions;
  if (auto latest = store->latest_block())
    st.last = *latest;
  st.waiting = store->unsealed_transactions(max_transactions).size();
  st.blocks_sealed = &prometheus::BuildCounter()
                          .Name("vireo_blocks_sealed_total")
                          .Help("Blocks sealed by this node")
                          .Register(metrics_registry())
                          .Add({});
  st.height = &prometheus::BuildGauge()
                   .Name("vireo_block_height")
                   .Help("Height of the latest sealed block")
                   .Register(metrics_registry())
                   .Add({});
  st.height->Set(static_cast<double>(st.last.height));
  self->delayed_send(self, std::chrono::milliseconds(interval_ms), seal_atom::value);
  return {
      [=](unsealed_added added) {
        auto& s = self->state;
        s.waiting += added.count;
        if (s.waiting >= s.max_transactions)
          s.seal();
      },
      [=](seal_atom) {
        auto& s = self->state;
        if (s.waiting > 0)
          s.seal();
        self->delayed_send(self, std::chrono::milliseconds(s.interval_ms), seal_atom::value);
      },
  };
}

}  // namespace vireo::block_producer
