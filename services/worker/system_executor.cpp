#include "services/worker/system_executor.hpp"

#include <thread>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "services/worker/dragonchain_result.hpp"

namespace vireo::worker {

namespace {

using nlohmann::json;

json stored_json(state_access& state, const std::string& key, json fallback) {
  auto value = state.get(key);
  if (!value.found)
    return fallback;
  auto parsed = json::parse(value.value, nullptr, false);
  return parsed.is_discarded() ? fallback : parsed;
}

int64_t now_us() {
  using namespace std::chrono;
  return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

const std::optional<std::string>& system_executor::contract_name(const std::string& runtime) {
  if (runtime != last_runtime_) {
    auto parsed = json::parse(runtime, nullptr, false);
    last_runtime_ = runtime;
    last_name_.reset();
    if (parsed.is_object()) {
      auto name = parsed.find("contract");
      last_name_ = name != parsed.end() && name->is_string() ? name->get<std::string>() : std::string();
    }
  }
  return last_name_;
}

execution_result system_executor::execute(const execution_request& request, state_access& state) {
  const auto& name = contract_name(request.contract.runtime);
  // Only the payload is read: simdjson finds it without building the whole
  // transaction as a document. One parser per thread: it keeps its buffers.
  thread_local simdjson::dom::parser transaction_parser;
  simdjson::dom::object tx;
  if (!name || transaction_parser.parse(request.transaction_json).get(tx) != simdjson::SUCCESS)
    return execution_result::failure("malformed execute request");
  auto payload = json::object();
  if (simdjson::dom::element found; tx["payload"].get(found) == simdjson::SUCCESS)
    payload = json::parse(simdjson::minify(found), nullptr, false);
  if (payload.is_discarded())
    return execution_result::failure("malformed execute request");
  auto field = [&](const char* key, json fallback) {
    return payload.is_object() && payload.contains(key) ? payload[key] : fallback;
  };

  if (*name == "echo")
    return apply_dragonchain_result(payload, state);
  if (*name == "counter") {
    auto by = field("by", 1);
    if (!by.is_number_integer())
      return execution_result::failure("counter: payload.by must be an integer");
    auto count = stored_json(state, "count", 0);
    // Holding the read open lets tests and benchmarks force overlapping
    // parallel invocations, hence MVCC conflicts.
    if (auto delay = field("delay_ms", 0); delay.is_number_unsigned())
      std::this_thread::sleep_until(std::min(request.deadline, std::chrono::steady_clock::now() +
                                                                   std::chrono::milliseconds(delay.get<uint64_t>())));
    return apply_dragonchain_result(json{{"count", count.get<int64_t>() + by.get<int64_t>()}}, state);
  }
  if (*name == "kv_set") {
    auto key = field("key", nullptr);
    if (!key.is_string() || key.get<std::string>().empty())
      return execution_result::failure("kv_set: payload.key must be a non-empty string");
    return apply_dragonchain_result(json{{key.get<std::string>(), field("value", nullptr)}}, state);
  }
  if (*name == "append") {
    auto list = stored_json(state, "list", json::array());
    auto seen = list.size();
    list.push_back(field("item", nullptr));
    return apply_dragonchain_result(json{{"list", list}, {"seen", seen}}, state);
  }
  if (*name == "sleep") {
    auto ms = field("ms", 0);
    if (!ms.is_number_unsigned())
      return execution_result::failure("sleep: payload.ms must be a non-negative integer");
    auto started = now_us();
    auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms.get<uint64_t>());
    if (until > request.deadline) {
      std::this_thread::sleep_until(request.deadline);
      return execution_result::failure("timeout after " + std::to_string(request.contract.exec_timeout_ms) + " ms");
    }
    std::this_thread::sleep_until(until);
    auto result = apply_dragonchain_result(json{{"started_us", started}, {"finished_us", now_us()}}, state);
    result.events.push_back({"slept", std::to_string(ms.get<uint64_t>())});
    return result;
  }
  if (*name == "fail")
    return execution_result::failure(field("reason", "failed on purpose").dump());
  return execution_result::failure("unknown system contract '" + *name + "'");
}

}  // namespace vireo::worker
