// The parallel scheduler: runs invocations of parallel contracts
// concurrently. The invocations it receives go to the dispatcher at once
// (the dispatcher bounds what is in flight by worker credits; the router
// bounds what is queued by invoker.max_backlog): those of one contract that
// the router sent together (journaled together) leave as one execute message
// of up to invoker.parallel_batch_max (can_chain), so under load the bus and
// the worker are crossed once per batch. Each of a batch's invocations reads
// committed state only; the worker runs them in turn and lends idle
// executors to a batch that runs long (execute_job.hpp). A batch's results go
// to the committer together (one commit_batch), with MVCC validation; a
// conflict re-executes the invocation, up to invoker.mvcc_max_retries times,
// after which the committer records it as `invalid` with the reason and the
// retry count.
// Supervisor: the router.
#pragma once

#include <vector>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/invocation.hpp"
#include "actors/invoker/router_actor.hpp"

namespace vireo::invoker {

/// run_invocations: execute them (and re-execute each on conflict).
using scheduler_actor = caf::typed_actor<caf::reacts_to<run_invocations>>;

struct scheduler_state {
  dispatcher::dispatcher_actor dispatcher;
  committer::committer_actor committer;
  router_actor router;
  uint32_t max_retries = 0;
  uint32_t batch_max = 1;

  /// Sends `invs` to the workers in batches of one contract (group_for_execution).
  void execute(scheduler_actor::stateful_pointer<scheduler_state> self, std::vector<invocation> invs);
  /// Commits the `results` of `batch` as one commit_batch; re-executes those that conflict.
  void commit(scheduler_actor::stateful_pointer<scheduler_state> self, std::vector<invocation> batch,
              std::vector<bus::result> results, int64_t started_ns);
};

scheduler_actor::behavior_type scheduler(scheduler_actor::stateful_pointer<scheduler_state> self,
                                         dispatcher::dispatcher_actor dispatcher,
                                         committer::committer_actor committer, router_actor router,
                                         uint32_t max_retries, uint32_t batch_max);

}  // namespace vireo::invoker
