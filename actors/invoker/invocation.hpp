// One invocation on its way through the invoker: the journal entry that makes
// it durable, the transaction that triggered it and the contract it runs.
#pragma once

#include <caf/all.hpp>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/ledger/records.hpp"
#include "proto-msgs/bus/messages.hpp"
#include "support/metrics.hpp"

namespace vireo::invoker {

struct invocation {
  ledger::journal_entry entry;
  ledger::transaction tx;
  ledger::contract_entry contract;  ///< as registered when it was dispatched
  uint32_t exec_timeout_ms = 0;     ///< effective timeout
  uint32_t retries = 0;             ///< MVCC re-executions so far
  int64_t queued_ns = 0;            ///< steady clock when it entered the queue

  /// The execute message for a worker, with `overlay` as staged writes.
  bus::execute to_execute(std::vector<bus::overlay_entry> overlay) const;

  /// The commit request for `result` of an execution started at `started_ns`.
  committer::commit_request to_commit(bus::result result, int64_t started_ns) const;
};

/// Runs `inv` on a worker through `dispatcher` with `overlay` as its staged
/// writes, records the queue and execute stages, and calls
/// `done(inv, result, started_ns)` with the worker's result, or with a failed
/// result when the dispatcher could not be asked. `self` is the calling actor.
template <class Self, class Done>
void execute_on_worker(Self self, const dispatcher::dispatcher_actor& dispatcher, invocation inv,
                       std::vector<bus::overlay_entry> overlay, Done done) {
  static auto& queue_latency = stage_latency("queue");
  static auto& execute_latency = stage_latency("execute");
  auto started = steady_now_ns();
  queue_latency.Observe((started - inv.queued_ns) / 1e9);
  auto execute = inv.to_execute(std::move(overlay));
  self->request(dispatcher, caf::infinite, dispatcher::execute_request{std::move(execute)})
      .then(
          [=](bus::result& result) mutable {
            execute_latency.Observe((steady_now_ns() - started) / 1e9);
            done(std::move(inv), std::move(result), started);
          },
          [=](caf::error& err) mutable {
            bus::result failed;
            failed.invocation_id = inv.entry.invocation_id;
            failed.error = "dispatch failed: " + self->system().render(err);
            done(std::move(inv), std::move(failed), started);
          });
}

/// An invocation to run (router -> contract actor / scheduler).
struct run_invocation {
  invocation inv;
};

/// An invocation has its receipt (contract actor / scheduler -> router).
struct invocation_done {
  std::string contract;
  bool serial = false;
};

}  // namespace vireo::invoker

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::run_invocation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::invocation_done)
