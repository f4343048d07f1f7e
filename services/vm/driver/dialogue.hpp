// What the driver asks one VM child and what comes back. A dialogue is a deploy
// or a call request, the hook calls the VM makes while it runs (storage reads
// answered from state_access, code lookups from the code loader), and the
// contract response.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "proto-msgs/vm/dialogue_messages.hpp"

namespace vireo::vm {

/// Module bytes for a code hash; nullopt when the core stores none.
using code_loader = std::function<std::optional<std::string>(const std::string& code_hash)>;

struct dialogue_request {
  std::string invocation_id;
  bool deploy = false;
  std::string code_hash;
  std::string code;  ///< deploy only
  vm_proto::call_input input;
  /// Call only: keys whose committed values are sent with the request (when
  /// the state can peek), because the contract is expected to read them. Null: none.
  const std::vector<std::string>* prefetch_keys = nullptr;
};

struct dialogue_outcome {
  /// false: the transport or protocol failed (the child was killed), or the
  /// state broke its peek() promise (the child is kept); `error` says why.
  bool delivered = false;
  std::string error;
  vm_proto::contract_response response;
  int hook_calls = 0;  ///< storage reads and code lookups answered
  /// Every key the contract read, through a hook or from the prefetched values.
  std::vector<std::string> read_keys;
};

}  // namespace vireo::vm
