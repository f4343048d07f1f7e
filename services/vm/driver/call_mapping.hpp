// From the core's view of an invocation (contract spec + triggering transaction
// JSON) to a VM dialogue request, and from a contract response back to an
// execution_result. The JSON conventions are documented in docs/wasm-contracts.md.
#pragma once

#include "support/hash.hpp"

#include <stdexcept>
#include <string>

#include "services/vm/driver/dialogue.hpp"
#include "services/vm/driver/vm_settings.hpp"
#include "services/worker/executor.hpp"

namespace vireo::vm {

/// A request the executor refuses before any VM is involved (bad runtime JSON,
/// missing function, undecodable argument); the message is the failure reason.
class bad_request : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The contract's runtime settings (its `runtime` JSON).
struct wasm_runtime {
  std::string code_hash;
  uint64_t gas_limit = 0;
  uint32_t memory_limit_pages = 0;
  std::string owner;  ///< as given; see address_bytes
};

wasm_runtime parse_runtime(const std::string& runtime_json, const vm_settings& settings);

/// Builds the dialogue for `request`. Throws bad_request.
dialogue_request make_dialogue_request(const worker::execution_request& request,
                                       const wasm_runtime& runtime, bool deploy);

/// One argument from its JSON form: "0x.." hex -> bytes; a decimal integer
/// (number or string) -> minimal two's complement big-endian; other strings ->
/// their UTF-8 bytes. Throws bad_request.
std::string argument_bytes(const std::string& json_value);

/// 32-byte address: "0x" + 64 hex digits as is, any other string hashed (SHA-256).
std::string address_bytes(const std::string& text);

/// The execution_result for a delivered response; applies the write set to
/// `state` only when the call succeeded.
worker::execution_result to_execution_result(const vm_proto::contract_response& response,
                                             worker::state_access& state);


}  // namespace vireo::vm
