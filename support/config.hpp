// The node's configuration: one TOML file, then environment overrides, then
// command-line flags, in that order of precedence (later wins).
//
// Every option is declared once, in config.cpp's option table, with its
// section, key, default, unit (in its name) and meaning; the same table parses
// the file, applies VIREO_<SECTION>_<KEY> environment variables, prints the
// effective configuration (`vireod --print-config`) and is rendered in
// docs/configuration.md. Unknown keys in the file are rejected at start.
// Nothing reloads live: a change takes a restart.
#pragma once

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace vireo {

/// A configuration that cannot be used; what() names the key and the reason.
class config_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct node_config {
  // [node]
  std::string data_dir = "./vireo-data";
  std::vector<std::string> roles = {"core", "worker", "gateway"};
  uint32_t node_scheduler_threads = 0;
  std::string node_cpu_scheduling = "batch";
  // [http]
  std::string http_listen = "127.0.0.1:8080";
  uint64_t http_max_body_bytes = 1 << 20;
  // [ledger]
  uint64_t ledger_max_wal_mb = 0;
  uint64_t ledger_delete_mb_per_s = 0;
  // [journal]
  uint32_t journal_max_batch = 4096;
  uint32_t journal_sync_linger_us = 2000;
  // [invoker]
  uint32_t invoker_max_backlog = 100000;
  uint32_t invoker_serial_idle_ms = 30000;
  uint32_t invoker_exec_timeout_ms = 10000;
  uint32_t invoker_mvcc_max_retries = 5;
  uint32_t invoker_max_pending_per_contract = 10000;
  uint32_t invoker_serial_batch_max = 64;
  uint32_t invoker_parallel_batch_max = 16;
  // [committer]
  uint32_t committer_max_batch = 4096;
  // [blocks]
  uint32_t blocks_interval_ms = 1000;
  uint32_t blocks_max_transactions = 5000;
  // [worker]
  std::string worker_bus_endpoint = "inproc://vireo-bus";
  uint32_t worker_executors = 16;
  uint32_t worker_batch_help_after_ms = 1;
  uint32_t worker_heartbeat_ms = 1000;
  uint32_t worker_http_connections = 64;
  // [wasm]
  uint32_t wasm_vm_children = 2;
  std::string wasm_vm_path;
  uint64_t wasm_gas_limit = 10000000;
  uint32_t wasm_memory_limit_pages = 256;
  // [chaincode]
  std::string chaincode_listen = "127.0.0.1:7052";
  std::string chaincode_mspid = "VireoMSP";
  uint32_t chaincode_exec_timeout_ms = 30000;
  uint32_t chaincode_register_wait_ms = 5000;
  std::string chaincode_tls_cert_file;
  std::string chaincode_tls_key_file;
  std::string chaincode_tls_client_ca_file;
  std::string chaincode_tls_root_ca_file;
  // [log]
  std::string log_level = "info";
  std::string log_format = "text";
};

/// Reads `path` (may be empty: defaults only), then the environment.
/// Throws config_error on a malformed file, an unknown key or a bad value.
node_config load_config(const std::string& path);

/// Applies one override given as section.key=value (the --set flag).
/// Throws config_error when the key is unknown or the value does not parse.
void apply_config_override(node_config& config, const std::string& assignment);

/// The effective configuration as TOML, with each option's meaning as a comment.
std::string render_config(const node_config& config);

/// Checks cross-option constraints (roles known, listen address parses, ...).
/// Throws config_error.
void validate_config(const node_config& config);

/// Splits "host:port"; throws config_error when it does not parse.
std::pair<std::string, uint16_t> split_host_port(const std::string& address);

}  // namespace vireo
