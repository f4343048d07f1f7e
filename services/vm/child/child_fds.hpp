// The descriptors vireo-vm finds open when it starts (Arwen's layout), and its
// exit codes. Shared with the driver, which sets them up.
#pragma once

namespace vireo::vm {

struct child_fds {
  int init = 3;        ///< node -> VM, the initialize frame, then closed
  int node_to_vm = 4;  ///< requests and hook replies
  int vm_to_node = 5;  ///< hook calls and responses
  int log_profile = 6; ///< node -> VM, log_profile frames
  int logs = 7;        ///< VM -> node, log_record frames
};

/// vireo-vm's exit codes; the driver names them when a child dies.
enum class vm_exit : int {
  stopped = 0,         ///< a stop message
  bad_init = 2,        ///< no or a bad initialize frame
  protocol_error = 3,  ///< bad frame, unexpected kind, nonce mismatch
  node_gone = 4,       ///< the node's pipe closed
  internal_error = 5,
};

/// "protocol error" etc., for messages.
inline const char* describe(vm_exit code) {
  switch (code) {
    case vm_exit::stopped: return "stopped";
    case vm_exit::bad_init: return "bad initialize message";
    case vm_exit::protocol_error: return "protocol error";
    case vm_exit::node_gone: return "node pipe closed";
    case vm_exit::internal_error: return "internal error";
  }
  return "unknown exit code";
}

}  // namespace vireo::vm
