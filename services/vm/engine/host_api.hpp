// The contract host API: every function a module may import from `env`, with
// its WebAssembly signature and its body. Built once per engine; immutable after.
// The bodies live in one file per family (host_args.cpp, host_storage.cpp, ...).
#pragma once

#include <wabt/interp/interp.h>

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "services/vm/engine/call_state.hpp"

namespace vireo::vm {

/// The body of a host function: reads its parameters, may write `results`
/// (already sized), throws host_error to end the call.
using host_body = std::function<void(call_state&, const wabt::interp::Values& params,
                                     wabt::interp::Values& results)>;

struct host_function {
  std::string name;
  wabt::interp::FuncType type;
  host_body body;
};

/// Registry of the `env` imports.
class host_api {
 public:
  /// Registers every family.
  host_api();

  /// Adds `name` with parameter/result types spelled 'i' (i32) and 'I' (i64),
  /// e.g. add("storageLoad", "iii", "i", ...).
  void add(std::string name, std::string_view params, std::string_view results, host_body body);

  /// nullptr when the API has no such function.
  const host_function* find(const std::string& name) const;

  /// Every registered name, sorted.
  std::vector<std::string> names() const;

 private:
  std::map<std::string, host_function> functions_;
};

/// "(i32, i32) -> i64" for messages.
std::string describe(const wabt::interp::FuncType& type);

// One registration function per family.
void register_argument_functions(host_api& api);
void register_storage_functions(host_api& api);
void register_context_functions(host_api& api);
void register_crypto_functions(host_api& api);
void register_big_int_functions(host_api& api);

// Parameter helpers for the bodies.
inline uint32_t u32_at(const wabt::interp::Values& p, size_t i) { return p[i].Get<uint32_t>(); }
inline int32_t i32_at(const wabt::interp::Values& p, size_t i) {
  return static_cast<int32_t>(p[i].Get<uint32_t>());
}
inline int64_t i64_at(const wabt::interp::Values& p, size_t i) {
  return static_cast<int64_t>(p[i].Get<uint64_t>());
}
inline wabt::interp::Value i32_value(int32_t v) {
  return wabt::interp::Value::Make(static_cast<uint32_t>(v));
}
inline wabt::interp::Value i64_value(int64_t v) {
  return wabt::interp::Value::Make(static_cast<uint64_t>(v));
}

}  // namespace vireo::vm
