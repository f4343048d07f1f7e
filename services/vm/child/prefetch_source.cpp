#include "services/vm/child/prefetch_source.hpp"

namespace vireo::vm {

std::optional<std::string> prefetch_source::read(const std::string& key) {
  // A linear scan: the node sends a handful of values, fewer than a map would pay for.
  for (uint32_t i = 0; i < prefetched_.size(); ++i) {
    const auto& entry = prefetched_[i];
    if (entry.key.bytes != key) continue;
    used_.push_back(i);
    if (!entry.found) return std::nullopt;
    return entry.value.bytes;
  }
  return hook_.read(key);
}

}  // namespace vireo::vm
