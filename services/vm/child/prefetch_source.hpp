// A dialogue's storage source when the call request carries prefetched values:
// a read of a prefetched key is answered from the request, any other through
// the hook. The keys answered from the request are reported back so that the
// node records exactly those in the read set.
// REQUIRES: used by the VM's one thread, inside the dialogue of `prefetched`.
#pragma once

#include <vector>

#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/engine/storage_source.hpp"

namespace vireo::vm {

class prefetch_source : public storage_source {
 public:
  prefetch_source(const std::vector<vm_proto::prefetched_value>& prefetched, storage_source& hook)
      : prefetched_(prefetched), hook_(hook) {}

  std::optional<std::string> read(const std::string& key) override;

  /// Indices into `prefetched` of the values read, each once: the engine
  /// caches a key's committed value for the rest of the call.
  std::vector<uint32_t>& used() { return used_; }

 private:
  const std::vector<vm_proto::prefetched_value>& prefetched_;
  storage_source& hook_;
  std::vector<uint32_t> used_;
};

}  // namespace vireo::vm
