#include "services/gateway/api_errors.hpp"
#include "services/gateway/api_routes.hpp"

namespace vireo::gateway {

using nlohmann::json;

void get_state(const api_context& ctx, const std::string& contract, const std::string& key, http_request& req,
               responder respond) {
  auto value = ctx.store->get_state(contract, key);
  if (!value.found)
    return respond(error_response(404, "not_found", "contract '" + contract + "' has no key '" + key + "'",
                                  req.request_id));
  respond(json_response(200, json{{"key", key}, {"value", bytes_to_json(value.value)}, {"version", value.version}}));
}

void list_state(const api_context& ctx, const std::string& contract, http_request& req, responder respond) {
  auto prefix = req.query.count("prefix") ? req.query.at("prefix") : "";
  auto cursor = req.query.count("cursor") ? req.query.at("cursor") : "";
  auto limit = page_limit(req);
  // Keys with `prefix` are [prefix, prefix+1) where the last byte is bumped.
  std::string end = prefix;
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff)
    end.pop_back();
  if (!end.empty())
    end.back() = static_cast<char>(end.back() + 1);
  // The cursor is the last key of the previous page; start just after it.
  auto start = cursor.empty() ? prefix : cursor + std::string(1, '\0');
  auto page = ctx.store->range_state(contract, start, end, static_cast<uint32_t>(limit));
  json entries = json::array();
  for (auto& [key, value] : page)
    entries.push_back({{"key", key}, {"value", bytes_to_json(value.value)}, {"version", value.version}});
  json next = page.size() == limit ? json(page.back().first) : json(nullptr);
  respond(json_response(200, json{{"entries", entries}, {"next_cursor", next}}));
}

void get_history(const api_context& ctx, const std::string& contract, const std::string& key, http_request& req,
                 responder respond) {
  auto history = ctx.store->state_history(contract, key);
  if (history.empty())
    return respond(error_response(404, "not_found", "contract '" + contract + "' never wrote key '" + key + "'",
                                  req.request_id));
  json entries = json::array();
  for (auto& e : history)
    entries.push_back({{"invocation_id", e.invocation_id},
                       {"value", e.is_delete ? json(nullptr) : bytes_to_json(e.value)},
                       {"deleted", e.is_delete},
                       {"version", e.version},
                       {"timestamp_ms", e.timestamp_ms}});
  respond(json_response(200, json{{"key", key}, {"history", entries}}));
}

}  // namespace vireo::gateway
