// vireod: the Vireo node daemon. Wiring only: configuration, roles, signals.
#include <csignal>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>

#include "services/gateway/gateway_role.hpp"
#include "services/gateway/receipt_waiters.hpp"
#include "services/node/core_role.hpp"
#include "services/node/executors.hpp"
#include "services/worker/worker_role.hpp"
#include "support/actor_system.hpp"
#include "support/config.hpp"
#include "support/cpu_scheduling.hpp"
#include "support/logging.hpp"

namespace {

constexpr int exit_config_error = 2;
constexpr int exit_start_failed = 1;
constexpr auto drain_timeout = std::chrono::seconds(10);

bool has_role(const vireo::node_config& config, const std::string& role) {
  return std::find(config.roles.begin(), config.roles.end(), role) != config.roles.end();
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vireod - the Vireo node: core, worker and gateway roles"};
  std::string config_path;
  std::vector<std::string> overrides;
  std::string data_dir, listen, roles, log_level;
  bool print_config = false;
  app.add_option("-c,--config", config_path, "TOML configuration file");
  app.add_option("--data-dir", data_dir, "node.data_dir: where the ledger lives");
  app.add_option("--listen", listen, "http.listen: host:port of the HTTP API (port 0: any free port)");
  app.add_option("--roles", roles, "node.roles: comma-separated core,worker,gateway");
  app.add_option("--log-level", log_level, "log.level: trace, debug, info, warn, error");
  app.add_option("--set", overrides, "any option as section.key=value (repeatable)");
  app.add_flag("--print-config", print_config, "print the effective configuration and exit");
  CLI11_PARSE(app, argc, argv);

  vireo::node_config config;
  try {
    config = vireo::load_config(config_path);
    if (!data_dir.empty())
      vireo::apply_config_override(config, "node.data_dir=" + data_dir);
    if (!listen.empty())
      vireo::apply_config_override(config, "http.listen=" + listen);
    if (!roles.empty())
      vireo::apply_config_override(config, "node.roles=" + roles);
    if (!log_level.empty())
      vireo::apply_config_override(config, "log.level=" + log_level);
    for (auto& assignment : overrides)
      vireo::apply_config_override(config, assignment);
    vireo::validate_config(config);
    if (has_role(config, "gateway") && !has_role(config, "core"))
      throw vireo::config_error("node.roles: the gateway role runs in the same process as the core for now");
  } catch (const vireo::config_error& e) {
    std::cerr << "vireod: configuration error: " << e.what() << "\n";
    return exit_config_error;
  }
  if (print_config) {
    std::cout << vireo::render_config(config);
    return 0;
  }
  vireo::init_logging(config.log_level, config.log_format);
  auto log = vireo::logger("node");
  // Before any thread starts, so that every one inherits it.
  try {
    vireo::apply_cpu_scheduling(config.node_cpu_scheduling);
  } catch (const std::system_error& e) {
    log->warn("cpu scheduling left as it was ({}): {}", vireo::current_cpu_scheduling(), e.what());
  }

  // Every thread started from here on inherits the blocked signals; the main
  // thread alone takes them, with sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  vireo::gateway::receipt_waiters waiters;
  std::unique_ptr<vireo::node::core_role> core;
  std::unique_ptr<vireo::worker::worker_role> worker;
  std::unique_ptr<vireo::gateway::gateway_role> gateway;
  try {
    if (has_role(config, "core"))
      core = std::make_unique<vireo::node::core_role>(
          config, [&waiters](const std::vector<vireo::ledger::receipt>& receipts) { waiters.publish(receipts); });
    if (has_role(config, "worker"))
      worker = std::make_unique<vireo::worker::worker_role>(config, vireo::node::node_executors(config));
    if (has_role(config, "gateway"))
      gateway = std::make_unique<vireo::gateway::gateway_role>(config, core->system(), core->store(), core->router(),
                                                               core->registry(), core->dispatcher(), waiters);
  } catch (const std::exception& e) {
    log->critical("start failed: {}", e.what());
    std::cerr << "vireod: start failed: " << e.what() << "\n";
    return exit_start_failed;
  }
  if (gateway) {
    auto host = vireo::split_host_port(config.http_listen).first;
    std::cout << "vireod ready http=http://" << host << ":" << gateway->port() << std::endl;
  } else {
    std::cout << "vireod ready" << std::endl;
  }
  log->info("ready roles={} data_dir={} scheduler_threads={} cpu_scheduling={}", fmt::join(config.roles, ","),
            config.data_dir, vireo::scheduler_threads(config), vireo::current_cpu_scheduling());

  int received = 0;
  sigwait(&signals, &received);
  log->info("signal={} received, shutting down", received);
  if (gateway)
    gateway->stop();
  if (core) {
    auto left = core->drain(drain_timeout);
    log->info("drained, {} invocations left in the journal for the next start", left);
  }
  worker.reset();
  gateway.reset();
  core.reset();
  log->info("stopped");
  return 0;
}
