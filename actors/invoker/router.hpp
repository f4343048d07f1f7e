// The router's state and spawn function; see router_actor.hpp.
// Event-based: it never blocks (the journal and committer do the I/O); it
// reads the ledger only once, at start, to recover.
#pragma once

#include <map>
#include <unordered_map>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/contract_actor.hpp"
#include "actors/invoker/router_actor.hpp"
#include "actors/invoker/scheduler_actor.hpp"
#include "actors/journal/journal_actor.hpp"
#include "actors/ledger/ledger_store.hpp"
#include "support/metrics.hpp"

namespace vireo::invoker {

struct router_settings {
  uint32_t max_backlog = 100000;
  uint32_t max_pending_per_contract = 10000;
  uint32_t serial_idle_ms = 30000;
  uint32_t serial_batch_max = 64;
  uint32_t parallel_batch_max = 16;
  uint32_t default_exec_timeout_ms = 10000;
  uint32_t mvcc_max_retries = 5;
};

struct router_state {
  router_settings settings;
  journal::journal_actor journal;
  committer::committer_actor committer;
  dispatcher::dispatcher_actor dispatcher;
  scheduler_actor parallel;
  /// Shared with the invocations dispatched under each (an entry is replaced, never changed).
  std::map<std::string, std::shared_ptr<const ledger::contract_entry>> contracts;
  std::unordered_map<std::string, std::string> contract_by_type;
  struct serial_slot {
    contract_actor actor;
    uint64_t sent = 0;
    uint32_t pending = 0;  ///< admitted and not yet done
  };
  std::unordered_map<std::string, serial_slot> serial;
  uint64_t backlog = 0;
  std::vector<invocation> parallel_ready;  ///< dispatched, not yet handed to the scheduler
  size_t serial_actors = 0;  ///< serial slots with a running contract actor
  prometheus::Gauge* backlog_gauge = nullptr;
  prometheus::Gauge* serial_actors_gauge = nullptr;
  counters_by_labels submissions;  ///< by outcome, kind, mode

  void apply(const contract_changed& change);
  /// Hands a journaled invocation to its contract actor, or queues it for
  /// the scheduler (see hand_over_parallel). `transaction_json` is the
  /// triggering transaction as stored.
  void dispatch(router_actor::stateful_pointer<router_state> self, const ledger::journal_entry& entry,
                std::string trigger_type, std::string transaction_json);
  /// Sends the parallel invocations dispatched since the last call to the
  /// scheduler in one message.
  void hand_over_parallel(router_actor::stateful_pointer<router_state> self);
  void recover(router_actor::stateful_pointer<router_state> self, const ledger::ledger_store& store);
  submit_reply admit(const ledger::transaction& tx);
  void count(const char* outcome, const std::string& kind, const std::string& mode);
};

/// REQUIRES: `store` outlives the call (read once, at start).
router_actor::behavior_type router(router_actor::stateful_pointer<router_state> self,
                                   const ledger::ledger_store* store, journal::journal_actor journal,
                                   committer::committer_actor committer, dispatcher::dispatcher_actor dispatcher,
                                   router_settings settings);

}  // namespace vireo::invoker
