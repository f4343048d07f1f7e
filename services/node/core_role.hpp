// The core role: owns the ledger and runs the invoker, in its own CAF actor
// system: block producer, journal, committer, dispatcher (with the bus
// endpoint workers connect to), router (with its contract actors and the
// parallel scheduler) and the registry.
//
// Lifecycle: the constructor opens the ledger, recovers (the router
// re-dispatches every journaled invocation) and binds the bus. drain() waits
// for in-flight invocations; the destructor stops every actor and closes
// RocksDB. Whatever was not drained stays journaled and is replayed at the
// next start.
#pragma once

#include <chrono>
#include <memory>

#include <caf/all.hpp>

#include "actors/block_producer/block_producer_actor.hpp"
#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/router_actor.hpp"
#include "actors/journal/journal_actor.hpp"
#include "actors/ledger/ledger_store.hpp"
#include "actors/registry/registry_actor.hpp"
#include "services/bus/core_endpoint.hpp"
#include "support/config.hpp"

namespace vireo::node {

class core_role {
 public:
  /// Throws ledger::storage_error when the ledger cannot be opened, zmq::error_t
  /// when the bus endpoint cannot be bound.
  core_role(const node_config& config, committer::receipt_listener listener);
  ~core_role();

  ledger::ledger_store& store() { return *store_; }
  /// The system of the core's actors: whatever sends to them from an actor
  /// (a scoped one included) belongs in it (support/actor_system.hpp).
  caf::actor_system& system() { return *system_; }
  invoker::router_actor router() const { return router_; }
  registry::registry_actor registry() const { return registry_; }
  dispatcher::dispatcher_actor dispatcher() const { return dispatcher_; }

  /// Waits until nothing is in flight or `timeout` passes; returns what is left.
  uint64_t drain(std::chrono::milliseconds timeout);

 private:
  caf::actor_system_config caf_config_;
  std::unique_ptr<caf::actor_system> system_;
  std::unique_ptr<ledger::ledger_store> store_;
  std::unique_ptr<bus::core_endpoint> bus_;
  block_producer::block_producer_actor blocks_;
  journal::journal_actor journal_;
  committer::committer_actor committer_;
  dispatcher::dispatcher_actor dispatcher_;
  invoker::router_actor router_;
  registry::registry_actor registry_;
};

}  // namespace vireo::node
