// Settings of the chaincode peer, shared by every chaincode executor of a worker.
// Read once at start (nothing reloads live). Parsed from a JSON object whose keys
// are the member names below; unknown keys are rejected.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace vireo::peer {

/// TLS material. Off unless `enabled`; paths are PEM files.
struct tls_settings {
  /// Serve ChaincodeSupport.Register over TLS and dial chaincode servers over TLS.
  /// Default: false.
  bool enabled = false;
  /// The peer's server certificate and key (Register server). Required when enabled.
  std::string cert_file;
  std::string key_file;
  /// CA that signs chaincode client certificates. Set: mutual TLS, a chaincode
  /// without a certificate from this CA is refused. Default: empty (no client auth).
  std::string client_ca_file;
  /// CA that signs chaincode *server* certificates (server mode) and, for launched
  /// chaincodes, the CA they use to verify us. Default: empty (use cert_file).
  std::string root_ca_file;
  /// Our client certificate and key when dialing a chaincode server (mutual TLS),
  /// also handed to launched chaincodes, which fabric-shim requires when TLS is on.
  std::string client_cert_file;
  std::string client_key_file;
  /// Host name to expect in chaincode server certificates. Default: empty (the
  /// host of the dialed address).
  std::string server_name_override;
};

struct peer_settings {
  /// Where ChaincodeSupport.Register listens; "host:0" picks a free port; empty:
  /// no server (server-mode chaincodes only). Default: "127.0.0.1:7052".
  std::string listen_address = "127.0.0.1:7052";
  /// Directory for the peer's MSP identity (msp/) and launched chaincodes' logs
  /// (chaincode-logs/). Default: "vireo-data/peer".
  std::string data_dir = "vireo-data/peer";
  /// MSP id of the synthesized proposal creator. Default: "VireoMSP".
  std::string mspid = "VireoMSP";
  /// Execute timeout of one INIT/TRANSACTION, nested invokes included, counted
  /// once the chaincode is reachable (a contract's own exec timeout and the
  /// request deadline may shorten it). Default: 30000 ms.
  uint32_t exec_timeout_ms = 30000;
  /// How long an invocation waits for its chaincode to (re)register or to accept
  /// our dial before failing "not connected". Default: 5000 ms.
  uint32_t register_wait_ms = 5000;
  /// Send KEEPALIVE messages to ready chaincodes at this interval. fabric-shim
  /// 2.5.8 exits when it receives one, so keep 0 for Node chaincode.
  /// Default: 0 ms (off).
  uint32_t keepalive_interval_ms = 0;
  /// Minimum interval between HTTP/2 pings we accept from a chaincode (the shim
  /// pings every 110 s; gRPC's own default would GOAWAY it). At most 60000.
  /// Default: 10000 ms.
  uint32_t min_recv_ping_interval_ms = 10000;
  /// Largest gRPC message either way. Default: 104857600 bytes (100 MiB).
  uint32_t max_message_bytes = 100u * 1024u * 1024u;
  /// Sign synthesized proposals with the peer key (ECDSA P-256). Off saves the
  /// signature's cost per invocation (tens of µs, see docs/benchmarks.md);
  /// chaincode rarely verifies it. Default: true.
  bool sign_proposals = true;
  /// Records per QueryResponse batch of a range or history query (Fabric's
  /// maxResultLimit). Default: 100.
  uint32_t query_batch_size = 100;
  /// Deepest chain of chaincode-to-chaincode invokes. Default: 8.
  uint32_t max_invoke_depth = 8;
  /// Restart backoff of launched chaincodes: first delay, doubled per quick exit
  /// up to the maximum. Default: 500 ms, 30000 ms.
  uint32_t restart_backoff_initial_ms = 500;
  uint32_t restart_backoff_max_ms = 30000;
  tls_settings tls;
};

/// Parses settings from a JSON object; absent keys keep their defaults.
/// Throws std::invalid_argument naming the offending key (unknown key, wrong
/// type, out of range).
peer_settings parse_peer_settings(const nlohmann::json& json);

}  // namespace vireo::peer
