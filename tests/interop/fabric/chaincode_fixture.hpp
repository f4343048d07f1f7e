// Shared set-up of the Fabric interop tests and the chaincode benchmark: a
// peer_service on a free port, the in-memory ledger standing in for the core's
// state service, chaincode processes (real fabric-shim 2.5.8 from
// tests/node_modules) that are killed when the fixture ends, and one call that
// runs an invocation through the chaincode executor and commits it.
#pragma once

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/peer/chaincode_executor.hpp"
#include "services/peer/peer_service.hpp"
#include "tests/services/peer/memory_state.hpp"

extern char** environ;

namespace vireo::peer::testing {
namespace fs = std::filesystem;

/// The repository root: $VIREO_SOURCE_DIR, else the one this test was built from.
inline fs::path source_dir() {
  const char* dir = std::getenv("VIREO_SOURCE_DIR");
  return dir ? fs::path(dir) : fs::path(VIREO_PEER_SOURCE_DIR);
}
inline fs::path chaincode_dir(const std::string& name) {
  return source_dir() / "tests" / "interop" / "fabric" / "chaincodes" / name;
}
inline std::string node_bin(const std::string& tool) {
  return (source_dir() / "tests" / "node_modules" / ".bin" / tool).string();
}

/// A free TCP port on 127.0.0.1 (bound and released).
inline int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  ::close(fd);
  return ntohs(addr.sin_port);
}

/// A child process in its own process group, SIGKILLed (group) when destroyed.
class child_process {
 public:
  child_process(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                const std::string& log_file) {
    std::vector<std::string> envs;
    for (char** e = environ; *e; ++e) envs.emplace_back(*e);
    for (const auto& [k, v] : env) envs.push_back(k + "=" + v);
    std::vector<char*> argv, envp;
    auto copy = args;
    for (auto& a : copy) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (auto& e : envs) envp.push_back(e.data());
    envp.push_back(nullptr);
    posix_spawn_file_actions_t files;
    posix_spawnattr_t attr;
    posix_spawn_file_actions_init(&files);
    posix_spawnattr_init(&attr);
    posix_spawn_file_actions_addopen(&files, 1, log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
    posix_spawnattr_setpgroup(&attr, 0);
    if (posix_spawnp(&pid_, argv[0], &files, &attr, argv.data(), envp.data()) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&files);
    posix_spawnattr_destroy(&attr);
  }
  ~child_process() { kill_now(); }
  child_process(const child_process&) = delete;
  child_process& operator=(const child_process&) = delete;

  pid_t pid() const { return pid_; }
  void kill_now() {
    if (pid_ <= 0) return;
    ::kill(-pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  pid_t pid_ = 0;
};

/// One invocation's result plus what the test may inspect afterwards.
struct invocation {
  worker::execution_result result;
  nlohmann::json output;     ///< parsed output_json when ok
  bool committed = false;    ///< ok and passed MVCC validation
  std::string invocation_id;
};

class chaincode_fixture {
 public:
  explicit chaincode_fixture(const std::string& label, nlohmann::json settings_overrides = nlohmann::json::object())
      : dir_(fs::temp_directory_path() / ("vireo-" + label + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // Node takes a while to start on a loaded machine: wait generously.
    nlohmann::json settings = {{"listen_address", "127.0.0.1:0"},
                               {"data_dir", (dir_ / "peer").string()},
                               {"mspid", "VireoTestMSP"},
                               {"register_wait_ms", 60000},
                               {"restart_backoff_initial_ms", 100}};
    settings.update(settings_overrides);
    service_ = std::make_shared<peer_service>(parse_peer_settings(settings), [this](const std::string& name,
                                                                                  worker::state_access& caller) {
      return resolve(name, caller);
    });
  }
  ~chaincode_fixture() {
    children_.clear();
    service_.reset();
    fs::remove_all(dir_);
  }

  peer_service& service() { return *service_; }
  std::shared_ptr<peer_service> shared_service() { return service_; }
  memory_ledger& ledger() { return ledger_; }
  const fs::path& dir() const { return dir_; }

  /// Starts a chaincode process; killed when the fixture ends.
  child_process& spawn(const std::vector<std::string>& args, std::map<std::string, std::string> env = {}) {
    env.emplace("CORE_PEER_TLS_ENABLED", "false");
    const auto log = dir_ / ("chaincode-" + std::to_string(children_.size()) + ".log");
    children_.push_back(std::make_unique<child_process>(args, env, log.string()));
    return *children_.back();
  }
  /// Client mode: a fabric-contract-api module registered as `id`.
  child_process& start_contract_client(const std::string& module, const std::string& id) {
    return spawn({node_bin("fabric-chaincode-node"), "start", "--peer.address", service_->listen_address(),
                  "--chaincode-id-name", id, "--module-path", chaincode_dir(module).string()});
  }
  /// Client mode: a low-level chaincode script registered as `id`.
  child_process& start_script_client(const std::string& module, const std::string& id) {
    return spawn({"node", (chaincode_dir(module) / "index.js").string(), "--peer.address",
                  service_->listen_address(), "--chaincode-id-name", id});
  }

  /// A deployed chaincode contract named `name` (also its state namespace).
  worker::contract_spec& deploy_spec(const std::string& name, nlohmann::json runtime) {
    worker::contract_spec spec;
    spec.name = name;
    spec.kind = "chaincode";
    spec.execution = "parallel";
    spec.runtime = runtime.dump();
    spec.exec_timeout_ms = 0;
    return contracts_[name] = spec;
  }

  /// Runs `function(args...)` of contract `name` through a fresh executor and,
  /// when it succeeds, commits its writes (MVCC-validated).
  invocation invoke(const std::string& name, const std::string& function, const std::vector<std::string>& args = {},
                    bool deploy = false) {
    auto state = ledger_.begin(name);
    invocation out = run(name, function, args, *state, deploy, state->tx().invocation_id);
    out.committed = out.result.status == worker::execution_result::outcome::ok && ledger_.commit(state->tx());
    return out;
  }

  /// Runs without committing (the caller validates and commits `state` if it wants).
  invocation run(const std::string& name, const std::string& function, const std::vector<std::string>& args,
                 worker::state_access& state, bool deploy = false, const std::string& invocation_id = "inv") {
    worker::execution_request request;
    request.invocation_id = invocation_id;
    request.contract = contracts_.at(name);
    nlohmann::json payload = nlohmann::json::object();
    if (!function.empty()) payload = {{"function", function}, {"args", args}};
    request.transaction_json = nlohmann::json{{"header", {{"txn_id", request.invocation_id}}}, {"payload", payload}}.dump();
    auto executor = make_chaincode_executor(service_);
    invocation out;
    out.invocation_id = request.invocation_id;
    out.result = deploy ? executor->deploy(request, state) : executor->execute(request, state);
    if (out.result.status == worker::execution_result::outcome::ok && !out.result.output_json.empty())
      out.output = nlohmann::json::parse(out.result.output_json);
    return out;
  }

 private:
  std::optional<resolved_chaincode> resolve(const std::string& name, worker::state_access& caller) {
    auto it = contracts_.find(name);
    if (it == contracts_.end()) return std::nullopt;
    resolved_chaincode out;
    out.contract = it->second;
    if (auto* mem = dynamic_cast<memory_state*>(&caller)) out.state = mem->in_namespace(name);
    return out;
  }

  fs::path dir_;
  memory_ledger ledger_;
  std::map<std::string, worker::contract_spec> contracts_;
  std::shared_ptr<peer_service> service_;
  std::vector<std::unique_ptr<child_process>> children_;
};

}  // namespace vireo::peer::testing
