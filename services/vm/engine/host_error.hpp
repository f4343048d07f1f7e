// How a host-API function ends a call: it throws host_error, the import
// trampoline turns it into a WABT trap, and the engine reports `code` + message.
#pragma once

#include <stdexcept>
#include <string>

#include "proto-msgs/vm/return_code.hpp"

namespace vireo::vm {

class host_error : public std::runtime_error {
 public:
  host_error(vm_proto::return_code code, const std::string& message)
      : std::runtime_error(message), code_(code) {}
  vm_proto::return_code code() const { return code_; }

 private:
  vm_proto::return_code code_;
};

}  // namespace vireo::vm
