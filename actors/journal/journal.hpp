// The journal actor's state and spawn function; see journal_actor.hpp.
//
// Runs detached (its own thread): every write, and a sync of its own when no
// other writer's came, blocks on RocksDB, which must not stall the CAF
// scheduler's threads.
#pragma once

#include <chrono>
#include <deque>
#include <vector>

#include "actors/block_producer/block_producer_actor.hpp"
#include "actors/journal/journal_actor.hpp"
#include "actors/journal/journal_probe.hpp"
#include "actors/ledger/group_commit_queue.hpp"
#include "actors/ledger/ledger_store.hpp"
#include "support/pending_timer.hpp"

namespace vireo::journal {

/// journal.max_batch and journal.sync_linger_us (support/config.hpp).
struct journal_settings {
  uint32_t max_batch = 0;
  /// How long a written batch waits for another writer's sync before the
  /// journal syncs the WAL itself.
  std::chrono::microseconds sync_linger{};
};

struct journal_state {
  ledger::ledger_store* store = nullptr;
  block_producer::block_producer_actor blocks;
  journal_settings settings;
  uint64_t last_sequence = 0;
  uint64_t last_unsealed = 0;  ///< position of the journal's last unsealed marker
  struct pending_append {
    append_request request;
    caf::typed_response_promise<append_ack> promise;
    int64_t queued_ns = 0;
  };
  ledger::group_commit_queue<pending_append> queue;

  /// A written batch whose acks wait for a sync that covers `sequence`.
  struct unsynced_batch {
    uint64_t sequence = 0;  ///< the ledger's latest write when the batch was written
    int64_t written_ns = 0;
    std::vector<pending_append> appends;
    std::vector<append_ack> acks;
  };
  std::deque<unsynced_batch> unsynced;  ///< oldest first
  pending_timer sync_check;  ///< sends sync_due_atom
  journal_probe probe;

  /// Writes the next batch and starts its invocations.
  void flush(journal_actor::stateful_pointer<journal_state> self);
  /// Acknowledges every batch a sync has covered.
  void acknowledge_durable();
  /// Syncs the WAL when the oldest batch has waited out the linger.
  void sync_if_due(journal_actor::stateful_pointer<journal_state> self);
};

/// REQUIRES: `store` outlives the actor; one journal per store (it owns the
/// store's durability listener).
journal_actor::behavior_type journal(journal_actor::stateful_pointer<journal_state> self,
                                     ledger::ledger_store* store,
                                     block_producer::block_producer_actor blocks, journal_settings settings);

}  // namespace vireo::journal
