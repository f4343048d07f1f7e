// The `wasm` executor: runs an invocation of a WebAssembly contract in one of
// the pool's vireo-vm children. Many executors may share one pool (one executor
// per worker slot); each execute() holds one child for its dialogue.
// Thread-safe when each instance is used by one thread at a time (executor.hpp).
#pragma once

#include <memory>

#include "services/vm/driver/call_mapping.hpp"
#include "services/vm/driver/dialogue.hpp"
#include "services/vm/driver/read_prediction.hpp"
#include "services/vm/driver/vm_pool.hpp"
#include "services/worker/executor.hpp"

namespace vireo::vm {

class wasm_executor : public worker::executor {
 public:
  /// `loader` returns the module bytes for a code hash (the core's code store).
  wasm_executor(std::shared_ptr<vm_pool> pool, code_loader loader);

  /// Calls payload.function of the contract; writes go to `state` on success.
  worker::execution_result execute(const worker::execution_request& request,
                                   worker::state_access& state) override;

  /// Validates the module (unknown imports, bad WASM -> failed) and runs its
  /// `init` when it exports one.
  worker::execution_result deploy(const worker::execution_request& request,
                                  worker::state_access& state) override;

 private:
  worker::execution_result run(const worker::execution_request& request, worker::state_access& state,
                               bool deploy);

  std::shared_ptr<vm_pool> pool_;
  code_loader loader_;
  mapping_cache mapping_;  // this slot's memo of runtimes and addresses
  read_prediction reads_;  // this slot's guess of the keys each call reads
};

/// A pool for `settings` (throws std::runtime_error when vireo-vm cannot be found).
std::shared_ptr<vm_pool> make_vm_pool(const vm_settings& settings);

/// One wasm executor over `pool`: the one line the worker needs per slot.
std::unique_ptr<worker::executor> make_wasm_executor(std::shared_ptr<vm_pool> pool, code_loader loader);

}  // namespace vireo::vm
