// A serial contract's actor: runs its invocations one at a time, in the
// order the router sends them (journal order).
//
// Batches: the invocations queued when the actor is free to execute go to
// the worker as one execute message (up to invoker.serial_batch_max, all of
// one contract revision); the worker runs them in order, each seeing the
// writes of the ones before it, so the bus round trip is paid once per batch
// rather than once per invocation. Http functions go one at a time
// (can_chain).
//
// Pipelined commit: when a batch's results are handed to the committer, the
// next batch starts at once; its worker sees their writes through the
// overlay (staged writes sent with the execute message) until the committer
// reports them durable. Nothing is acknowledged to anyone before that:
// receipts exist only in committed batches.
// Lifecycle: spawned by the router on the first invocation of the contract;
// tells the router when idle for invoker.serial_idle_ms, and the router stops
// it if nothing was sent to it meanwhile. Supervisor: the router. One idle
// check is pending at most, however often the actor falls idle: each timer
// wakes CAF's clock thread when it is armed.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/invocation.hpp"
#include "actors/invoker/router_actor.hpp"
#include "support/pending_timer.hpp"

namespace vireo::invoker {

using idle_check_atom = caf::atom_constant<caf::atom("idlecheck")>;

/// run_invocation: queue it; idle_check_atom: internal timer.
using contract_actor = caf::typed_actor<caf::reacts_to<run_invocation>, caf::reacts_to<idle_check_atom>>;

struct contract_actor_state {
  std::string name;
  dispatcher::dispatcher_actor dispatcher;
  committer::committer_actor committer;
  router_actor router;
  uint32_t idle_ms = 0;
  uint32_t batch_max = 1;
  std::deque<invocation> queue;
  bool executing = false;
  uint32_t commits_pending = 0;
  uint64_t received = 0;
  std::chrono::steady_clock::time_point last_active;  ///< the last message that gave or finished work
  pending_timer idle_check;  ///< sends idle_check_atom
  /// Staged writes by key, with the invocation that wrote them last.
  std::map<std::string, std::pair<bus::overlay_entry, std::string>> overlay;
  /// The keys each invocation staged, so that its commit drops only those.
  std::unordered_map<std::string, std::vector<std::string>> staged_keys;

  void start_next(contract_actor::stateful_pointer<contract_actor_state> self);
  /// Takes the next batch off the queue (at least one invocation).
  std::vector<invocation> next_batch();
  void executed(contract_actor::stateful_pointer<contract_actor_state> self, std::vector<invocation> batch,
                std::vector<bus::result> results, int64_t started_ns);
  /// The invocations of one commit_batch have their receipts.
  void committed(contract_actor::stateful_pointer<contract_actor_state> self,
                 const std::vector<std::string>& invocation_ids);
  void maybe_idle(contract_actor::stateful_pointer<contract_actor_state> self);
  /// Tells the router when idle since invoker.serial_idle_ms, else checks again when that may be so.
  void check_idle(contract_actor::stateful_pointer<contract_actor_state> self);

 private:
  bool idle() const { return !executing && queue.empty() && commits_pending == 0; }
};

contract_actor::behavior_type serial_contract(contract_actor::stateful_pointer<contract_actor_state> self,
                                              std::string name, dispatcher::dispatcher_actor dispatcher,
                                              committer::committer_actor committer, router_actor router,
                                              uint32_t idle_ms, uint32_t batch_max);

}  // namespace vireo::invoker
