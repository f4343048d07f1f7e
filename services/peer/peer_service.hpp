// The chaincode peer of one worker process, shared by all its chaincode
// executors: the Register server and the registry of chaincodes connected to it
// (client mode), the streams we dialed (server mode), launched chaincode
// processes, and the peer identity that signs synthesized proposals.
//
// invoke() runs one INIT/TRANSACTION on the calling thread and may be called
// from many threads at once: each call has its own txid and mailbox, and
// several share one chaincode stream. Everything here is thread-safe.
// Lifecycle: the constructor starts the server (and KEEPALIVE sender when
// configured); the destructor stops launched processes and closes all streams.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "services/peer/connect_client.hpp"
#include "services/peer/handler_registry.hpp"
#include "services/peer/msp_identity.hpp"
#include "services/peer/peer_settings.hpp"
#include "services/peer/register_server.hpp"
#include "services/peer/runtime_settings.hpp"
#include "services/peer/supervised_process.hpp"
#include "services/peer/transaction_runner.hpp"
#include "services/worker/executor.hpp"

namespace vireo::peer {

/// A chaincode named by an INVOKE_CHAINCODE, as the core knows it.
struct resolved_chaincode {
  worker::contract_spec contract;
  /// The callee's state inside the caller's transaction (its own namespace,
  /// same read and write sets). Null: the callee shares the caller's state.
  std::unique_ptr<worker::state_access> state;
};

/// Resolves the chaincode name of an INVOKE_CHAINCODE ("asset", without
/// "/channel") to its deployed contract; nullopt when there is none. Called on
/// the invoking thread with the caller's state.
using chaincode_resolver =
    std::function<std::optional<resolved_chaincode>(const std::string& name, worker::state_access& caller_state)>;

struct chaincode_request {
  chaincode_runtime runtime;
  std::vector<std::string> args;  ///< ChaincodeInput args: [function, arg...]
  bool init = false;              ///< INIT (is_init) instead of TRANSACTION
  std::map<std::string, std::string> env;  ///< contract env, given to a launched process
  /// Hard bound of everything (waiting for the chaincode included); max: none.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
  /// Execute timeout, counted once the chaincode is reachable (Fabric's
  /// execute timeout; waiting for registration has register_wait_ms).
  uint32_t timeout_ms = 30000;
};

struct chaincode_status {
  std::string chaincode_id;
  std::string remote;      ///< gRPC peer (client mode) or dialed address (server mode)
  std::string mode;        ///< "client" | "server"
  size_t in_flight = 0;
};

class peer_service {
 public:
  /// Loads (or creates) the identity in settings.data_dir and starts listening
  /// unless listen_address is empty. Throws on bad settings or a busy port.
  explicit peer_service(peer_settings settings, chaincode_resolver resolver = {});
  ~peer_service();
  peer_service(const peer_service&) = delete;
  peer_service& operator=(const peer_service&) = delete;

  /// Runs one INIT/TRANSACTION to its end. Never throws.
  chaincode_outcome invoke(const chaincode_request& request, worker::state_access& state);
  /// Makes the chaincode reachable: launches it when it has a launch command,
  /// waits for it to register (client) or dials it (server). Empty or the reason.
  std::string prepare(const chaincode_runtime& runtime, const std::map<std::string, std::string>& env,
                      std::chrono::steady_clock::time_point deadline);

  /// Replaces the INVOKE_CHAINCODE resolver (before invocations start).
  void set_resolver(chaincode_resolver resolver);
  /// Where chaincodes must dial (the bound Register address); empty without server.
  std::string listen_address() const;
  const peer_settings& settings() const { return settings_; }
  const msp_identity& identity() const { return *identity_; }
  handler_registry& registry() { return registry_; }
  /// Connected chaincodes, both modes.
  std::vector<chaincode_status> connections() const;
  /// The launched process of `chaincode_id`, when Vireo launched one.
  std::optional<launch_status> launched(const std::string& chaincode_id) const;

 private:
  struct dial_slot {
    std::mutex mu;  // serializes dialing one address
    std::unique_ptr<chaincode_connection> connection;
  };
  std::shared_ptr<handler> connect(const chaincode_runtime& runtime, const std::map<std::string, std::string>& env,
                                   std::chrono::steady_clock::time_point deadline, std::string& why);
  std::shared_ptr<handler> connect_server_mode(const chaincode_runtime& runtime,
                                               std::chrono::steady_clock::time_point deadline, std::string& why);
  void ensure_launched(const chaincode_runtime& runtime, const std::map<std::string, std::string>& env);
  protos::ChaincodeMessage invoke_nested(const protos::ChaincodeMessage& request, const chaincode_call& caller,
                                         worker::state_access& caller_state);
  chaincode_outcome run(handler& target, const chaincode_call& call, worker::state_access& state);
  void keepalive_loop();

  const peer_settings settings_;
  std::shared_ptr<const msp_identity> identity_;
  handler_registry registry_;
  mutable std::mutex mu_;
  chaincode_resolver resolver_;
  std::map<std::string, std::shared_ptr<dial_slot>> dialed_;
  std::map<std::string, std::unique_ptr<supervised_process>> launched_;
  std::unique_ptr<register_server> server_;
  invoke_hook invoke_hook_;
  std::condition_variable stop_cv_;
  bool stopping_ = false;
  std::thread keepalive_;
};

}  // namespace vireo::peer
