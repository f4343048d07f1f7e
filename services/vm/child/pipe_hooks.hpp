// vireo-vm's side of the hook calls inside a dialogue: a storage read or a code
// lookup is a request frame on the VM->node pipe answered on the node->VM pipe,
// both carrying the dialogue's next nonces.
// REQUIRES: used by the VM's one thread, inside a dialogue.
#pragma once

#include <optional>
#include <string>

#include "services/vm/child/child_fds.hpp"
#include "services/vm/engine/storage_source.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {

class pipe_hooks : public storage_source {
 public:
  /// `out_frame`: the buffer hook calls are encoded into.
  pipe_hooks(const child_fds& fds, frame_reader& reader, std::string& out_frame, dialogue_nonce& nonce,
             uint32_t max_frame_bytes);

  /// storage_source: throws storage_failure when the pipe or the protocol breaks.
  std::optional<std::string> read(const std::string& key) override;

  /// The module bytes for `code_hash`, nullopt when the node has none.
  /// Throws transport_error / codec_error.
  std::optional<std::string> fetch_code(const std::string& code_hash);

 private:
  template <typename Reply, typename Request>
  Reply ask(Request request);

  const child_fds& fds_;
  frame_reader& reader_;
  std::string& out_frame_;
  dialogue_nonce& nonce_;
  uint32_t max_frame_bytes_;
};

}  // namespace vireo::vm
