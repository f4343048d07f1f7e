#include "services/peer/runtime_settings.hpp"

#include <stdexcept>

#include <nlohmann/json.hpp>

#include "services/peer/errc.hpp"

namespace vireo::peer {
namespace {

[[noreturn]] void reject(const std::string& why) {
  throw std::invalid_argument(describe(errc::bad_runtime, why));
}

std::string string_field(const nlohmann::json& json, const std::string& key) {
  const auto& v = json.at(key);
  if (!v.is_string()) reject("'" + key + "' must be a string");
  return v.get<std::string>();
}

}  // namespace

chaincode_runtime parse_chaincode_runtime(const std::string& json_text) {
  nlohmann::json json = nlohmann::json::parse(json_text, nullptr, false);
  if (json.is_discarded() || !json.is_object()) reject("runtime must be a JSON object");
  chaincode_runtime r;
  for (const auto& [key, value] : json.items()) {
    if (key == "chaincode_id") {
      r.chaincode_id = string_field(json, key);
    } else if (key == "mode") {
      std::string mode = string_field(json, key);
      if (mode == "client") r.mode = chaincode_runtime::mode_kind::client;
      else if (mode == "server") r.mode = chaincode_runtime::mode_kind::server;
      else reject("'mode' must be \"client\" or \"server\", not \"" + mode + "\"");
    } else if (key == "address") {
      r.address = string_field(json, key);
    } else if (key == "channel_id") {
      r.channel_id = string_field(json, key);
    } else if (key == "launch") {
      r.launch = string_field(json, key);
    } else if (key == "init") {
      if (!value.is_boolean()) reject("'init' must be a boolean");
      r.init = value.get<bool>();
    } else if (key == "init_function" || key == "init_args") {
      // Read by the registry: they make the deploy transaction whose
      // function and args INIT carries.
    } else {
      reject("unknown key '" + key + "'");
    }
  }
  if (r.chaincode_id.empty()) reject("'chaincode_id' is required");
  if (r.channel_id.empty()) reject("'channel_id' must not be empty");
  if (r.mode == chaincode_runtime::mode_kind::server && r.address.empty())
    reject("server mode needs an 'address'");
  if (r.mode == chaincode_runtime::mode_kind::server && !r.launch.empty())
    reject("'launch' is for client mode (the chaincode dials the peer)");
  return r;
}

bool chaincode_id_matches(const std::string& wanted, const std::string& registered) {
  if (wanted == registered) return true;
  if (wanted.find(':') != std::string::npos) return false;
  return registered.size() > wanted.size() && registered.compare(0, wanted.size(), wanted) == 0 &&
         registered[wanted.size()] == ':';
}

}  // namespace vireo::peer
