// Executor actors: where the worker runs invocations.
//
// Each executor actor is detached (its own thread) because executors block
// (HTTP calls, VM pipes, chaincode streams); it owns one executor instance
// per contract kind, runs one job at a time (see execute_job.hpp), sends the
// message's result over the bus when it completes one and answers its pool.
// The pool (event-based) hands each incoming execute to a free executor
// actor, FIFO; the core never sends more messages than the worker's credits
// (= number of executor actors), so each gets an executor at once, or after
// one invocation of a job that borrowed the executor. The pool lends idle
// executors to a parallel job that runs longer than help_after. One timer
// serves every running job: each timer wakes CAF's clock thread when it is
// armed and again with the pool when it fires, which cost more than the short
// jobs it was armed for (docs/benchmarks.md).
#pragma once

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "proto-msgs/bus/messages.hpp"
#include "services/bus/worker_endpoint.hpp"
#include "services/worker/execute_job.hpp"
#include "services/worker/executor.hpp"
#include "support/metrics.hpp"
#include "support/pending_timer.hpp"

namespace vireo::worker {

/// Makes one executor instance of a kind (one per executor actor); `bus`
/// reaches the core (e.g. to load WASM code by hash).
using executor_factory = std::function<std::unique_ptr<executor>(bus::worker_endpoint& bus)>;
using executor_factories = std::map<std::string, executor_factory>;

/// An execute that arrived from the core.
struct incoming_execute {
  uint64_t correlation_id = 0;
  bus::execute body;
};

/// Work for an executor: run the job to its end, or, as a helper lent by
/// the pool, run one more of its invocations.
struct job_assignment {
  std::shared_ptr<execute_job> job;
  bool helper = false;
};

using done_atom = caf::atom_constant<caf::atom("done")>;
/// Internal to the pool: see whether running jobs could use idle executors.
using help_due_atom = caf::atom_constant<caf::atom("helpdue")>;

/// job_assignment -> done_atom, once the executor is free again.
using executor_actor = caf::typed_actor<caf::replies_to<job_assignment>::with<done_atom>>;

/// incoming_execute: run it on a free executor actor.
using executor_pool_actor = caf::typed_actor<caf::reacts_to<incoming_execute>, caf::reacts_to<help_due_atom>>;

struct executor_actor_state {
  bus::worker_endpoint* bus = nullptr;
  std::map<std::string, std::unique_ptr<executor>> executors;
  counters_by_labels executions;  ///< by contract kind, mode, outcome
  std::shared_ptr<spdlog::logger> log;

  /// Runs the invocation and its chained ones in order, each seeing the
  /// writes of the ok ones before it, to their results (never throws).
  /// REQUIRES: `body` is not shareable (execute_job): a parallel contract's
  /// chained invocations are claimed one by one in perform().
  bus::result run(const bus::execute& body);
  /// Runs one invocation of `body`'s contract against `overlay` (never throws).
  bus::result run_one(const bus::execute& body, const std::string& invocation_id,
                      const std::string& transaction_json, const std::vector<bus::overlay_entry>& overlay);
  /// Does what `work` asks; sends the message's result if it completed it.
  void perform(const job_assignment& work);
};

executor_actor::behavior_type executor_actor_impl(executor_actor::stateful_pointer<executor_actor_state> self,
                                                  bus::worker_endpoint* bus, const executor_factories* factories);

struct executor_pool_state {
  using clock_type = std::chrono::steady_clock;

  std::vector<executor_actor> idle;
  std::deque<std::shared_ptr<execute_job>> waiting;
  std::chrono::milliseconds help_after{1};
  /// Shareable jobs started and not lent executors yet, oldest first, with
  /// when they started.
  std::deque<std::pair<std::shared_ptr<execute_job>, clock_type::time_point>> unhelped;
  pending_timer help_check;  ///< sends help_due_atom

  void pump(executor_pool_actor::stateful_pointer<executor_pool_state> self);
  /// Lends idle executors to the jobs that have run help_after and still have
  /// untaken invocations; arms one check for the next job that may need it.
  void check_for_help(executor_pool_actor::stateful_pointer<executor_pool_state> self);
  void assign(executor_pool_actor::stateful_pointer<executor_pool_state> self, job_assignment work);
  /// Lends idle executors to `job` while it has untaken invocations and no
  /// other job waits.
  void lend(executor_pool_actor::stateful_pointer<executor_pool_state> self, const std::shared_ptr<execute_job>& job);
};

executor_pool_actor::behavior_type executor_pool(executor_pool_actor::stateful_pointer<executor_pool_state> self,
                                                 std::vector<executor_actor> executors,
                                                 std::chrono::milliseconds help_after);

}  // namespace vireo::worker

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::worker::incoming_execute)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::worker::job_assignment)
