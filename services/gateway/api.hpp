// The HTTP API of a node: intake (submit transactions, read receipts and
// transactions), the contract registry, state, blocks, /healthz, /metrics.
// The full route list with request and response shapes is docs/api.md.
//
// Reads go straight to the ledger (RocksDB reads are thread-safe); writes go
// through the core's actors (router for submissions, registry for contracts)
// via the core bridge, so every write has one owner.
#pragma once

#include <memory>

#include <caf/all.hpp>

#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/router_actor.hpp"
#include "actors/ledger/ledger_store.hpp"
#include "actors/registry/registry_actor.hpp"
#include "services/gateway/http_server.hpp"
#include "services/gateway/receipt_waiters.hpp"

namespace vireo::gateway {

struct api_context {
  const ledger::ledger_store* store = nullptr;
  invoker::router_actor router;
  registry::registry_actor registry;
  dispatcher::dispatcher_actor dispatcher;
  std::vector<std::string> roles;
  caf::actor bridge;
  receipt_waiters* waiters = nullptr;
  http_server* server = nullptr;  ///< for long-poll timers; set once listening
  uint32_t max_wait_ms = 30000;
};

/// One route: a method and a path pattern whose `{name}` segments match any
/// one segment ("/v1/contracts/{name}/state/{key}").
struct route_spec {
  std::string method;
  std::string pattern;
};

/// Every route the API serves, in the order they are matched; docs/openapi.json
/// documents exactly these (tests/services/gateway checks both ways).
std::vector<route_spec> api_routes();

/// Serves one request. Thread-safe.
void handle_request(const api_context& context, http_request& request, responder respond);

}  // namespace vireo::gateway
