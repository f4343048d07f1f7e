// TEST-ONLY fault injection for the driver's failure tests. Off unless the
// environment variable VIREO_VM_TEST_FAULTS=1 is set when vireo-vm starts; then
// a call of function "__fault_<name>" misbehaves on purpose instead of running:
//   bad_nonce  answers with a wrong nonce
//   truncated  writes half a response frame and exits
//   oversized  announces a response larger than the maximum frame size
//   garbage    writes a frame whose payload is not msgpack
//   hang       reads storage key "fault:hang" (a sync point for the test), then
//              sleeps forever
// Never set it in production: it lets a caller wedge or kill a VM child.
#pragma once

#include <optional>
#include <string>

#include "services/vm/child/child_fds.hpp"

namespace vireo::vm {

enum class test_fault { bad_nonce, truncated, oversized, garbage, hang };

/// The fault a call of `function` asks for, when fault injection is enabled.
std::optional<test_fault> requested_fault(const std::string& function);

/// Misbehaves as `fault` says. `nonce` is the nonce a correct response would carry.
/// May not return (truncated exits, hang sleeps).
class pipe_hooks;
void inject_fault(test_fault fault, const child_fds& fds, uint64_t nonce, uint32_t max_frame_bytes,
                  pipe_hooks& hooks);

}  // namespace vireo::vm
