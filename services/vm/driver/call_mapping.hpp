// From the core's view of an invocation (contract spec + triggering transaction
// JSON) to a VM dialogue request, and from a contract response back to an
// execution_result. The JSON conventions are documented in docs/wasm-contracts.md.
#pragma once

#include <stdexcept>
#include <string>
#include <unordered_map>

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

/// What the mapping would otherwise recompute on every call of the same
/// contract: the parsed runtime and the SHA-256 addresses, memoized by their
/// input text. Each memo keeps at most max_entries keys of at most
/// max_key_bytes (longer ones are computed every time): a transaction's
/// sender cannot grow it without bound. It is cleared when full, which needs
/// no recency tracking (a worker slot sees few distinct contracts and senders
/// between clears). A returned reference is valid until the next call of the
/// same function. One per executor; not thread-safe.
class mapping_cache {
 public:
  static constexpr size_t max_entries = 1024;
  static constexpr size_t max_key_bytes = 1024;

  /// parse_runtime(runtime_json, settings), memoized by runtime_json.
  /// REQUIRES: the same `settings` on every call. Throws bad_request.
  const wasm_runtime& runtime(const std::string& runtime_json, const vm_settings& settings);
  /// address_bytes(text), memoized.
  const std::string& address(const std::string& text);
  /// The 32-byte address of the contract named `name`, memoized.
  const std::string& contract_address(const std::string& name);

 private:
  template <typename Value>
  class memo {
   public:
    /// The value for `key`, from make() when not kept yet.
    template <typename Make>
    const Value& get(const std::string& key, Make make);

   private:
    std::unordered_map<std::string, Value> kept_;
    Value unkept_;  // the value for a key too long to keep
  };

  memo<wasm_runtime> runtimes_;
  memo<std::string> addresses_;
  memo<std::string> contract_addresses_;
};

/// Builds the dialogue for `request`, taking addresses from `cache`. Throws bad_request.
dialogue_request make_dialogue_request(const worker::execution_request& request,
                                       const wasm_runtime& runtime, bool deploy, mapping_cache& cache);

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
