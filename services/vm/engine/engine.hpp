// The WebAssembly engine of vireo-vm: a WABT store, the module cache, the host
// API bound once as host functions, and one reusable interpreter thread. Runs
// one call at a time: ready a fresh-looking instance (a kept one restored, see
// warm_instance.hpp, else a new one), run the export under the gas budget,
// collect return data, writes and logs. A contract failure is a result, never
// an exception.
// REQUIRES: used by one thread.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "proto-msgs/vm/dialogue_messages.hpp"
#include "proto-msgs/vm/return_code.hpp"
#include "services/vm/engine/storage_source.hpp"

namespace vireo::vm {

struct engine_options {
  /// Steps charged for each host-API call. Default: 100.
  uint64_t gas_per_host_call = 100;
  /// Decoded modules kept. Default: 64.
  size_t module_cache_entries = 64;
};

/// What one call produced. On failure, return data, writes and logs are empty.
struct call_outcome {
  vm_proto::return_code code = vm_proto::return_code::ok;
  std::string message;
  std::vector<std::string> return_data;
  std::map<std::string, std::optional<std::string>> writes;  ///< nullopt = delete
  std::vector<vm_proto::log_entry> logs;
  uint64_t gas_used = 0;

  /// A call that failed with `code` for `message`, with no effects.
  static call_outcome failure(vm_proto::return_code code, std::string message) {
    call_outcome out;
    out.code = code;
    out.message = std::move(message);
    return out;
  }
};

enum class call_kind {
  deploy,  ///< runs `init` when exported
  call,    ///< runs input.function; `init` and `callBack` are refused
};

class engine {
 public:
  explicit engine(engine_options options = {});
  ~engine();
  engine(const engine&) = delete;
  engine& operator=(const engine&) = delete;

  /// Validates and caches a module. Returns why it is invalid, or nullopt.
  std::optional<std::string> load(const std::string& code_hash, const std::string& code);

  bool has_module(const std::string& code_hash) const;

  /// Runs one call of the module cached under `code_hash`.
  call_outcome run(const std::string& code_hash, call_kind kind, const vm_proto::call_input& input,
                   storage_source& storage);

  /// Instances created so far (a call reusing a kept instance creates none).
  uint64_t instantiations() const;

  /// Names of every `env` import the host API provides, sorted.
  std::vector<std::string> host_function_names() const;

 private:
  struct impl;
  std::unique_ptr<impl> impl_;
};

}  // namespace vireo::vm
