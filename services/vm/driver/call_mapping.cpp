#include "services/vm/driver/call_mapping.hpp"

#include <crypto++/sha.h>

#include <algorithm>
#include <chrono>
#include <nlohmann/json.hpp>

#include "proto-msgs/vm/big_int_codec.hpp"
#include "proto-msgs/vm/return_code.hpp"
#include "services/vm/driver/transaction_fields.hpp"
#include "support/hash.hpp"

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

/// A non-negative integer, as a JSON number or a decimal string; else `fallback`.
uint64_t number_or_decimal(const std::optional<json_scalar>& v, uint64_t fallback) {
  if (!v) return fallback;
  if (v->kind == json_scalar::type::non_negative) return v->unsigned_integer;
  if (v->kind == json_scalar::type::string && is_decimal(v->text) && v->text[0] != '-') {
    return std::stoull(v->text);
  }
  return fallback;
}

vm_proto::block_info block_of(const transaction_fields& tx) {
  const auto now_s = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  vm_proto::block_info block;
  block.timestamp = number_or_decimal(tx.header_timestamp, now_s);
  if (block.timestamp > 100'000'000'000ULL) block.timestamp /= 1000;  // given in milliseconds
  block.nonce = number_or_decimal(tx.header_block_id, 0);
  block.round = block.nonce;
  return block;
}

std::string argument_bytes(const json_scalar& v) {
  switch (v.kind) {
    case json_scalar::type::negative:
      return vm_proto::to_signed_bytes(vm_proto::big_int(v.integer));
    case json_scalar::type::non_negative:
      return vm_proto::to_signed_bytes(vm_proto::big_int(v.unsigned_integer));
    case json_scalar::type::string:
      if (v.text.rfind("0x", 0) == 0) return from_hex(v.text.substr(2));
      if (is_decimal(v.text)) return vm_proto::to_signed_bytes(vm_proto::big_int(v.text));
      return v.text;
    case json_scalar::type::other:
      break;
  }
  throw bad_request("argument " + v.text + " is neither a string nor an integer");
}

/// The first caller candidate that is a string, in order of precedence.
const std::string& caller_of(const transaction_fields& tx) {
  static const std::string none;
  for (const auto* candidate : {&tx.header_sender, &tx.sender, &tx.caller, &tx.payload_caller}) {
    if (*candidate) return **candidate;
  }
  return none;
}

}  // namespace

std::string argument_bytes(const std::string& json_value) {
  const json v = json::parse(json_value, nullptr, false);
  json_scalar scalar;
  scalar.text = json_value;
  if (v.is_number_unsigned()) {
    scalar.kind = json_scalar::type::non_negative;
    scalar.unsigned_integer = v.get<uint64_t>();
  } else if (v.is_number_integer()) {
    scalar.kind = json_scalar::type::negative;
    scalar.integer = v.get<int64_t>();
  } else if (v.is_string()) {
    scalar.kind = json_scalar::type::string;
    scalar.text = v.get<std::string>();
  }
  return argument_bytes(scalar);
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

template <typename Value>
template <typename Make>
const Value& mapping_cache::memo<Value>::get(const std::string& key, Make make) {
  if (key.size() > max_key_bytes) return unkept_ = make();
  if (auto it = kept_.find(key); it != kept_.end()) return it->second;
  Value value = make();  // when it throws, nothing is kept
  if (kept_.size() >= max_entries) kept_.clear();
  return kept_.emplace(key, std::move(value)).first->second;
}

const wasm_runtime& mapping_cache::runtime(const std::string& runtime_json, const vm_settings& settings) {
  return runtimes_.get(runtime_json, [&] { return parse_runtime(runtime_json, settings); });
}

const std::string& mapping_cache::address(const std::string& text) {
  return addresses_.get(text, [&] { return address_bytes(text); });
}

const std::string& mapping_cache::contract_address(const std::string& name) {
  return contract_addresses_.get(name, [&] { return sha256("vireo-contract:" + name); });
}

dialogue_request make_dialogue_request(const worker::execution_request& request,
                                       const wasm_runtime& runtime, bool deploy, mapping_cache& cache) {
  const auto tx = read_transaction_fields(request.transaction_json);
  if (!tx) throw bad_request("the transaction is not a JSON object");
  dialogue_request out;
  out.invocation_id = request.invocation_id;
  out.deploy = deploy;
  out.code_hash = runtime.code_hash;
  vm_proto::call_input& in = out.input;
  if (!deploy) {
    if (!tx->function || tx->function->kind != json_scalar::type::string) {
      throw bad_request("the transaction payload names no function (payload.function)");
    }
    in.function = tx->function->text;
  }
  if (tx->has_args) {
    if (!tx->args_are_array) throw bad_request("payload.args is not an array");
    in.args.reserve(tx->args.size());
    for (const auto& arg : tx->args) in.args.emplace_back(argument_bytes(arg));
  }
  if (tx->value) {
    in.call_value = vm_proto::to_unsigned_bytes(vm_proto::from_signed_bytes(argument_bytes(*tx->value)));
  }
  // Each cache reference is copied before the next lookup, which may clear the memo.
  in.caller = cache.address(caller_of(*tx));
  in.sc_address = cache.contract_address(request.contract.name);
  in.owner = cache.address(runtime.owner);
  in.block = block_of(*tx);
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
  // Written directly: the only values are hex digits, which need no escaping.
  std::string& output = result.output_json;
  output = R"({"return_code":0,"return_data":[)";
  for (const auto& entry : response.return_data) {
    if (&entry != &response.return_data.front()) output += ',';
    output += '"';
    output += to_hex(entry.bytes);
    output += '"';
  }
  output += "]}";
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
