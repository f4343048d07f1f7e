// The command groups of vireoctl, one file each. Every add_* function adds
// its subcommands to `app`; the subcommand chosen on the command line stores
// its work in `action`, which main() runs once parsing is over (so options
// given after the subcommand, like --output, are known by then).
#pragma once

#include <memory>

#include <CLI/CLI.hpp>

#include "services/ctl/session.hpp"

namespace vireo::ctl {

/// contract deploy|update|get|list|delete|activate|deactivate
void add_contract_commands(CLI::App& app, command_action& action);
/// tx submit|batch|get|list|receipt
void add_tx_commands(CLI::App& app, command_action& action);
/// invoke CONTRACT [ARGS...]
void add_invoke_command(CLI::App& app, command_action& action);
/// state get|list|history
void add_state_commands(CLI::App& app, command_action& action);
/// block get|latest|list
void add_block_commands(CLI::App& app, command_action& action);
/// watch
void add_watch_command(CLI::App& app, command_action& action);
/// status
void add_status_command(CLI::App& app, command_action& action);

/// Adds subcommand `name` to `parent`; when it is chosen, `action` becomes
/// `run(session, *options)`. The subcommand's options write into `*options`.
template <class Options, class Run>
CLI::App* add_action(CLI::App& parent, command_action& action, const char* name, const char* help,
                     const std::shared_ptr<Options>& options, Run run) {
  auto* sub = parent.add_subcommand(name, help);
  sub->callback([&action, options, run] { action = [options, run](session& s) { return run(s, *options); }; });
  return sub;
}

/// Runs `action` in a session for `options`: prints a ctl_error on stderr
/// and returns its exit code.
int run_command(const global_options& options, const command_action& action);

}  // namespace vireo::ctl
