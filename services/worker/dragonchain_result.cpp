#include "services/worker/dragonchain_result.hpp"

#include <nlohmann/json.hpp>

namespace vireo::worker {

execution_result apply_dragonchain_result(const std::string& body, state_access& state) {
  execution_result result;
  result.status = execution_result::outcome::ok;
  auto parsed = nlohmann::json::parse(body, nullptr, false);
  if (!parsed.is_discarded() && parsed.is_object()) {
    for (auto& [key, value] : parsed.items())
      state.put(key, value.dump());
    if (parsed.contains("tag") && parsed["tag"].is_string())
      result.tag = parsed["tag"].get<std::string>();
    result.output_json = parsed.dump();
  } else {
    try {
      result.output_json = parsed.is_discarded() ? nlohmann::json(body).dump() : parsed.dump();
    } catch (const nlohmann::json::type_error&) {
      return execution_result::failure("the contract returned bytes that are neither JSON nor UTF-8 text");
    }
    state.put("rawResponse", body);
  }
  return result;
}

}  // namespace vireo::worker
