// Handlers of the HTTP API, one per route (see api.hpp). Each answers
// through `respond` exactly once.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "services/gateway/api.hpp"

namespace vireo::gateway {

using path_parts = std::vector<std::string>;

void submit_transaction(const api_context& context, http_request& request, responder respond);
void submit_batch(const api_context& context, http_request& request, responder respond);
void list_transactions(const api_context& context, http_request& request, responder respond);
void get_transaction(const api_context& context, const std::string& id, http_request& request, responder respond);
void get_receipt(const api_context& context, const std::string& id, http_request& request, responder respond);

void deploy_contract(const api_context& context, http_request& request, responder respond, bool update,
                     const std::string& name);
void list_contracts(const api_context& context, http_request& request, responder respond);
void get_contract(const api_context& context, const std::string& name, http_request& request, responder respond);
void set_contract_state(const api_context& context, const std::string& name, bool active, http_request& request,
                        responder respond);
void delete_contract(const api_context& context, const std::string& name, http_request& request, responder respond);
void get_state(const api_context& context, const std::string& contract, const std::string& key,
               http_request& request, responder respond);

void list_state(const api_context& context, const std::string& contract, http_request& request, responder respond);
void get_history(const api_context& context, const std::string& contract, const std::string& key,
                 http_request& request, responder respond);

void get_block(const api_context& context, const std::string& which, http_request& request, responder respond);
void list_blocks(const api_context& context, http_request& request, responder respond);
void get_readiness(const api_context& context, http_request& request, responder respond);
void get_status(const api_context& context, http_request& request, responder respond);

/// How long a request waits for the core's actors before 503 core_unavailable.
inline constexpr auto core_timeout = std::chrono::seconds(30);

/// The `limit` query parameter of a listing: default 100, at most 1000.
/// Throws std::invalid_argument when it is 0 or not a number.
uint64_t page_limit(const http_request& request);

/// Reads an unsigned query parameter; `fallback` when absent. Throws
/// std::invalid_argument naming the parameter when it is not a number.
uint64_t query_number(const http_request& request, const std::string& name, uint64_t fallback);

/// A JSON value for raw state bytes: the parsed JSON if they are JSON text
/// nested no deeper than max_json_depth, else the text as a string, else
/// {"hex": "..."}.
nlohmann::json bytes_to_json(const std::string& bytes);

/// The request's body as JSON; nullopt once `respond` has answered 400
/// bad_json because it is not JSON or nests deeper than max_json_depth.
std::optional<nlohmann::json> parse_body(const http_request& request, const responder& respond);

}  // namespace vireo::gateway
