#include "proto-msgs/vm/return_code.hpp"

namespace vireo::vm_proto {

std::string_view to_string(return_code code) {
  switch (code) {
#define VIREO_VM_RC_NAME(name, value) \
  case return_code::name:             \
    return #name;
    VIREO_VM_RETURN_CODES(VIREO_VM_RC_NAME)
#undef VIREO_VM_RC_NAME
  }
  return "unknown";
}

bool is_known_return_code(uint32_t value) {
  switch (static_cast<return_code>(value)) {
#define VIREO_VM_RC_CASE(name, value) case return_code::name:
    VIREO_VM_RETURN_CODES(VIREO_VM_RC_CASE)
#undef VIREO_VM_RC_CASE
    return true;
  }
  return false;
}

}  // namespace vireo::vm_proto
