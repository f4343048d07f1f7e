// peer_service, the connection half: finding a ready stream for a chaincode
// (waiting for it to register, dialing it, launching it).
#include <filesystem>
#include <fstream>

#include "services/peer/errc.hpp"
#include "services/peer/grpc_options.hpp"
#include "services/peer/payload_text.hpp"
#include "services/peer/peer_service.hpp"

namespace vireo::peer {
namespace fs = std::filesystem;
using clock = std::chrono::steady_clock;

namespace {

// A PEM file re-encoded as base64 text, the form fabric-shim reads
// CORE_TLS_CLIENT_KEY_PATH / CORE_TLS_CLIENT_CERT_PATH in.
// Owner-only: one of them is a private key.
std::string base64_copy(const std::string& pem_file, const fs::path& out) {
  {
    std::ofstream file(out, std::ios::trunc);
    file << base64_encode(read_text_file(pem_file));
  }
  fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  return out.string();
}

}  // namespace

std::shared_ptr<handler> peer_service::connect(const chaincode_runtime& runtime,
                                               const std::map<std::string, std::string>& env,
                                               clock::time_point deadline, std::string& why) {
  const auto started = clock::now();
  deadline = std::min(deadline, started + std::chrono::milliseconds(settings_.register_wait_ms));
  if (runtime.mode == chaincode_runtime::mode_kind::server) return connect_server_mode(runtime, deadline, why);
  if (!server_) {
    why = describe(errc::bad_settings, "client-mode chaincode needs a listen_address");
    return nullptr;
  }
  if (!runtime.launch.empty()) ensure_launched(runtime, env);
  auto h = registry_.wait_for(runtime.chaincode_id, deadline);
  if (!h)
    why = describe(errc::not_connected,
                   "no chaincode registered as '" + runtime.chaincode_id + "' within " +
                       std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - started).count()) +
                       " ms");
  return h;
}

std::shared_ptr<handler> peer_service::connect_server_mode(const chaincode_runtime& runtime,
                                                           clock::time_point deadline, std::string& why) {
  std::shared_ptr<dial_slot> slot;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& s = dialed_[runtime.address];
    if (!s) s = std::make_shared<dial_slot>();
    slot = s;
  }
  std::lock_guard<std::mutex> lock(slot->mu);
  if (!slot->connection || !slot->connection->alive()) {
    slot->connection.reset();
    slot->connection = chaincode_connection::dial(runtime.address, settings_, {}, deadline, why);
    if (!slot->connection) return nullptr;
  }
  if (!slot->connection->wait_ready(deadline)) {
    why = describe(errc::not_connected, "chaincode server " + runtime.address + " did not register");
    slot->connection.reset();
    return nullptr;
  }
  auto h = slot->connection->ready_handler();
  if (h && !chaincode_id_matches(runtime.chaincode_id, h->chaincode_id())) {
    why = describe(errc::not_connected, "chaincode server " + runtime.address + " registered as '" +
                                            h->chaincode_id() + "', expected '" + runtime.chaincode_id + "'");
    return nullptr;
  }
  if (!h) why = describe(errc::stream_lost, "chaincode server " + runtime.address + " disconnected");
  return h;
}

void peer_service::ensure_launched(const chaincode_runtime& runtime, const std::map<std::string, std::string>& env) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& slot = launched_[runtime.chaincode_id];
  if (slot && slot->spec().command == runtime.launch) return;
  launch_spec spec;
  spec.chaincode_id = runtime.chaincode_id;
  spec.command = runtime.launch;
  std::string address = listen_address();
  if (address.rfind("0.0.0.0:", 0) == 0 || address.rfind("[::]:", 0) == 0)
    address = "127.0.0.1" + address.substr(address.rfind(':'));
  spec.peer_address = address;
  spec.env = env;
  spec.env["CORE_CHAINCODE_ID_NAME"] = runtime.chaincode_id;
  spec.env["CORE_PEER_TLS_ENABLED"] = settings_.tls.enabled ? "true" : "false";
  fs::path dir = fs::path(settings_.data_dir);
  fs::create_directories(dir / "chaincode-logs");
  if (settings_.tls.enabled) {
    fs::create_directories(dir / "tls");
    const auto& tls = settings_.tls;
    spec.env["CORE_PEER_TLS_ROOTCERT_FILE"] = tls.root_ca_file.empty() ? tls.cert_file : tls.root_ca_file;
    if (!tls.client_key_file.empty() && !tls.client_cert_file.empty()) {
      spec.env["CORE_TLS_CLIENT_KEY_PATH"] = base64_copy(tls.client_key_file, dir / "tls" / "client.key.b64");
      spec.env["CORE_TLS_CLIENT_CERT_PATH"] = base64_copy(tls.client_cert_file, dir / "tls" / "client.crt.b64");
    }
  }
  std::string file_name = runtime.chaincode_id;
  for (char& c : file_name)
    if (c == '/' || c == ':') c = '_';
  spec.log_file = (dir / "chaincode-logs" / (file_name + ".log")).string();
  spec.backoff_initial_ms = settings_.restart_backoff_initial_ms;
  spec.backoff_max_ms = settings_.restart_backoff_max_ms;
  slot.reset();  // stops a process launched with an older command
  slot = std::make_unique<supervised_process>(std::move(spec));
}

}  // namespace vireo::peer
