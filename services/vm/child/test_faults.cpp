#include "services/vm/child/test_faults.hpp"

#include <unistd.h>

#include <cstdlib>
#include <cstring>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/child/pipe_hooks.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {
namespace {

bool enabled() {
  static const bool on = [] {
    const char* v = std::getenv("VIREO_VM_TEST_FAULTS");
    return v != nullptr && std::strcmp(v, "1") == 0;
  }();
  return on;
}

std::string response_frame(uint64_t nonce) {
  vm_proto::contract_response response;
  response.nonce = nonce;
  return vm_proto::encode_frame(response);
}

}  // namespace

std::optional<test_fault> requested_fault(const std::string& function) {
  if (!enabled()) return std::nullopt;
  if (function == "__fault_bad_nonce") return test_fault::bad_nonce;
  if (function == "__fault_truncated") return test_fault::truncated;
  if (function == "__fault_oversized") return test_fault::oversized;
  if (function == "__fault_garbage") return test_fault::garbage;
  if (function == "__fault_hang") return test_fault::hang;
  return std::nullopt;
}

void inject_fault(test_fault fault, const child_fds& fds, uint64_t nonce, uint32_t max_frame_bytes,
                  pipe_hooks& hooks) {
  switch (fault) {
    case test_fault::bad_nonce:
      write_frame(fds.vm_to_node, response_frame(nonce + 7), std::nullopt);
      return;
    case test_fault::truncated: {
      const std::string frame = response_frame(nonce);
      write_frame(fds.vm_to_node, frame.substr(0, frame.size() / 2), std::nullopt);
      ::_exit(static_cast<int>(vm_exit::internal_error));
    }
    case test_fault::oversized: {
      char head[vm_proto::preamble_bytes];
      vm_proto::write_preamble({max_frame_bytes + 1, static_cast<uint32_t>(vm_proto::frame_kind::contract_response)}, head);
      write_frame(fds.vm_to_node, std::string(head, sizeof head), std::nullopt);
      return;
    }
    case test_fault::garbage: {
      const std::string junk(16, '\xc1');  // 0xc1: the byte msgpack never uses
      char head[vm_proto::preamble_bytes];
      vm_proto::write_preamble({static_cast<uint32_t>(junk.size()), static_cast<uint32_t>(vm_proto::frame_kind::contract_response)}, head);
      write_frame(fds.vm_to_node, std::string(head, sizeof head) + junk, std::nullopt);
      return;
    }
    case test_fault::hang:
      hooks.read("fault:hang");
      for (;;) ::pause();
  }
}

}  // namespace vireo::vm
