// One invocation on its way through the invoker: the journal entry that makes
// it durable, the transaction that triggered it and the contract it runs.
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/ledger/records.hpp"
#include "proto-msgs/bus/messages.hpp"
#include "support/metrics.hpp"

namespace vireo::invoker {

struct invocation {
  ledger::journal_entry entry;
  std::string trigger_type;         ///< the triggering transaction's type
  std::string transaction_json;     ///< the triggering transaction as stored, sent to the worker as it is
  std::shared_ptr<const ledger::contract_entry> contract;  ///< as registered when it was dispatched
  uint32_t exec_timeout_ms = 0;     ///< effective timeout
  uint32_t retries = 0;             ///< MVCC re-executions so far
  int64_t queued_ns = 0;            ///< steady clock when it entered the queue

  /// The commit request for `result` of an execution started at `started_ns`.
  committer::commit_request to_commit(bus::result result, int64_t started_ns) const;
};

/// The commit requests for the `results` of `batch` (one each, in order),
/// executed from `started_ns`.
committer::commit_batch to_commit(const std::vector<invocation>& batch, std::vector<bus::result> results,
                                  int64_t started_ns);

/// Whether `next` may ride in the same execute message as `head`: the same
/// contract revision and timeout, and not an http function (each of its calls
/// is a separate HTTP request, and it reads state through the API, which
/// shows only durable writes).
bool can_chain(const invocation& head, const invocation& next);

/// `ready` as execute batches of at most `batch_max` (>= 1): an invocation
/// joins the newest batch of its contract when it can chain with that batch's
/// first, else starts a batch. Batches come in the order of their first
/// invocations and keep `ready`'s order inside. Linear in `ready`, however
/// many contracts interleave in it.
std::vector<std::vector<invocation>> group_for_execution(std::vector<invocation> ready, size_t batch_max);

/// The execute message for `batch`: its first invocation, with the others
/// (later invocations of the same contract, can_chain) chained after it in
/// order, and `overlay` as the staged writes the first one sees.
/// REQUIRES: !batch.empty(); every invocation runs the same contract revision.
bus::execute make_execute(const std::vector<invocation>& batch, std::vector<bus::overlay_entry> overlay);

/// Each invocation's result out of the worker's answer to make_execute(batch),
/// in batch order. An invocation the answer has no result for (the dispatch
/// failed, the worker missed its deadline) fails with the answer's error.
std::vector<bus::result> split_results(const std::vector<invocation>& batch, bus::result answer);

/// The histogram of invocations per execute message of contracts run in
/// `mode` ("serial" | "parallel").
prometheus::Histogram& batch_sizes(const std::string& mode);

/// Runs `batch` on a worker through `dispatcher` with `overlay` as its staged
/// writes, records the queue and execute stages, and calls
/// `done(batch, results, started_ns)` with one result per invocation (a failed
/// one when the dispatcher could not be asked). `self` is the calling actor.
template <class Self, class Done>
void execute_on_worker(Self self, const dispatcher::dispatcher_actor& dispatcher, std::vector<invocation> batch,
                       std::vector<bus::overlay_entry> overlay, Done done) {
  static auto& queue_latency = stage_latency("queue");
  static auto& execute_latency = stage_latency("execute");
  auto started = steady_now_ns();
  for (auto& inv : batch)
    queue_latency.Observe((started - inv.queued_ns) / 1e9);
  batch_sizes(batch.front().contract->execution).Observe(static_cast<double>(batch.size()));
  auto execute = make_execute(batch, std::move(overlay));
  // Both handlers need the batch and only one runs: they share it instead of
  // each holding a copy of every invocation (payloads included).
  auto waiting = std::make_shared<std::vector<invocation>>(std::move(batch));
  self->request(dispatcher, caf::infinite, dispatcher::execute_request{std::move(execute)})
      .then(
          [=](bus::result& answer) mutable {
            execute_latency.Observe((steady_now_ns() - started) / 1e9);
            auto results = split_results(*waiting, std::move(answer));
            done(std::move(*waiting), std::move(results), started);
          },
          [=](caf::error& err) mutable {
            bus::result failed;
            failed.error = "dispatch failed: " + self->system().render(err);
            auto results = split_results(*waiting, std::move(failed));
            done(std::move(*waiting), std::move(results), started);
          });
}

/// An invocation to run (router -> contract actor).
struct run_invocation {
  invocation inv;
};

/// Parallel invocations to run, in journal order (router -> scheduler).
struct run_invocations {
  std::vector<invocation> invs;
};

/// Invocations have their receipts (contract actor / scheduler -> router).
struct invocation_done {
  std::string contract;
  bool serial = false;
  size_t count = 1;  ///< how many of its invocations have their receipts
};

}  // namespace vireo::invoker

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::run_invocation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::run_invocations)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::invocation_done)
