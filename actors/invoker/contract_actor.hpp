// A serial contract's actor: runs its invocations one at a time, in the
// order the router sends them (journal order).
//
// Pipelined commit: when invocation n's result is handed to the committer,
// invocation n+1 starts at once; its worker sees n's writes through the
// overlay (staged writes sent with the execute message) until the committer
// reports n durable. Nothing is acknowledged to anyone before that: receipts
// exist only in committed batches.
// Lifecycle: spawned by the router on the first invocation of the contract;
// tells the router when idle for invoker.serial_idle_ms, and the router stops
// it if nothing was sent to it meanwhile. Supervisor: the router.
#pragma once

#include <deque>
#include <map>
#include <string>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/invocation.hpp"
#include "actors/invoker/router_actor.hpp"

namespace vireo::invoker {

using idle_check_atom = caf::atom_constant<caf::atom("idlecheck")>;

/// run_invocation: queue it; idle_check_atom: internal timer.
using contract_actor = caf::typed_actor<caf::reacts_to<run_invocation>, caf::reacts_to<idle_check_atom, uint64_t>>;

struct contract_actor_state {
  std::string name;
  dispatcher::dispatcher_actor dispatcher;
  committer::committer_actor committer;
  router_actor router;
  uint32_t idle_ms = 0;
  std::deque<invocation> queue;
  bool executing = false;
  uint32_t commits_pending = 0;
  uint64_t received = 0;
  uint64_t activity = 0;  ///< bumped on every message; an idle check must see it unchanged
  /// Staged writes by key, with the invocation that wrote them last.
  std::map<std::string, std::pair<bus::overlay_entry, std::string>> overlay;

  void start_next(contract_actor::stateful_pointer<contract_actor_state> self);
  void executed(contract_actor::stateful_pointer<contract_actor_state> self, invocation inv, bus::result result,
                int64_t started_ns);
  void committed(contract_actor::stateful_pointer<contract_actor_state> self, const std::string& invocation_id);
  void maybe_idle(contract_actor::stateful_pointer<contract_actor_state> self);
};

contract_actor::behavior_type serial_contract(contract_actor::stateful_pointer<contract_actor_state> self,
                                              std::string name, dispatcher::dispatcher_actor dispatcher,
                                              committer::committer_actor committer, router_actor router,
                                              uint32_t idle_ms);

}  // namespace vireo::invoker
