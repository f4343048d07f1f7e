// The parallel scheduler: runs invocations of parallel contracts
// concurrently. Every invocation it receives goes to the dispatcher at once
// (the dispatcher bounds what is in flight by worker credits; the router
// bounds what is queued by invoker.max_backlog). A result goes to the
// committer with MVCC validation; a conflict re-executes the invocation, up
// to invoker.mvcc_max_retries times, after which the committer records it as
// `invalid` with the reason and the retry count.
// Supervisor: the router.
#pragma once

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/invocation.hpp"
#include "actors/invoker/router_actor.hpp"

namespace vireo::invoker {

/// run_invocation: execute it now (and re-execute on conflict).
using scheduler_actor = caf::typed_actor<caf::reacts_to<run_invocation>>;

struct scheduler_state {
  dispatcher::dispatcher_actor dispatcher;
  committer::committer_actor committer;
  router_actor router;
  uint32_t max_retries = 0;

  void execute(scheduler_actor::stateful_pointer<scheduler_state> self, invocation inv);
  void commit(scheduler_actor::stateful_pointer<scheduler_state> self, invocation inv, bus::result result,
              int64_t started_ns);
};

scheduler_actor::behavior_type scheduler(scheduler_actor::stateful_pointer<scheduler_state> self,
                                         dispatcher::dispatcher_actor dispatcher,
                                         committer::committer_actor committer, router_actor router,
                                         uint32_t max_retries);

}  // namespace vireo::invoker
