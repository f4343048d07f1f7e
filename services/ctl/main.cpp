// vireoctl: the command-line client of the Vireo HTTP API. Wiring only: the
// command line, then the chosen command (services/ctl/*_command(s).cpp).
#include <CLI/CLI.hpp>

#include "services/ctl/commands.hpp"
#include "services/ctl/errc.hpp"

int main(int argc, char** argv) {
  using namespace vireo::ctl;
  CLI::App app{"vireoctl - deploy, invoke and inspect contracts on a Vireo node"};
  app.fallthrough();  // global options may follow the subcommand
  app.require_subcommand(1);
  global_options options;
  app.add_option("-s,--server", options.server, "the node's API URL")
      ->envname("VIREO_SERVER")
      ->capture_default_str();
  app.add_option("-o,--output", options.output, "table (for people) or json (the server's JSON, for scripts)")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();

  command_action action;
  add_contract_commands(app, action);
  add_tx_commands(app, action);
  add_invoke_command(app, action);
  add_state_commands(app, action);
  add_block_commands(app, action);
  add_watch_command(app, action);
  add_status_command(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help answers 0; every other parse error is a usage error.
    return app.exit(e) == 0 ? 0 : static_cast<int>(errc::usage);
  }
  if (!action)
    return static_cast<int>(errc::usage);
  return run_command(options, action);
}
