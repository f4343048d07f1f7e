#include <regex>
#include <set>
#include <stdexcept>

#include "actors/registry/registry.hpp"
#include "support/ids.hpp"

namespace vireo::registry {

namespace {

const std::set<std::string> known_fields = {"name", "kind", "execution", "triggers", "runtime", "env",
                                            "exec_timeout_ms", "state"};
constexpr uint32_t max_exec_timeout_ms = 600000;

void require(bool condition, const std::string& message) {
  if (!condition)
    throw std::invalid_argument(message);
}

void check_runtime(const std::string& kind, const nlohmann::json& runtime) {
  if (kind == "http") {
    require(runtime.contains("base_url") && runtime["base_url"].is_string(),
            "runtime.base_url (string, e.g. http://127.0.0.1:8081) is required for http contracts");
    require(runtime.contains("function") && runtime["function"].is_string() &&
                !runtime["function"].get<std::string>().empty(),
            "runtime.function (string) is required for http contracts");
  } else if (kind == "system") {
    require(runtime.contains("contract") && runtime["contract"].is_string(),
            "runtime.contract (one of the system contracts) is required for system contracts");
  } else if (kind == "chaincode") {
    require(runtime.contains("chaincode_id") && runtime["chaincode_id"].is_string(),
            "runtime.chaincode_id (string) is required for chaincode contracts");
  }
}

}  // namespace

ledger::contract_entry parse_contract_spec(const nlohmann::json& spec, const ledger::contract_entry* existing) {
  require(spec.is_object(), "a contract spec is a JSON object");
  for (auto& [field, value] : spec.items())
    require(known_fields.count(field), "unknown field '" + field + "'");
  ledger::contract_entry entry = existing ? *existing : ledger::contract_entry{};
  if (!existing) {
    require(spec.contains("name") && spec["name"].is_string(), "name (string) is required");
    entry.name = spec["name"].get<std::string>();
    static const std::regex name_pattern("^[a-z0-9][a-z0-9_.-]{0,63}$");
    require(std::regex_match(entry.name, name_pattern),
            "name must be 1-64 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit");
    entry.created_ms = unix_now_ms();
  } else {
    require(!spec.contains("name") || spec["name"] == entry.name, "name cannot be changed by an update");
  }
  if (spec.contains("kind") || !existing) {
    require(spec.contains("kind") && spec["kind"].is_string(), "kind (string) is required");
    entry.kind = spec["kind"].get<std::string>();
    require(entry.kind == "http" || entry.kind == "system" || entry.kind == "wasm" || entry.kind == "chaincode",
            "kind must be one of http, system, wasm, chaincode");
  }
  if (spec.contains("execution") || !existing) {
    require(spec.contains("execution") && spec["execution"].is_string(), "execution (serial|parallel) is required");
    entry.execution = spec["execution"].get<std::string>();
    require(entry.execution == "serial" || entry.execution == "parallel", "execution must be serial or parallel");
  }
  if (spec.contains("triggers") || !existing) {
    require(spec.contains("triggers") && spec["triggers"].is_array() && !spec["triggers"].empty(),
            "triggers (a non-empty array of transaction types) is required");
    entry.triggers.clear();
    for (auto& t : spec["triggers"]) {
      require(t.is_string() && !t.get<std::string>().empty(), "each trigger is a non-empty string");
      entry.triggers.push_back(t.get<std::string>());
    }
  }
  if (spec.contains("runtime")) {
    require(spec["runtime"].is_object(), "runtime must be an object");
    entry.runtime = spec["runtime"];
  }
  if (spec.contains("env")) {
    require(spec["env"].is_object(), "env must be an object of strings");
    entry.env.clear();
    for (auto& [key, value] : spec["env"].items()) {
      require(value.is_string(), "env." + key + " must be a string");
      entry.env[key] = value.get<std::string>();
    }
  }
  if (spec.contains("exec_timeout_ms")) {
    require(spec["exec_timeout_ms"].is_number_unsigned() &&
                spec["exec_timeout_ms"].get<uint64_t>() <= max_exec_timeout_ms,
            "exec_timeout_ms must be an integer from 0 to 600000");
    entry.exec_timeout_ms = spec["exec_timeout_ms"].get<uint32_t>();
  }
  if (spec.contains("state")) {
    require(spec["state"] == "active" || spec["state"] == "inactive", "state may be set to active or inactive");
    entry.state = *ledger::parse_contract_state(spec["state"].get<std::string>());
  }
  if (entry.kind != "wasm")
    check_runtime(entry.kind, entry.runtime);
  entry.updated_ms = unix_now_ms();
  return entry;
}

}  // namespace vireo::registry
