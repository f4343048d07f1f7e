// Executor actors: where the worker runs invocations.
//
// Each executor actor is detached (its own thread) because executors block
// (HTTP calls, VM pipes, chaincode streams); it owns one executor instance
// per contract kind, runs one invocation at a time, sends the result over
// the bus and answers its pool. The pool (event-based) hands each incoming
// execute to a free executor actor, FIFO; the core never sends more than the
// worker's credits (= number of executor actors), so the queue stays short.
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "proto-msgs/bus/messages.hpp"
#include "services/bus/worker_endpoint.hpp"
#include "services/worker/executor.hpp"

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

using done_atom = caf::atom_constant<caf::atom("done")>;

/// incoming_execute -> done_atom, once its result has been sent to the core.
using executor_actor = caf::typed_actor<caf::replies_to<incoming_execute>::with<done_atom>>;

/// incoming_execute: run it on a free executor actor.
using executor_pool_actor = caf::typed_actor<caf::reacts_to<incoming_execute>>;

struct executor_actor_state {
  bus::worker_endpoint* bus = nullptr;
  std::map<std::string, std::unique_ptr<executor>> executors;

  /// Runs one invocation to its result (never throws).
  bus::result run(const bus::execute& body);
};

executor_actor::behavior_type executor_actor_impl(executor_actor::stateful_pointer<executor_actor_state> self,
                                                  bus::worker_endpoint* bus, const executor_factories* factories);

struct executor_pool_state {
  std::vector<executor_actor> idle;
  std::deque<incoming_execute> waiting;

  void pump(executor_pool_actor::stateful_pointer<executor_pool_state> self);
};

executor_pool_actor::behavior_type executor_pool(executor_pool_actor::stateful_pointer<executor_pool_state> self,
                                                 std::vector<executor_actor> executors);

}  // namespace vireo::worker

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::worker::incoming_execute)
