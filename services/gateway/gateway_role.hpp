// The gateway role: the HTTP API on its own I/O threads, and a bridge actor
// into the core's actors. The bridge lives in the core's actor system: a
// message from another system would run its receiver on the sender's
// scheduler (support/actor_system.hpp).
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "services/gateway/api.hpp"
#include "services/gateway/http_server.hpp"
#include "support/config.hpp"

namespace vireo::gateway {

class gateway_role {
 public:
  /// Starts listening on config.http_listen. REQUIRES: `core_system` (the
  /// system of router, registry and dispatcher), `store` and `waiters`
  /// outlive the role. Throws std::exception when the address cannot be bound.
  gateway_role(const node_config& config, caf::actor_system& core_system, const ledger::ledger_store& store,
               invoker::router_actor router,
               registry::registry_actor registry, dispatcher::dispatcher_actor dispatcher,
               receipt_waiters& waiters);
  ~gateway_role();

  uint16_t port() const { return server_->port(); }

  /// Stops accepting requests (first step of a clean shutdown).
  void stop();

 private:
  caf::actor_system& core_system_;
  api_context context_;
  std::unique_ptr<http_server> server_;
};

}  // namespace vireo::gateway
