// vireo-vm's main loop: requests from the node pipe, one dialogue at a time
// (deploy or call, with hook calls in between), responses on the VM pipe.
// A contract failure is a response; a broken pipe or protocol is fatal and ends
// the process with a distinct exit code (child_fds.hpp).
#pragma once

#include "proto-msgs/vm/control_messages.hpp"
#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/child/child_fds.hpp"
#include "services/vm/child/vm_log.hpp"
#include "services/vm/engine/engine.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {

class vm_server {
 public:
  vm_server(child_fds fds, const vm_proto::init_message& init);

  /// Serves until stop or a fatal error; returns the process exit code.
  vm_exit run();

 private:
  void serve(const raw_frame& frame);
  void on_version(const vm_proto::version_request& request);
  void on_deploy(const vm_proto::deploy_request& request);
  void on_call(const vm_proto::call_request& request);
  /// `prefetch_used`: the call request's prefetched values the contract read.
  void respond(call_outcome outcome, std::vector<uint32_t> prefetch_used = {});

  child_fds fds_;
  vm_proto::init_message init_;
  engine engine_;
  vm_log log_;
  frame_reader reader_;  // of the node->VM pipe
  std::string out_frame_;  // the frame being sent; its capacity is kept across dialogues
  dialogue_nonce nonce_;
};

}  // namespace vireo::vm
