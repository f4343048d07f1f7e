// Settings of the worker's WebAssembly runtime (the VM driver and its pool).
// Read once when the executor is built; none reloads live.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vireo::vm {

struct vm_settings {
  /// vireo-vm children, i.e. WASM invocations that can run at once. Default: 2.
  uint32_t pool_size = 2;
  /// Path of the vireo-vm binary. Empty: next to the running binary, else
  /// $VIREO_VM_PATH (see locate_vm_binary). Default: empty.
  std::string vm_binary;
  /// Largest frame either side accepts. Default: 16 MiB.
  uint32_t max_frame_bytes = 16u << 20;
  /// Step budget of a call when the contract's runtime sets no gas_limit.
  /// More steps let longer contracts run; each step is ~1-5 ns. Default: 10,000,000.
  uint64_t default_gas_limit = 10'000'000;
  /// Memory limit when the runtime sets no memory_limit_pages. Default: 256 pages (16 MiB).
  uint32_t default_memory_limit_pages = 256;
  /// Steps charged per host-API call. Default: 100.
  uint64_t gas_per_host_call = 100;
  /// Decoded modules each child keeps. Default: 64.
  uint32_t module_cache_entries = 64;
  /// Wall budget of a dialogue when the request carries no deadline. Default: 10000 ms.
  uint32_t dialogue_timeout_ms = 10000;
  /// First wait before restarting a child that died twice in a row; doubles per
  /// further death up to restart_backoff_max_ms. Default: 10 ms / 2000 ms.
  uint32_t restart_backoff_initial_ms = 10;
  uint32_t restart_backoff_max_ms = 2000;
  /// Level of the children's logs (spdlog numbering: 0 trace .. 6 off). Default: 2 (info).
  uint32_t log_level = 2;
  /// Extra environment entries for the children ("NAME=value"). Default: none.
  /// Tests use it for VIREO_VM_TEST_FAULTS=1.
  std::vector<std::string> extra_env;
};

/// Where the vireo-vm binary is: `explicit_path` when not empty; else
/// `<dir of /proc/self/exe>/vireo-vm` when it exists; else $VIREO_VM_PATH when
/// it names an existing file. Throws std::runtime_error naming both places.
std::string locate_vm_binary(const std::string& explicit_path);

}  // namespace vireo::vm
