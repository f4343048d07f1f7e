// The journal actor's state and spawn function; see journal_actor.hpp.
//
// Runs detached (its own thread): every flush blocks in fsync, which must not
// stall the CAF scheduler's threads.
#pragma once

#include <vector>

#include "actors/block_producer/block_producer_actor.hpp"
#include "actors/journal/journal_actor.hpp"
#include "actors/journal/journal_probe.hpp"
#include "actors/ledger/group_commit_queue.hpp"
#include "actors/ledger/ledger_store.hpp"

namespace vireo::journal {

struct journal_state {
  ledger::ledger_store* store = nullptr;
  block_producer::block_producer_actor blocks;
  uint32_t max_batch = 0;
  uint64_t last_sequence = 0;
  uint64_t last_unsealed = 0;  ///< position of the journal's last unsealed marker
  struct pending_append {
    append_request request;
    caf::typed_response_promise<append_ack> promise;
    int64_t queued_ns = 0;
  };
  ledger::group_commit_queue<pending_append> queue;
  journal_probe probe;

  void flush(journal_actor::stateful_pointer<journal_state> self);
};

/// REQUIRES: `store` outlives the actor.
journal_actor::behavior_type journal(journal_actor::stateful_pointer<journal_state> self,
                                     ledger::ledger_store* store,
                                     block_producer::block_producer_actor blocks, uint32_t max_batch);

}  // namespace vireo::journal
