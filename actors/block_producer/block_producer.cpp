#include "actors/block_producer/block_producer.hpp"

#include <algorithm>

#include "support/actor_system.hpp"
#include "support/cpu_yield.hpp"
#include "support/hash.hpp"
#include "support/ids.hpp"
#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::block_producer {

namespace {

/// How long a seal computes before it lets threads waiting for its CPU run:
/// a block of 5000 transactions takes milliseconds (sorting, 10,000 hashes,
/// its JSON), and the invocation path must not wait that long behind it.
constexpr auto seal_slice = std::chrono::microseconds(100);

}  // namespace

void block_producer_state::load() {
  for (auto* queue : {&journal, &committer}) {
    auto markers = store->unsealed_after(queue->stream, 0, SIZE_MAX);
    if (!markers.empty())
      queue->loaded_through = markers.back().position;
    queue->markers.assign(std::make_move_iterator(markers.begin()), std::make_move_iterator(markers.end()));
  }
}

void block_producer_state::add(std::vector<ledger::unsealed_marker>& markers) {
  for (auto& marker : markers) {
    auto& queue = marker.stream == journal.stream ? journal : committer;
    // A writer may have written (and reported) a batch before load() read
    // the ledger: load() has those already.
    if (marker.position > queue.loaded_through)
      queue.markers.push_back(std::move(marker));
  }
}

void block_producer_state::seal() {
  // Each stream's markers are written in position order, so a block takes a
  // prefix of each, and one range tombstone per stream removes them.
  std::vector<std::string> ids;
  ids.reserve(std::min<size_t>(waiting(), max_transactions));
  rocksdb::WriteBatch batch;
  std::vector<std::pair<stream_queue*, size_t>> taken;
  for (auto* queue : {&journal, &committer}) {
    auto count = std::min<size_t>(queue->markers.size(), max_transactions - ids.size());
    if (count == 0)
      continue;
    store->delete_unsealed(batch, queue->stream, queue->markers.front().position,
                           queue->markers[count - 1].position);
    for (size_t i = 0; i < count; ++i)
      ids.push_back(queue->markers[i].tx_id);
    taken.emplace_back(queue, count);
  }
  if (ids.empty())
    return;
  cpu_yield background{seal_slice};
  std::sort(ids.begin(), ids.end());
  background.checkpoint();
  ledger::block next;
  next.height = last.hash.empty() ? 1 : last.height + 1;
  next.previous_hash = last.hash;
  next.time_ms = unix_now_ms();
  next.merkle_root = merkle_root_hex(ids, [&] { background.checkpoint(); });
  next.transaction_ids = std::move(ids);
  next.hash = next.compute_hash();
  background.checkpoint();
  store->put_block(batch, next);
  background.checkpoint();
  store->write(batch, true);
  for (auto& [queue, count] : taken)
    queue->markers.erase(queue->markers.begin(), queue->markers.begin() + static_cast<std::ptrdiff_t>(count));
  last = std::move(next);
  blocks_sealed->Increment();
  height->Set(static_cast<double>(last.height));
  logger("blocks")->debug("sealed height={} hash={} txs={}", last.height, last.hash, last.transaction_ids.size());
}

block_producer_actor::behavior_type block_producer(block_producer_actor::stateful_pointer<block_producer_state> self,
                                                   ledger::ledger_store* store, uint32_t interval_ms,
                                                   uint32_t max_transactions) {
  name_detached_thread(self, "core-blocks");
  auto& st = self->state;
  st.store = store;
  st.interval_ms = interval_ms;
  st.max_transactions = max_transactions;
  if (auto latest = store->latest_block())
    st.last = *latest;
  st.load();
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
      [=](unsealed_added& added) {
        auto& s = self->state;
        s.add(added.markers);
        while (s.waiting() >= s.max_transactions)
          s.seal();
      },
      [=](seal_atom) {
        auto& s = self->state;
        if (s.waiting() > 0)
          s.seal();
        self->delayed_send(self, std::chrono::milliseconds(s.interval_ms), seal_atom::value);
      },
  };
}

}  // namespace vireo::block_producer
