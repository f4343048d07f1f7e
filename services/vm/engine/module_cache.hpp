// Decoded, validated modules by code hash, least recently used evicted. A module
// is decoded and validated once (WABT's reader type-checks it), its imports are
// checked against the host API, and its instance is kept and restored between
// calls (warm_instance.hpp), or instantiated per call when it cannot be.
// REQUIRES: used by one thread (the VM's interpreter thread).
#pragma once

#include <wabt/interp/interp.h>

#include <functional>
#include <list>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>

#include "services/vm/engine/host_api.hpp"
#include "services/vm/engine/warm_instance.hpp"

namespace vireo::vm {

/// A module with its memory's maximum lowered to one page limit.
struct limited_module {
  wabt::interp::Module::Ptr module;
  /// The instance kept for the next call; null before the first one and
  /// after an instance could not be restored.
  std::unique_ptr<warm_instance> warm;
  /// False once an instance could not be restored (it grew): from then on
  /// each call instantiates afresh, without the snapshot.
  bool reuse = true;
};

/// A cached module, ready to instantiate.
struct cached_module {
  wabt::interp::ModuleDesc desc;
  wabt::interp::RefVec imports;  ///< host functions in import order
  uint64_t initial_pages = 0;    ///< of its memory (0 without one)
  bool reusable = false;         ///< warm_instance::reusable(desc)
  std::map<uint32_t, limited_module> by_memory_limit;
};

class module_cache {
 public:
  using import_resolver = std::function<wabt::interp::Ref(const std::string& name)>;

  module_cache(wabt::interp::Store& store, const host_api& api, import_resolver resolve,
               size_t capacity);

  /// Decodes and validates `code` and caches it under `code_hash`. Returns why the
  /// module is invalid ("unknown import env.foo", ...), or nullopt on success.
  std::optional<std::string> add(const std::string& code_hash, const std::string& code);

  /// The cached module, or nullptr. Marks it recently used.
  cached_module* find(const std::string& code_hash);

  /// The module instantiable under `memory_limit_pages`.
  /// REQUIRES: entry.initial_pages <= memory_limit_pages.
  limited_module& with_memory_limit(cached_module& entry, uint32_t memory_limit_pages);

  size_t size() const { return entries_.size(); }

 private:
  std::optional<std::string> check_imports(const wabt::interp::ModuleDesc& desc) const;
  void evict_if_full();

  wabt::interp::Store& store_;
  const host_api& api_;
  import_resolver resolve_;
  size_t capacity_;
  std::list<std::string> recency_;  // front: most recently used
  struct slot {
    cached_module module;
    std::list<std::string>::iterator position;
  };
  std::unordered_map<std::string, slot> entries_;
};

}  // namespace vireo::vm
