// Handlers of the HTTP API, one per route (see api.hpp). Each answers
// through `respond` exactly once.
#pragma once

#include <string>
#include <vector>

#include "services/gateway/api.hpp"

namespace vireo::gateway {

using path_parts = std::vector<std::string>;

void submit_transaction(const api_context& context, http_request& request, responder respond);
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

void get_block(const api_context& context, const std::string& which, http_request& request, responder respond);

/// A JSON value for raw state bytes: the parsed JSON if they are JSON text,
/// else the text as a string, else {"hex": "..."}.
nlohmann::json bytes_to_json(const std::string& bytes);

}  // namespace vireo::gateway
