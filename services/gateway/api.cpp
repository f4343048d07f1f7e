#include "services/gateway/api.hpp"

#include <functional>

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

/// The `{...}` segments of a matched path, in order.
using path_params = std::vector<std::string>;
using route_handler = std::function<void(const api_context&, http_request&, const path_params&, responder&)>;

struct route {
  route_spec spec;
  path_parts segments;
  route_handler handle;
};

route make_route(std::string method, std::string pattern, route_handler handle) {
  auto segments = split_path(pattern);
  return {{std::move(method), std::move(pattern)}, std::move(segments), std::move(handle)};
}

const std::vector<route>& routes() {
  using P = const path_params&;
  using C = const api_context&;
  static const std::vector<route> table = {
      make_route("GET", "/healthz", [](C, http_request&, P, responder& r) { r(json_response(200, {{"status", "up"}})); }),
      make_route("GET", "/readyz", [](C c, http_request& q, P, responder& r) { get_readiness(c, q, r); }),
      make_route("GET", "/metrics",
                 [](C, http_request&, P, responder& r) { r({200, render_metrics(), "text/plain; version=0.0.4"}); }),
      make_route("GET", "/v1/status", [](C c, http_request& q, P, responder& r) { get_status(c, q, r); }),
      make_route("POST", "/v1/transactions", [](C c, http_request& q, P, responder& r) { submit_transaction(c, q, r); }),
      make_route("GET", "/v1/transactions", [](C c, http_request& q, P, responder& r) { list_transactions(c, q, r); }),
      make_route("POST", "/v1/transactions/batch", [](C c, http_request& q, P, responder& r) { submit_batch(c, q, r); }),
      make_route("GET", "/v1/transactions/{id}", [](C c, http_request& q, P p, responder& r) { get_transaction(c, p[0], q, r); }),
      make_route("GET", "/v1/receipts/{id}", [](C c, http_request& q, P p, responder& r) { get_receipt(c, p[0], q, r); }),
      make_route("POST", "/v1/contracts", [](C c, http_request& q, P, responder& r) { deploy_contract(c, q, r, false, ""); }),
      make_route("GET", "/v1/contracts", [](C c, http_request& q, P, responder& r) { list_contracts(c, q, r); }),
      make_route("GET", "/v1/contracts/{name}", [](C c, http_request& q, P p, responder& r) { get_contract(c, p[0], q, r); }),
      make_route("PUT", "/v1/contracts/{name}", [](C c, http_request& q, P p, responder& r) { deploy_contract(c, q, r, true, p[0]); }),
      make_route("DELETE", "/v1/contracts/{name}", [](C c, http_request& q, P p, responder& r) { delete_contract(c, p[0], q, r); }),
      make_route("POST", "/v1/contracts/{name}/activate",
                 [](C c, http_request& q, P p, responder& r) { set_contract_state(c, p[0], true, q, r); }),
      make_route("POST", "/v1/contracts/{name}/deactivate",
                 [](C c, http_request& q, P p, responder& r) { set_contract_state(c, p[0], false, q, r); }),
      make_route("GET", "/v1/contracts/{name}/state", [](C c, http_request& q, P p, responder& r) { list_state(c, p[0], q, r); }),
      make_route("GET", "/v1/contracts/{name}/state/{key}",
                 [](C c, http_request& q, P p, responder& r) { get_state(c, p[0], p[1], q, r); }),
      make_route("GET", "/v1/contracts/{name}/state/{key}/history",
                 [](C c, http_request& q, P p, responder& r) { get_history(c, p[0], p[1], q, r); }),
      make_route("GET", "/v1/blocks", [](C c, http_request& q, P, responder& r) { list_blocks(c, q, r); }),
      make_route("GET", "/v1/blocks/{block}", [](C c, http_request& q, P p, responder& r) { get_block(c, p[0], q, r); }),
  };
  return table;
}

/// The route for the request and its path parameters; a literal segment
/// beats a parameter ("/v1/transactions/batch" is not "/v1/transactions/{id}").
const route* match(const http_request& req, path_params& params, bool& path_known) {
  auto parts = split_path(req.path);
  path_known = false;
  for (auto& r : routes()) {
    if (r.segments.size() != parts.size())
      continue;
    path_params found;
    bool same = true;
    for (size_t i = 0; same && i < parts.size(); ++i) {
      if (r.segments[i].front() == '{')
        found.push_back(parts[i]);
      else
        same = r.segments[i] == parts[i];
    }
    if (!same)
      continue;
    path_known = true;
    if (r.spec.method == req.method) {
      params = std::move(found);
      return &r;
    }
  }
  return nullptr;
}

}  // namespace

std::vector<route_spec> api_routes() {
  std::vector<route_spec> out;
  for (auto& r : routes())
    out.push_back(r.spec);
  return out;
}

void handle_request(const api_context& context, http_request& request, responder respond) {
  try {
    path_params params;
    bool path_known = false;
    auto* found = match(request, params, path_known);
    if (!found && path_known)
      return respond(error_response(405, "method_not_allowed", request.method + " is not served on " + request.path,
                                    request.request_id));
    if (!found)
      return respond(error_response(404, "no_route", "no route for " + request.method + " " + request.path,
                                    request.request_id));
    found->handle(context, request, params, respond);
  } catch (const std::invalid_argument& e) {
    respond(error_response(400, "invalid_parameter", e.what(), request.request_id));
  } catch (const std::exception& e) {
    respond(error_response(500, "internal", e.what(), request.request_id));
  }
}

}  // namespace vireo::gateway
