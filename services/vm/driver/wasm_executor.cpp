#include "services/vm/driver/wasm_executor.hpp"

#include "support/logging.hpp"

namespace vireo::vm {

using worker::execution_request;
using worker::execution_result;

wasm_executor::wasm_executor(std::shared_ptr<vm_pool> pool, code_loader loader)
    : pool_(std::move(pool)), loader_(std::move(loader)) {}

execution_result wasm_executor::execute(const execution_request& request, worker::state_access& state) {
  return run(request, state, false);
}

execution_result wasm_executor::deploy(const execution_request& request, worker::state_access& state) {
  return run(request, state, true);
}

execution_result wasm_executor::run(const execution_request& request, worker::state_access& state,
                                    bool deploy) {
  try {
    const vm_settings& settings = pool_->settings();
    auto deadline = request.deadline;
    if (deadline.time_since_epoch().count() == 0) {
      deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(settings.dialogue_timeout_ms);
    }
    const wasm_runtime& runtime = mapping_.runtime(request.contract.runtime, settings);
    dialogue_request dialogue = make_dialogue_request(request, runtime, deploy, mapping_);
    if (deploy) {
      auto code = loader_ ? loader_(runtime.code_hash) : std::nullopt;
      if (!code) return execution_result::failure("contract_not_found: no code stored for hash " + runtime.code_hash);
      dialogue.code = std::move(*code);
    } else {
      dialogue.prefetch_keys = reads_.keys(request.contract.name, dialogue.input.function);
    }
    const std::string function = dialogue.input.function;  // the dialogue is moved into its frame
    auto lease = pool_->acquire(deadline);
    if (!lease) return execution_result::failure("timeout: no VM child became free before the deadline");
    const dialogue_outcome outcome = lease->client().run(std::move(dialogue), state, loader_, deadline);
    if (!outcome.delivered) return execution_result::failure(outcome.error);
    if (!deploy) reads_.remember(request.contract.name, function, outcome.read_keys);
    return to_execution_result(outcome.response, state);
  } catch (const std::exception& e) {
    vireo::logger("vm")->warn("inv={} contract={} wasm request refused: {}", request.invocation_id,
                              request.contract.name, e.what());
    return execution_result::failure(std::string("bad wasm invocation: ") + e.what());
  }
}

std::shared_ptr<vm_pool> make_vm_pool(const vm_settings& settings) {
  return std::make_shared<vm_pool>(settings);
}

std::unique_ptr<worker::executor> make_wasm_executor(std::shared_ptr<vm_pool> pool, code_loader loader) {
  return std::make_unique<wasm_executor>(std::move(pool), std::move(loader));
}

}  // namespace vireo::vm
