// The block producer's state and spawn function; see block_producer_actor.hpp.
// Runs detached: sealing writes a sync batch.
#pragma once

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include "actors/block_producer/block_producer_actor.hpp"
#include "actors/ledger/ledger_store.hpp"

namespace vireo::block_producer {

struct block_producer_state {
  ledger::ledger_store* store = nullptr;
  uint32_t interval_ms = 0;
  uint32_t max_transactions = 0;
  uint64_t waiting = 0;
  ledger::block last;  ///< height 0 with an empty hash before the first block
  uint64_t sealed_journal = 0;    ///< every journal marker up to here is sealed
  uint64_t sealed_committer = 0;  ///< every committer marker up to here is sealed
  prometheus::Counter* blocks_sealed = nullptr;
  prometheus::Gauge* height = nullptr;

  /// Seals one block of up to max_transactions waiting transactions.
  void seal();
};

/// REQUIRES: `store` outlives the actor.
block_producer_actor::behavior_type block_producer(block_producer_actor::stateful_pointer<block_producer_state> self,
                                                   ledger::ledger_store* store, uint32_t interval_ms,
                                                   uint32_t max_transactions);

}  // namespace vireo::block_producer
