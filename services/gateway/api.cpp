#include "services/gateway/api.hpp"

#include "services/gateway/api_errors.hpp"
#include "services/gateway/api_routes.hpp"
#include "support/metrics.hpp"

namespace vireo::gateway {

namespace {

path_parts split_path(const std::string& path) {
  path_parts parts;
  size_t start = 1;
  while (start <= path.size()) {
    auto slash = path.find('/', start);
    parts.push_back(path.substr(start, slash == std::string::npos ? std::string::npos : slash - start));
    if (slash == std::string::npos)
      break;
    start = slash + 1;
  }
  if (!parts.empty() && parts.back().empty())
    parts.pop_back();
  return parts;
}

bool route(const api_context& ctx, http_request& req, responder& respond) {
  auto p = split_path(req.path);
  auto& m = req.method;
  auto n = p.size();
  if (n == 1 && p[0] == "healthz" && m == "GET") {
    respond(json_response(200, R"({"status":"up"})"));
    return true;
  }
  if (n == 1 && p[0] == "readyz" && m == "GET")
    return get_readiness(ctx, req, respond), true;
  if (n == 1 && p[0] == "metrics" && m == "GET") {
    respond({200, render_metrics(), "text/plain; version=0.0.4"});
    return true;
  }
  if (n < 2 || p[0] != "v1")
    return false;
  const auto& collection = p[1];
  if (collection == "status" && n == 2 && m == "GET")
    return get_status(ctx, req, respond), true;
  if (collection == "transactions") {
    if (n == 2 && m == "POST")
      return submit_transaction(ctx, req, respond), true;
    if (n == 2 && m == "GET")
      return list_transactions(ctx, req, respond), true;
    if (n == 3 && m == "POST" && p[2] == "batch")
      return submit_batch(ctx, req, respond), true;
    if (n == 3 && m == "GET")
      return get_transaction(ctx, p[2], req, respond), true;
  } else if (collection == "receipts") {
    if (n == 3 && m == "GET")
      return get_receipt(ctx, p[2], req, respond), true;
  } else if (collection == "contracts") {
    if (n == 2 && m == "POST")
      return deploy_contract(ctx, req, respond, false, ""), true;
    if (n == 2 && m == "GET")
      return list_contracts(ctx, req, respond), true;
    if (n == 3 && m == "GET")
      return get_contract(ctx, p[2], req, respond), true;
    if (n == 3 && m == "PUT")
      return deploy_contract(ctx, req, respond, true, p[2]), true;
    if (n == 3 && m == "DELETE")
      return delete_contract(ctx, p[2], req, respond), true;
    if (n == 4 && m == "POST" && (p[3] == "activate" || p[3] == "deactivate"))
      return set_contract_state(ctx, p[2], p[3] == "activate", req, respond), true;
    if (n == 4 && m == "GET" && p[3] == "state")
      return list_state(ctx, p[2], req, respond), true;
    if (n == 5 && m == "GET" && p[3] == "state")
      return get_state(ctx, p[2], p[4], req, respond), true;
    if (n == 6 && m == "GET" && p[3] == "state" && p[5] == "history")
      return get_history(ctx, p[2], p[4], req, respond), true;
  } else if (collection == "blocks") {
    if (n == 2 && m == "GET")
      return list_blocks(ctx, req, respond), true;
    if (n == 3 && m == "GET")
      return get_block(ctx, p[2], req, respond), true;
  }
  return false;
}

}  // namespace

void handle_request(const api_context& context, http_request& request, responder respond) {
  try {
    if (!route(context, request, respond))
      respond(error_response(404, "no_route", "no route for " + request.method + " " + request.path,
                             request.request_id));
  } catch (const std::invalid_argument& e) {
    respond(error_response(400, "invalid_parameter", e.what(), request.request_id));
  } catch (const std::exception& e) {
    respond(error_response(500, "internal", e.what(), request.request_id));
  }
}

}  // namespace vireo::gateway
