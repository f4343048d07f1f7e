// Runs build/<preset>/bin/vireoctl (VIREO_BIN_DIR) as a real child process
// and captures what it printed and how it exited.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace vireo::testing {

struct ctl_result {
  int exit_code = -1;  ///< 128 + signal when killed by one
  std::string out;
  std::string err;

  /// stdout parsed as one JSON document.
  nlohmann::json json() const { return nlohmann::json::parse(out); }
};

/// Runs vireoctl with `args`; `env` entries are set (an empty value unsets the
/// variable); the child is killed after `timeout_ms`.
ctl_result run_vireoctl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                        int timeout_ms = 60000);

/// Runs vireoctl with its stderr on a pseudo-terminal (stdout still a pipe),
/// as a person at a terminal would; `err` holds what the terminal showed.
ctl_result run_vireoctl_on_terminal(const std::vector<std::string>& args, int timeout_ms = 60000);

}  // namespace vireo::testing
