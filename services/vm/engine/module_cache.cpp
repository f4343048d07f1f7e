#include "services/vm/engine/module_cache.hpp"

#include <wabt/binary-reader.h>
#include <wabt/error.h>
#include <wabt/feature.h>
#include <wabt/interp/binary-reader-interp.h>

#include <algorithm>

namespace vireo::vm {

using namespace wabt::interp;

module_cache::module_cache(Store& store, const host_api& api, import_resolver resolve,
                           size_t capacity)
    : store_(store), api_(api), resolve_(std::move(resolve)), capacity_(std::max<size_t>(1, capacity)) {}

std::optional<std::string> module_cache::check_imports(const ModuleDesc& desc) const {
  for (const auto& import : desc.imports) {
    const ImportType& it = import.type;
    const std::string qualified = it.module + "." + it.name;
    if (it.type->kind != wabt::ExternalKind::Func) {
      return "import " + qualified + " is a " + wabt::GetKindName(it.type->kind) +
             "; only functions from env can be imported";
    }
    const host_function* fn = it.module == "env" ? api_.find(it.name) : nullptr;
    if (fn == nullptr) return "unknown import " + qualified;
    const auto& wanted = *wabt::cast<FuncType>(it.type.get());
    if (wanted.params != fn->type.params || wanted.results != fn->type.results) {
      return "import " + qualified + " has signature " + describe(wanted) +
             " but the host API defines " + describe(fn->type);
    }
  }
  if (!desc.starts.empty()) return "a start function is not allowed (it would run without gas)";
  return std::nullopt;
}

std::optional<std::string> module_cache::add(const std::string& code_hash, const std::string& code) {
  wabt::Errors errors;
  ModuleDesc desc;
  const wabt::ReadBinaryOptions options(wabt::Features{}, nullptr, false, true, true);
  if (wabt::Failed(ReadBinaryInterp("contract.wasm", code.data(), code.size(), options, &errors,
                                    &desc))) {
    return "not a valid WebAssembly module: " +
           (errors.empty() ? std::string("decode failed") : errors.front().message);
  }
  if (auto why = check_imports(desc)) return why;

  cached_module entry;
  for (const auto& import : desc.imports) entry.imports.push_back(resolve_(import.type.name));
  entry.initial_pages = desc.memories.empty() ? 0 : desc.memories.front().type.limits.initial;
  entry.reusable = warm_instance::reusable(desc);
  entry.desc = std::move(desc);

  if (auto existing = entries_.find(code_hash); existing != entries_.end()) {
    recency_.erase(existing->second.position);
    entries_.erase(existing);
  }
  evict_if_full();
  recency_.push_front(code_hash);
  entries_.emplace(code_hash, slot{std::move(entry), recency_.begin()});
  return std::nullopt;
}

cached_module* module_cache::find(const std::string& code_hash) {
  auto it = entries_.find(code_hash);
  if (it == entries_.end()) return nullptr;
  recency_.splice(recency_.begin(), recency_, it->second.position);
  return &it->second.module;
}

limited_module& module_cache::with_memory_limit(cached_module& entry, uint32_t memory_limit_pages) {
  auto it = entry.by_memory_limit.find(memory_limit_pages);
  if (it != entry.by_memory_limit.end()) return it->second;
  ModuleDesc desc = entry.desc;
  for (auto& memory : desc.memories) {
    wabt::Limits& limits = memory.type.limits;
    limits.max = limits.has_max ? std::min<uint64_t>(limits.max, memory_limit_pages) : memory_limit_pages;
    limits.has_max = true;
  }
  limited_module limited;
  limited.module = Module::New(store_, std::move(desc));
  limited.reuse = entry.reusable;
  return entry.by_memory_limit.emplace(memory_limit_pages, std::move(limited)).first->second;
}

void module_cache::evict_if_full() {
  while (entries_.size() >= capacity_ && !recency_.empty()) {
    entries_.erase(recency_.back());
    recency_.pop_back();
  }
}

}  // namespace vireo::vm
