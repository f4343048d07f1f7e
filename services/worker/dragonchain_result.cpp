#include "services/worker/dragonchain_result.hpp"

#include <nlohmann/json.hpp>

#include "support/json_depth.hpp"

namespace vireo::worker {

namespace {

execution_result apply_object(const nlohmann::json& object, state_access& state) {
  execution_result result;
  result.status = execution_result::outcome::ok;
  for (auto& [key, value] : object.items())
    state.put(key, value.dump());
  if (auto tag = object.find("tag"); tag != object.end() && tag->is_string())
    result.tag = tag->get<std::string>();
  result.output_json = object.dump();
  return result;
}

execution_result apply_raw(std::string output_json, const std::string& raw, state_access& state) {
  execution_result result;
  result.status = execution_result::outcome::ok;
  result.output_json = std::move(output_json);
  state.put("rawResponse", raw);
  return result;
}

}  // namespace

execution_result apply_dragonchain_result(const std::string& body, state_access& state) {
  if (!within_json_depth(body) && nlohmann::json::accept(body))
    return execution_result::failure("the contract returned JSON nested deeper than " +
                                     std::to_string(max_json_depth) + " levels");
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object())
    return apply_object(parsed, state);
  std::string output_json;
  try {
    output_json = parsed.is_discarded() ? nlohmann::json(body).dump() : parsed.dump();
  } catch (const nlohmann::json::type_error&) {
    return execution_result::failure("the contract returned bytes that are neither JSON nor UTF-8 text");
  }
  return apply_raw(std::move(output_json), body, state);
}

execution_result apply_dragonchain_result(const nlohmann::json& value, state_access& state) {
  if (value.is_object())
    return apply_object(value, state);
  auto text = value.dump();
  return apply_raw(text, text, state);
}

}  // namespace vireo::worker
