#include "support/config.hpp"

#include <cstdlib>
#include <functional>
#include <sstream>

#include <toml++/toml.h>

namespace vireo {
namespace {

// One declared option. `set` parses a textual value (from env or --set),
// `set_toml` takes a TOML node, `get` renders the current value as TOML.
struct option {
  std::string section;
  std::string key;
  std::string help;
  std::function<void(node_config&, const std::string&)> set;
  std::function<void(node_config&, const toml::node&)> set_toml;
  std::function<std::string(const node_config&)> get;
};

std::string quote(const std::string& s) {
  std::ostringstream out;
  out << toml::value<std::string>(s);
  return out.str();
}

option string_option(std::string section, std::string key, std::string help,
                     std::string node_config::*field) {
  return {section, key, std::move(help),
          [field](node_config& c, const std::string& v) { c.*field = v; },
          [field, section, key](node_config& c, const toml::node& n) {
            auto v = n.value<std::string>();
            if (!v)
              throw config_error(section + "." + key + ": expected a string");
            c.*field = *v;
          },
          [field](const node_config& c) { return quote(c.*field); }};
}

template <class Int>
option integer_option(std::string section, std::string key, std::string help, Int node_config::*field) {
  auto parse = [section, key](int64_t v) {
    if (v < 0 || static_cast<uint64_t>(v) > static_cast<uint64_t>(std::numeric_limits<Int>::max()))
      throw config_error(section + "." + key + ": " + std::to_string(v) + " is out of range");
    return static_cast<Int>(v);
  };
  return {section, key, std::move(help),
          [field, parse, section, key](node_config& c, const std::string& v) {
            char* end = nullptr;
            long long parsed = std::strtoll(v.c_str(), &end, 10);
            if (v.empty() || *end != '\0')
              throw config_error(section + "." + key + ": '" + v + "' is not an integer");
            c.*field = parse(parsed);
          },
          [field, parse, section, key](node_config& c, const toml::node& n) {
            auto v = n.value<int64_t>();
            if (!v)
              throw config_error(section + "." + key + ": expected an integer");
            c.*field = parse(*v);
          },
          [field](const node_config& c) { return std::to_string(c.*field); }};
}

option list_option(std::string section, std::string key, std::string help,
                   std::vector<std::string> node_config::*field) {
  return {section, key, std::move(help),
          [field](node_config& c, const std::string& v) {
            std::vector<std::string> items;
            std::istringstream in(v);
            for (std::string item; std::getline(in, item, ',');)
              if (!item.empty())
                items.push_back(item);
            c.*field = items;
          },
          [field, section, key](node_config& c, const toml::node& n) {
            auto* array = n.as_array();
            if (!array)
              throw config_error(section + "." + key + ": expected an array of strings");
            std::vector<std::string> items;
            for (auto& element : *array) {
              auto v = element.value<std::string>();
              if (!v)
                throw config_error(section + "." + key + ": expected an array of strings");
              items.push_back(*v);
            }
            c.*field = items;
          },
          [field](const node_config& c) {
            std::string out = "[";
            for (size_t i = 0; i < (c.*field).size(); ++i)
              out += (i ? ", " : "") + quote((c.*field)[i]);
            return out + "]";
          }};
}

const std::vector<option>& options() {
  using c = node_config;
  static const std::vector<option> table = {
      string_option("node", "data_dir", "Directory of the embedded RocksDB ledger (created if missing).", &c::data_dir),
      list_option("node", "roles", "Roles this process runs: any of core, worker, gateway.", &c::roles),
      integer_option("node", "scheduler_threads", "CAF scheduler threads of each actor system in this process (the core's, the worker's); 0: the hardware threads shared among them, at least one each.", &c::node_scheduler_threads),
      string_option("node", "cpu_scheduling", "How the kernel schedules this process's threads: batch (SCHED_BATCH: a thread woken by another's message does not preempt it, so a burst of messages is taken in one go) or normal (the kernel's default).", &c::node_cpu_scheduling),
      string_option("http", "listen", "host:port of the HTTP API and /metrics. Port 0 picks a free port.", &c::http_listen),
      integer_option("http", "max_body_bytes", "Largest accepted request body; larger -> 413 payload_too_large.", &c::http_max_body_bytes),
      integer_option("ledger", "max_wal_mb", "WAL the ledger keeps at most, in MiB: past it RocksDB flushes what the oldest WAL file holds and deletes that file, and a restart replays at most this much (0: RocksDB's own limit, four times all memtables, some 6 GiB). A limit flushes small column families early, which costs commit latency while it does.", &c::ledger_max_wal_mb),
      integer_option("ledger", "delete_mb_per_s", "How fast obsolete ledger files (WAL files, tables) are deleted, in MiB/s, 4 MiB at a time (0: each at once). On a file system mounted with discard a large deletion at once stalls the commits' fsyncs.", &c::ledger_delete_mb_per_s),
      integer_option("journal", "max_batch", "Most submissions written in one journal WriteBatch.", &c::journal_max_batch),
      integer_option("journal", "sync_linger_us", "How long a written journal batch waits for another ledger writer's fsync to cover it before the journal syncs the WAL itself (0: at once; at most 1000000).", &c::journal_sync_linger_us),
      integer_option("invoker", "max_backlog", "Most invocations journaled but not yet committed; beyond it submissions get 503 busy.", &c::invoker_max_backlog),
      integer_option("invoker", "serial_idle_ms", "A serial contract's actor stops after this long without work.", &c::invoker_serial_idle_ms),
      integer_option("invoker", "exec_timeout_ms", "Default execution timeout when a contract sets none.", &c::invoker_exec_timeout_ms),
      integer_option("invoker", "mvcc_max_retries", "Re-executions of a parallel invocation whose reads went stale before it is marked invalid.", &c::invoker_mvcc_max_retries),
      integer_option("invoker", "max_pending_per_contract", "Most queued invocations per serial contract; beyond it submissions get 503 busy.", &c::invoker_max_pending_per_contract),
      integer_option("invoker", "serial_batch_max", "Most queued invocations of one serial contract sent to a worker in one execute message (run in order; http functions always go one at a time).", &c::invoker_serial_batch_max),
      integer_option("invoker", "parallel_batch_max", "Most invocations of one parallel contract, journaled together, sent to a worker in one execute message (one executor runs them in turn, helped by idle ones after worker.batch_help_after_ms; http functions always go one at a time).", &c::invoker_parallel_batch_max),
      integer_option("committer", "max_batch", "Most invocation results applied in one sync WriteBatch.", &c::committer_max_batch),
      integer_option("blocks", "interval_ms", "A block is sealed at least this often when transactions are waiting.", &c::blocks_interval_ms),
      integer_option("blocks", "max_transactions", "A block is sealed as soon as this many transactions wait.", &c::blocks_max_transactions),
      string_option("worker", "bus_endpoint", "ZeroMQ endpoint between core and workers (inproc:// in one process, tcp:// across hosts).", &c::worker_bus_endpoint),
      integer_option("worker", "executors", "Executor threads of a worker, and the execute messages it takes at once (its credits).", &c::worker_executors),
      integer_option("worker", "batch_help_after_ms", "A batch of parallel invocations still running after this long gets idle executors to help (0: at once).", &c::worker_batch_help_after_ms),
      integer_option("worker", "heartbeat_ms", "Bus heartbeat period; a peer is dead after 3 missed beats.", &c::worker_heartbeat_ms),
      integer_option("worker", "http_connections", "Keep-alive connections the http executor keeps per worker.", &c::worker_http_connections),
      integer_option("wasm", "vm_children", "vireo-vm child processes per worker: WASM invocations that run at once.", &c::wasm_vm_children),
      string_option("wasm", "vm_path", "Path of vireo-vm; empty: next to vireod, else $VIREO_VM_PATH.", &c::wasm_vm_path),
      integer_option("wasm", "gas_limit", "Interpreter steps a call may take when its contract sets no runtime.gas_limit.", &c::wasm_gas_limit),
      integer_option("wasm", "memory_limit_pages", "64 KiB pages a contract instance may use when it sets no runtime.memory_limit_pages.", &c::wasm_memory_limit_pages),
      string_option("chaincode", "listen", "Where chaincode in client mode registers (ChaincodeSupport.Register); empty: no server. Port 0: any free port.", &c::chaincode_listen),
      string_option("chaincode", "mspid", "MSP id of the identity in the proposals Vireo synthesizes.", &c::chaincode_mspid),
      integer_option("chaincode", "exec_timeout_ms", "Longest a chaincode transaction may run (Fabric's execute timeout).", &c::chaincode_exec_timeout_ms),
      integer_option("chaincode", "register_wait_ms", "How long an invocation waits for its chaincode to (re)connect.", &c::chaincode_register_wait_ms),
      string_option("chaincode", "tls_cert_file", "PEM certificate of the peer; set: TLS on, for both the Register server and dialed chaincode servers.", &c::chaincode_tls_cert_file),
      string_option("chaincode", "tls_key_file", "PEM key of tls_cert_file.", &c::chaincode_tls_key_file),
      string_option("chaincode", "tls_client_ca_file", "CA of chaincode client certificates; set: mutual TLS.", &c::chaincode_tls_client_ca_file),
      string_option("chaincode", "tls_root_ca_file", "CA of chaincode server certificates (server mode).", &c::chaincode_tls_root_ca_file),
      string_option("log", "level", "trace, debug, info, warn, error.", &c::log_level),
      string_option("log", "format", "text or json (one JSON object per line).", &c::log_format),
  };
  return table;
}

const option* find_option(const std::string& section, const std::string& key) {
  for (auto& o : options())
    if (o.section == section && o.key == key)
      return &o;
  return nullptr;
}

std::string env_name(const option& o) {
  std::string name = "VIREO_" + o.section + "_" + o.key;
  for (auto& ch : name)
    ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return name;
}

/// More would be a configuration mistake, not a machine: each is a thread.
constexpr uint32_t max_scheduler_threads = 256;

}  // namespace

node_config load_config(const std::string& path) {
  node_config config;
  if (!path.empty()) {
    toml::table file;
    try {
      file = toml::parse_file(path);
    } catch (const toml::parse_error& e) {
      std::ostringstream why;
      why << path << ":" << e.source().begin.line << ": " << e.description();
      throw config_error(why.str());
    }
    for (auto& [section, body] : file) {
      auto* table = body.as_table();
      if (!table)
        throw config_error(std::string(section.str()) + ": expected a [section]");
      for (auto& [key, value] : *table) {
        auto* o = find_option(std::string(section.str()), std::string(key.str()));
        if (!o)
          throw config_error("unknown configuration key " + std::string(section.str()) + "." +
                             std::string(key.str()));
        o->set_toml(config, value);
      }
    }
  }
  for (auto& o : options())
    if (const char* value = std::getenv(env_name(o).c_str()))
      o.set(config, value);
  return config;
}

void apply_config_override(node_config& config, const std::string& assignment) {
  auto dot = assignment.find('.');
  auto eq = assignment.find('=');
  if (dot == std::string::npos || eq == std::string::npos || dot > eq)
    throw config_error("--set expects section.key=value, got '" + assignment + "'");
  auto* o = find_option(assignment.substr(0, dot), assignment.substr(dot + 1, eq - dot - 1));
  if (!o)
    throw config_error("unknown configuration key " + assignment.substr(0, eq));
  o->set(config, assignment.substr(eq + 1));
}

std::string render_config(const node_config& config) {
  std::ostringstream out;
  std::string section;
  for (auto& o : options()) {
    if (o.section != section) {
      out << (section.empty() ? "" : "\n") << "[" << o.section << "]\n";
      section = o.section;
    }
    out << "# " << o.help << " Env: " << env_name(o) << "\n" << o.key << " = " << o.get(config) << "\n";
  }
  return out.str();
}

std::pair<std::string, uint16_t> split_host_port(const std::string& address) {
  auto colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0)
    throw config_error("'" + address + "' is not host:port");
  char* end = nullptr;
  long port = std::strtol(address.c_str() + colon + 1, &end, 10);
  if (*end != '\0' || port < 0 || port > 65535 || colon + 1 == address.size())
    throw config_error("'" + address + "' has no valid port");
  return {address.substr(0, colon), static_cast<uint16_t>(port)};
}

void validate_config(const node_config& config) {
  if (config.roles.empty())
    throw config_error("node.roles: at least one role is needed");
  for (auto& role : config.roles)
    if (role != "core" && role != "worker" && role != "gateway")
      throw config_error("node.roles: unknown role '" + role + "' (core, worker, gateway)");
  split_host_port(config.http_listen);
  if (config.node_scheduler_threads > max_scheduler_threads)
    throw config_error("node.scheduler_threads: at most " + std::to_string(max_scheduler_threads));
  if (config.node_cpu_scheduling != "batch" && config.node_cpu_scheduling != "normal")
    throw config_error("node.cpu_scheduling: expected batch or normal");
  if (config.worker_executors == 0)
    throw config_error("worker.executors must be at least 1");
  if (config.journal_max_batch == 0 || config.committer_max_batch == 0)
    throw config_error("journal.max_batch and committer.max_batch must be at least 1");
  // A MiB figure becomes bytes (<< 20) and RocksDB's rate is signed: at most
  // 2^42 MiB keeps both in range.
  constexpr uint64_t max_ledger_mb = uint64_t{1} << 42;
  if (config.ledger_max_wal_mb > max_ledger_mb)
    throw config_error("ledger.max_wal_mb: at most " + std::to_string(max_ledger_mb));
  if (config.ledger_delete_mb_per_s > max_ledger_mb)
    throw config_error("ledger.delete_mb_per_s: at most " + std::to_string(max_ledger_mb));
  if (config.journal_sync_linger_us > 1000000)
    throw config_error("journal.sync_linger_us: at most 1000000 (one second)");
  if (config.log_format != "text" && config.log_format != "json")
    throw config_error("log.format: expected text or json");
}

}  // namespace vireo
