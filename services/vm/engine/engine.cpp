#include "services/vm/engine/engine.hpp"

#include <wabt/interp/interp.h>

#include <algorithm>
#include <exception>
#include <utility>

#include "services/vm/engine/bounded_call.hpp"
#include "services/vm/engine/call_state.hpp"
#include "services/vm/engine/host_api.hpp"
#include "services/vm/engine/host_error.hpp"
#include "services/vm/engine/module_cache.hpp"

namespace vireo::vm {

using namespace wabt::interp;
using vm_proto::return_code;

namespace {

bool is_stack_exhaustion(const std::string& trap) {
  return trap.find("stack exhausted") != std::string::npos;
}

}  // namespace

struct engine::impl {
  explicit impl(engine_options opts)
      : options(opts),
        cache(store, api, [this](const std::string& name) { return host_funcs.at(name).ref(); },
              opts.module_cache_entries) {
    for (const auto& name : api.names()) {
      const host_function* fn = api.find(name);
      host_funcs.emplace(name, HostFunc::New(store, fn->type, [this, fn](Thread& thread,
                                                                        const Values& params,
                                                                        Values& results,
                                                                        Trap::Ptr* out_trap) {
                           return dispatch(*fn, thread, params, results, out_trap);
                         }));
    }
    thread = std::make_unique<Thread>(store);
  }

  /// The trampoline between WABT and a host body: charges gas, turns a
  /// host_error into a trap and remembers why.
  wabt::Result dispatch(const host_function& fn, Thread& thread, const Values& params,
                        Values& results, Trap::Ptr* out_trap) {
    try {
      current->charge_host_call();
      results.resize(fn.type.results.size());
      fn.body(*current, params, results);
      return wabt::Result::Ok;
    } catch (const host_error& e) {
      host_failure = call_outcome::failure(e.code(), e.what());
    } catch (const storage_failure& e) {
      fatal = std::current_exception();
      host_failure = call_outcome::failure(return_code::execution_failed, e.what());
    } catch (const std::exception& e) {
      host_failure = call_outcome::failure(return_code::execution_failed, fn.name + ": " + e.what());
    }
    *out_trap = Trap::New(thread.store(), host_failure->message);
    return wabt::Result::Error;
  }

  call_outcome execute(DefinedFunc& func, const vm_proto::call_input& input,
                       storage_source& storage, Memory* memory) {
    call_state state(input, storage, options.gas_per_host_call);
    state.set_memory(memory);
    current = &state;
    host_failure.reset();
    fatal = nullptr;
    const run_report report = run_bounded(
        *thread, func, [&state] { return state.gas_remaining(); },
        [&state](int64_t steps) { state.consume_steps(steps); });
    current = nullptr;

    call_outcome out;
    if (report.end == run_end::returned) {
      out.return_data = std::move(state.return_data());
      out.writes = state.writes();
      out.logs = std::move(state.logs());
    } else {
      thread.reset();  // stale frames: a fresh thread for the next call
      thread = std::make_unique<Thread>(store);
      if (host_failure) {
        out = std::move(*host_failure);
      } else if (report.end == run_end::out_of_steps) {
        out = call_outcome::failure(return_code::out_of_gas,
                                    "out of gas after " + std::to_string(input.gas_limit) + " steps");
      } else if (is_stack_exhaustion(report.trap_message)) {
        out = call_outcome::failure(return_code::call_stack_overflow, "trap: " + report.trap_message);
      } else {
        out = call_outcome::failure(return_code::execution_failed, "trap: " + report.trap_message);
      }
    }
    const int64_t left = std::max<int64_t>(0, state.gas_remaining());
    out.gas_used = input.gas_limit - std::min<uint64_t>(input.gas_limit, static_cast<uint64_t>(left));
    return out;
  }

  engine_options options;
  Store store;
  host_api api;
  std::map<std::string, HostFunc::Ptr> host_funcs;
  module_cache cache;
  std::unique_ptr<Thread> thread;
  call_state* current = nullptr;
  std::optional<call_outcome> host_failure;
  std::exception_ptr fatal;  // a storage_failure to rethrow once the call is unwound
  uint64_t instantiations = 0;
};

engine::engine(engine_options options) : impl_(std::make_unique<impl>(options)) {}
engine::~engine() = default;

std::optional<std::string> engine::load(const std::string& code_hash, const std::string& code) {
  auto invalid = impl_->cache.add(code_hash, code);
  impl_->store.Collect();  // the modules and instances of a replaced or evicted entry
  return invalid;
}

uint64_t engine::instantiations() const { return impl_->instantiations; }

bool engine::has_module(const std::string& code_hash) const {
  return impl_->cache.find(code_hash) != nullptr;
}

std::vector<std::string> engine::host_function_names() const { return impl_->api.names(); }

call_outcome engine::run(const std::string& code_hash, call_kind kind,
                         const vm_proto::call_input& input, storage_source& storage) {
  impl& d = *impl_;
  cached_module* entry = d.cache.find(code_hash);
  if (entry == nullptr) {
    return call_outcome::failure(return_code::contract_not_found, "no contract code for hash " + code_hash);
  }
  const std::string name = kind == call_kind::deploy ? std::string("init") : input.function;
  if (kind == call_kind::call && (name == "init" || name == "callBack")) {
    return call_outcome::failure(return_code::user_error, "function " + name + " cannot be called directly");
  }
  const uint32_t limit = input.memory_limit_pages;
  if (entry->initial_pages > limit) {
    return call_outcome::failure(return_code::execution_failed,
                                 "memory of " + std::to_string(entry->initial_pages) +
                                     " pages exceeds the limit of " + std::to_string(limit) + " pages");
  }
  limited_module& target = d.cache.with_memory_limit(*entry, limit);
  if (!target.warm || !target.warm->ready_for_call()) {
    if (target.warm) target.reuse = false;  // it could not be restored: instantiate per call
    Trap::Ptr trap;
    target.warm = warm_instance::create(d.store, *target.module, entry->imports, target.reuse, &trap);
    d.store.Collect();  // the instance replaced
    if (!target.warm) {
      return call_outcome::failure(return_code::execution_failed,
                                   "instantiation failed: " + (trap ? trap->message() : std::string("unknown")));
    }
    target.warm->ready_for_call();
    ++d.instantiations;
  }
  Instance& instance = target.warm->instance();

  DefinedFunc::Ptr func;
  Memory* memory = nullptr;
  bool exported = false;
  const auto& exports = target.module->export_types();
  for (size_t i = 0; i < exports.size(); ++i) {
    const Ref ref = instance.exports()[i];
    if (exports[i].name == "memory" && d.store.Is<Memory>(ref)) {
      memory = d.store.UnsafeGet<Memory>(ref).get();
    } else if (exports[i].name == name) {
      exported = true;
      if (d.store.Is<DefinedFunc>(ref)) func = d.store.UnsafeGet<DefinedFunc>(ref);
    }
  }
  call_outcome out;
  if (!exported) {
    if (kind == call_kind::call) {
      out = call_outcome::failure(return_code::function_not_found, "function '" + name + "' not found");
    }
  } else if (!func) {
    out = call_outcome::failure(return_code::function_not_found,
                                "export '" + name + "' is not a contract function");
  } else if (!func->type().params.empty() || !func->type().results.empty()) {
    out = call_outcome::failure(return_code::function_wrong_signature,
                                "function '" + name + "' must be () -> (), it is " + describe(func->type()));
  } else {
    out = d.execute(*func, input, storage, memory);
  }
  func.reset();
  // A returned call allocates nothing in the store; a failed one may leave a trap.
  if (out.code != return_code::ok) d.store.Collect();
  if (d.fatal) std::rethrow_exception(std::exchange(d.fatal, nullptr));
  return out;
}

}  // namespace vireo::vm
