// The block producer's state and spawn function; see block_producer_actor.hpp.
// Runs detached: sealing writes a sync batch.
#pragma once

#include <deque>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include "actors/block_producer/block_producer_actor.hpp"
#include "actors/ledger/ledger_store.hpp"

namespace vireo::block_producer {

struct block_producer_state {
  /// The unsealed markers of one stream, in position order.
  struct stream_queue {
    explicit stream_queue(ledger::unsealed_stream of) : stream(of) {}
    const ledger::unsealed_stream stream;
    std::deque<ledger::unsealed_marker> markers;
    uint64_t loaded_through = 0;  ///< the highest position read from the ledger at start
  };

  ledger::ledger_store* store = nullptr;
  uint32_t interval_ms = 0;
  uint32_t max_transactions = 0;
  ledger::block last;  ///< height 0 with an empty hash before the first block
  stream_queue journal{ledger::unsealed_stream::journal};      ///< markers of submissions
  stream_queue committer{ledger::unsealed_stream::committer};  ///< markers of output transactions
  prometheus::Counter* blocks_sealed = nullptr;
  prometheus::Gauge* height = nullptr;

  /// Reads the markers already in the ledger (a previous run's, and any
  /// written since the writers started).
  void load();
  /// Keeps markers reported by a writer, skipping those load() already read.
  void add(std::vector<ledger::unsealed_marker>& markers);
  size_t waiting() const { return journal.markers.size() + committer.markers.size(); }
  /// Seals one block of up to max_transactions waiting transactions.
  void seal();
};

/// REQUIRES: `store` outlives the actor.
block_producer_actor::behavior_type block_producer(block_producer_actor::stateful_pointer<block_producer_state> self,
                                                   ledger::ledger_store* store, uint32_t interval_ms,
                                                   uint32_t max_transactions);

}  // namespace vireo::block_producer
