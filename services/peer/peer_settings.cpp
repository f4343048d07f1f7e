#include "services/peer/peer_settings.hpp"

#include <functional>
#include <map>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "services/peer/errc.hpp"

namespace vireo::peer {
namespace {

using field_reader = std::function<void(const nlohmann::json&)>;

[[noreturn]] void reject(const std::string& key, const std::string& why) {
  throw std::invalid_argument(describe(errc::bad_settings, "'" + key + "' " + why));
}

// Reads every key of `json` through its reader; a key without one is rejected.
void read_object(const nlohmann::json& json, const std::string& where,
                 const std::map<std::string, field_reader>& readers) {
  if (!json.is_object()) reject(where, "must be an object");
  for (const auto& [key, value] : json.items()) {
    auto it = readers.find(key);
    if (it == readers.end()) reject(where + key, "is not a known setting");
    try {
      it->second(value);
    } catch (const nlohmann::json::exception&) {
      reject(where + key, "has the wrong type");
    }
  }
}

template <class T>
field_reader into(T& target) {
  return [&target](const nlohmann::json& v) { target = v.get<T>(); };
}

}  // namespace

peer_settings parse_peer_settings(const nlohmann::json& json) {
  peer_settings s;
  tls_settings& t = s.tls;
  read_object(json, "", {
      {"listen_address", into(s.listen_address)},
      {"data_dir", into(s.data_dir)},
      {"mspid", into(s.mspid)},
      {"exec_timeout_ms", into(s.exec_timeout_ms)},
      {"register_wait_ms", into(s.register_wait_ms)},
      {"keepalive_interval_ms", into(s.keepalive_interval_ms)},
      {"min_recv_ping_interval_ms", into(s.min_recv_ping_interval_ms)},
      {"max_message_bytes", into(s.max_message_bytes)},
      {"sign_proposals", into(s.sign_proposals)},
      {"query_batch_size", into(s.query_batch_size)},
      {"max_invoke_depth", into(s.max_invoke_depth)},
      {"restart_backoff_initial_ms", into(s.restart_backoff_initial_ms)},
      {"restart_backoff_max_ms", into(s.restart_backoff_max_ms)},
      {"tls", [&t](const nlohmann::json& v) {
         read_object(v, "tls.", {
             {"enabled", into(t.enabled)},
             {"cert_file", into(t.cert_file)},
             {"key_file", into(t.key_file)},
             {"client_ca_file", into(t.client_ca_file)},
             {"root_ca_file", into(t.root_ca_file)},
             {"client_cert_file", into(t.client_cert_file)},
             {"client_key_file", into(t.client_key_file)},
             {"server_name_override", into(t.server_name_override)},
         });
       }},
  });
  if (s.min_recv_ping_interval_ms > 60000) reject("min_recv_ping_interval_ms", "must be at most 60000");
  if (s.exec_timeout_ms == 0) reject("exec_timeout_ms", "must be positive");
  if (s.query_batch_size == 0) reject("query_batch_size", "must be positive");
  if (s.tls.enabled && !s.listen_address.empty() && (s.tls.cert_file.empty() || s.tls.key_file.empty()))
    reject("tls", "needs cert_file and key_file when enabled with a listen_address");
  return s;
}

}  // namespace vireo::peer
