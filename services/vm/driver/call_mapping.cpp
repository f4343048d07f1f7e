#include "services/vm/driver/call_mapping.hpp"

#include <crypto++/sha.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "proto-msgs/vm/big_int_codec.hpp"
#include "proto-msgs/vm/return_code.hpp"

namespace vireo::vm {

using json = nlohmann::json;

namespace {

json parse_object(const std::string& text, const char* what) {
  json j = json::parse(text.empty() ? std::string("{}") : text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) throw bad_request(std::string(what) + " is not a JSON object");
  return j;
}

std::string from_hex(const std::string& hex) {
  if (hex.size() % 2 != 0) throw bad_request("odd number of hex digits in 0x" + hex);
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    const auto digit = [&](char c) -> int {
      if (c >= '0' && c <= '9') return c - '0';
      if (c >= 'a' && c <= 'f') return c - 'a' + 10;
      if (c >= 'A' && c <= 'F') return c - 'A' + 10;
      throw bad_request("bad hex digit '" + std::string(1, c) + "' in 0x" + hex);
    };
    out.push_back(static_cast<char>(digit(hex[i]) * 16 + digit(hex[i + 1])));
  }
  return out;
}

std::string sha256(const std::string& data) {
  std::string out(CryptoPP::SHA256::DIGESTSIZE, '\0');
  CryptoPP::SHA256().CalculateDigest(reinterpret_cast<CryptoPP::byte*>(out.data()),
                                     reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
  return out;
}

/// "-?[0-9]+"
bool is_decimal(const std::string& s) {
  const size_t first = (!s.empty() && s[0] == '-') ? 1 : 0;
  if (s.size() == first) return false;
  return std::all_of(s.begin() + static_cast<std::ptrdiff_t>(first), s.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

/// The first string found at one of `paths` (each a list of keys).
std::string first_string(const json& tx, std::initializer_list<std::initializer_list<const char*>> paths) {
  for (const auto& path : paths) {
    const json* node = &tx;
    for (const char* key : path) {
      if (!node->is_object() || !node->contains(key)) {
        node = nullptr;
        break;
      }
      node = &(*node)[key];
    }
    if (node != nullptr && node->is_string()) return node->get<std::string>();
  }
  return {};
}

uint64_t number_or_decimal(const json& header, const char* key, uint64_t fallback) {
  if (!header.is_object() || !header.contains(key)) return fallback;
  const json& v = header[key];
  if (v.is_number_unsigned()) return v.get<uint64_t>();
  if (v.is_string() && is_decimal(v.get<std::string>()) && v.get<std::string>()[0] != '-') {
    return std::stoull(v.get<std::string>());
  }
  return fallback;
}

vm_proto::block_info block_of(const json& tx) {
  static const json no_header = json::object();
  const json& header = tx.contains("header") ? tx["header"] : no_header;
  const auto now_s = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  vm_proto::block_info block;
  block.timestamp = number_or_decimal(header, "timestamp", now_s);
  if (block.timestamp > 100'000'000'000ULL) block.timestamp /= 1000;  // given in milliseconds
  block.nonce = number_or_decimal(header, "block_id", 0);
  block.round = block.nonce;
  return block;
}

}  // namespace

std::string argument_bytes(const std::string& json_value) {
  const json v = json::parse(json_value, nullptr, false);
  if (v.is_number_integer()) return vm_proto::to_signed_bytes(vm_proto::big_int(v.get<int64_t>()));
  if (!v.is_string()) throw bad_request("argument " + json_value + " is neither a string nor an integer");
  const std::string s = v.get<std::string>();
  if (s.rfind("0x", 0) == 0) return from_hex(s.substr(2));
  if (is_decimal(s)) return vm_proto::to_signed_bytes(vm_proto::big_int(s));
  return s;
}

std::string address_bytes(const std::string& text) {
  if (text.empty()) return std::string(32, '\0');
  if (text.size() == 66 && text.rfind("0x", 0) == 0) return from_hex(text.substr(2));
  return sha256(text);
}

wasm_runtime parse_runtime(const std::string& runtime_json, const vm_settings& settings) {
  const json r = parse_object(runtime_json, "the contract's runtime");
  wasm_runtime out;
  if (!r.contains("code_hash") || !r["code_hash"].is_string() || r["code_hash"].get<std::string>().empty()) {
    throw bad_request("the contract's runtime has no code_hash");
  }
  out.code_hash = r["code_hash"].get<std::string>();
  out.gas_limit = r.value("gas_limit", settings.default_gas_limit);
  out.memory_limit_pages = r.value("memory_limit_pages", settings.default_memory_limit_pages);
  out.owner = r.value("owner", std::string());
  return out;
}

dialogue_request make_dialogue_request(const worker::execution_request& request,
                                       const wasm_runtime& runtime, bool deploy) {
  const json tx = parse_object(request.transaction_json, "the transaction");
  const json payload = tx.contains("payload") && tx["payload"].is_object() ? tx["payload"] : json::object();
  dialogue_request out;
  out.invocation_id = request.invocation_id;
  out.deploy = deploy;
  out.code_hash = runtime.code_hash;
  vm_proto::call_input& in = out.input;
  if (!deploy) {
    if (!payload.contains("function") || !payload["function"].is_string()) {
      throw bad_request("the transaction payload names no function (payload.function)");
    }
    in.function = payload["function"].get<std::string>();
  }
  if (payload.contains("args")) {
    if (!payload["args"].is_array()) throw bad_request("payload.args is not an array");
    for (const auto& arg : payload["args"]) in.args.emplace_back(argument_bytes(arg.dump()));
  }
  if (payload.contains("value")) in.call_value = vm_proto::to_unsigned_bytes(
      vm_proto::from_signed_bytes(argument_bytes(payload["value"].dump())));
  in.caller = address_bytes(first_string(tx, {{"header", "sender"}, {"sender"}, {"caller"}, {"payload", "caller"}}));
  in.sc_address = sha256("vireo-contract:" + request.contract.name);
  in.owner = address_bytes(runtime.owner);
  in.block = block_of(tx);
  in.gas_limit = runtime.gas_limit;
  in.memory_limit_pages = runtime.memory_limit_pages;
  return out;
}

worker::execution_result to_execution_result(const vm_proto::contract_response& response,
                                             worker::state_access& state) {
  const auto code = static_cast<vm_proto::return_code>(response.return_code);
  if (code != vm_proto::return_code::ok) {
    return worker::execution_result::failure(
        std::string(vm_proto::to_string(code)) + " (return code " + std::to_string(response.return_code) +
        ")" + (response.message.empty() ? "" : ": " + response.message));
  }
  worker::execution_result result;
  result.status = worker::execution_result::outcome::ok;
  json data = json::array();
  for (const auto& entry : response.return_data) data.push_back(to_hex(entry.bytes));
  result.output_json = json{{"return_code", 0}, {"return_data", data}}.dump();
  for (const auto& log : response.logs) {
    result.events.push_back(worker::emitted_event{
        log.topics.empty() ? std::string("log") : to_hex(log.topics.front().bytes), log.data.bytes});
  }
  for (const auto& write : response.writes) {
    if (write.deleted) {
      state.del(write.key.bytes);
    } else {
      state.put(write.key.bytes, write.value.bytes);
    }
  }
  return result;
}

}  // namespace vireo::vm
