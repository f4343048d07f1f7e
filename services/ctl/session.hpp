// What a running command works with: the API client, the chosen output
// format and the streams. Built once by main() after the command line parsed.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>

#include <nlohmann/json.hpp>

#include "services/ctl/rest_client.hpp"

namespace vireo::ctl {

enum class output_format { table, json };

/// Options every command takes (`--server`, `--output`).
struct global_options {
  std::string server = "http://127.0.0.1:8080";
  std::string output = "table";
};

class session {
 public:
  session(const global_options& options, std::ostream& out, std::ostream& err);

  rest_client& client() { return client_; }
  bool json_output() const { return format_ == output_format::json; }
  std::ostream& out() { return out_; }
  std::ostream& err() { return err_; }

  /// Prints `doc` as one JSON document (indented) on stdout.
  void print_json(const nlohmann::json& doc);

 private:
  rest_client client_;
  output_format format_;
  std::ostream& out_;
  std::ostream& err_;
};

/// The work of the command chosen on the command line; returns the exit code.
using command_action = std::function<int(session&)>;

}  // namespace vireo::ctl
