#include "services/gateway/api_errors.hpp"
#include "services/gateway/api_routes.hpp"
#include "services/gateway/core_bridge.hpp"

namespace vireo::gateway {

using nlohmann::json;

namespace {

constexpr auto status_timeout = std::chrono::seconds(5);
constexpr size_t max_blocks_page = 100;

bool is_block_hash(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

void get_block(const api_context& ctx, const std::string& which, http_request& req, responder respond) {
  std::optional<ledger::block> found;
  if (which == "latest") {
    found = ctx.store->latest_block();
  } else if (is_block_hash(which)) {
    found = ctx.store->get_block_by_hash(which);
  } else {
    char* end = nullptr;
    auto height = std::strtoull(which.c_str(), &end, 10);
    if (which.empty() || *end != '\0')
      return respond(error_response(400, "invalid_parameter", "a block is named by its height, its hash or 'latest'",
                                    req.request_id));
    found = ctx.store->get_block(height);
  }
  if (!found)
    return respond(error_response(404, "not_found", "no block " + which, req.request_id));
  respond(json_response(200, found->to_json()));
}

void list_blocks(const api_context& ctx, http_request& req, responder respond) {
  auto from = query_number(req, "from_height", 1);
  auto limit = std::min<uint64_t>(query_number(req, "limit", 20), max_blocks_page);
  json blocks = json::array();
  for (auto& b : ctx.store->list_blocks(from, limit))
    blocks.push_back(b.to_json());
  respond(json_response(200, json{{"blocks", blocks}}));
}

void get_readiness(const api_context& ctx, http_request& req, responder respond) {
  // Ready = the ledger answers a read and the core's router answers a message.
  try {
    (void)ctx.store->latest_block();
  } catch (const std::exception& e) {
    return respond(error_response(503, "not_ready", std::string("ledger unavailable: ") + e.what(), req.request_id));
  }
  auto router = ctx.router;
  auto request_id = req.request_id;
  caf::anon_send(ctx.bridge, bridge_call{[=](caf::event_based_actor* self) {
    self->request(router, status_timeout, invoker::backlog_atom::value)
        .then([=](uint64_t) { respond(json_response(200, {{"status", "ready"}})); },
              [=](caf::error&) { respond(error_response(503, "not_ready", "the core is not answering", request_id)); });
  }});
}

void get_status(const api_context& ctx, http_request& req, responder respond) {
  auto router = ctx.router;
  auto dispatcher = ctx.dispatcher;
  auto store = ctx.store;
  auto roles = ctx.roles;
  auto request_id = req.request_id;
  caf::anon_send(ctx.bridge, bridge_call{[=](caf::event_based_actor* self) {
    self->request(router, status_timeout, invoker::backlog_atom::value)
        .then(
            [=](uint64_t backlog) {
              self->request(dispatcher, status_timeout, dispatcher::status_atom::value)
                  .then(
                      [=](dispatcher::dispatcher_status& status) {
                        json workers = json::array();
                        for (auto& w : status.workers)
                          workers.push_back({{"id", w.id}, {"credits", w.credits}, {"in_flight", w.in_flight}});
                        auto latest = store->latest_block();
                        respond(json_response(200, json{{"version", VIREO_VERSION},
                                                         {"roles", roles},
                                                         {"block_height", latest ? latest->height : 0},
                                                         {"journal_backlog", backlog},
                                                         {"dispatch_queue_depth", status.queue_depth},
                                                         {"executions_in_flight", status.in_flight},
                                                         {"workers", workers}}));
                      },
                      [=](caf::error&) {
                        respond(error_response(503, "core_unavailable", "the dispatcher did not answer", request_id));
                      });
            },
            [=](caf::error&) {
              respond(error_response(503, "core_unavailable", "the router did not answer", request_id));
            });
  }});
}

}  // namespace vireo::gateway
