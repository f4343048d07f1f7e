// The worker role: its own CAF actor system, a pool of executor actors and
// the bus connection to the core. Stateless apart from executor caches.
#pragma once

#include <memory>
#include <string>

#include <caf/all.hpp>

#include "services/bus/worker_endpoint.hpp"
#include "services/worker/executor_actor.hpp"
#include "support/config.hpp"

namespace vireo::worker {

/// The executors every worker has: http and system.
executor_factories builtin_executors(const node_config& config);

class worker_role {
 public:
  /// Connects to the core at config.worker_bus_endpoint and announces
  /// config.worker_executors credits.
  worker_role(const node_config& config, executor_factories factories);
  /// Says goodbye to the core and stops every executor after its current invocation.
  ~worker_role();

  bus::worker_endpoint& bus() { return *bus_; }

 private:
  executor_factories factories_;
  caf::actor_system_config caf_config_;
  std::unique_ptr<caf::actor_system> system_;
  std::unique_ptr<bus::worker_endpoint> bus_;
  std::vector<executor_actor> executors_;
  executor_pool_actor pool_;
};

}  // namespace vireo::worker
