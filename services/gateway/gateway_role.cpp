#include "services/gateway/gateway_role.hpp"

#include "services/gateway/core_bridge.hpp"

namespace vireo::gateway {

gateway_role::gateway_role(const node_config& config, caf::actor_system& core_system,
                           const ledger::ledger_store& store, invoker::router_actor router,
                           registry::registry_actor registry, dispatcher::dispatcher_actor dispatcher,
                           receipt_waiters& waiters)
    : core_system_(core_system) {
  context_.store = &store;
  context_.router = std::move(router);
  context_.registry = std::move(registry);
  context_.dispatcher = std::move(dispatcher);
  context_.roles = config.roles;
  context_.bridge = core_system_.spawn<core_bridge>();
  context_.waiters = &waiters;
  auto [host, port] = split_host_port(config.http_listen);
  server_ = std::make_unique<http_server>(host, port, 2, config.http_max_body_bytes,
                                          [this](http_request& request, responder respond) {
                                            handle_request(context_, request, std::move(respond));
                                          });
  context_.server = server_.get();
}

gateway_role::~gateway_role() {
  stop();
  // The core outlives the gateway and may still publish receipts.
  context_.waiters->close();
  caf::scoped_actor self{core_system_};
  self->send_exit(context_.bridge, caf::exit_reason::user_shutdown);
  self->wait_for(context_.bridge);
}

void gateway_role::stop() {
  server_->stop();
}

}  // namespace vireo::gateway
