// Arwen's contract return codes (PROTOCOLS.md §2), as they travel in a
// contract_response. The names are generated from the list, so they cannot drift.
#pragma once

#include <cstdint>
#include <string_view>

namespace vireo::vm_proto {

#define VIREO_VM_RETURN_CODES(X) \
  X(ok, 0)                       \
  X(function_not_found, 1)       \
  X(function_wrong_signature, 2) \
  X(contract_not_found, 3)       \
  X(user_error, 4)               \
  X(out_of_gas, 5)               \
  X(account_collision, 6)        \
  X(out_of_funds, 7)             \
  X(call_stack_overflow, 8)      \
  X(contract_invalid, 9)         \
  X(execution_failed, 10)

enum class return_code : uint32_t {
#define VIREO_VM_RC_ENUM(name, value) name = value,
  VIREO_VM_RETURN_CODES(VIREO_VM_RC_ENUM)
#undef VIREO_VM_RC_ENUM
};

/// The code's snake_case name ("out_of_gas"); "unknown" for a value not in the list.
std::string_view to_string(return_code code);

/// True when `value` is one of the listed codes.
bool is_known_return_code(uint32_t value);

}  // namespace vireo::vm_proto
