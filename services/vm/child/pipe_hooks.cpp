#include "services/vm/child/pipe_hooks.hpp"

#include "proto-msgs/vm/dialogue_messages.hpp"

namespace vireo::vm {

pipe_hooks::pipe_hooks(const child_fds& fds, frame_reader& reader, std::string& out_frame,
                       dialogue_nonce& nonce, uint32_t max_frame_bytes)
    : fds_(fds), reader_(reader), out_frame_(out_frame), nonce_(nonce), max_frame_bytes_(max_frame_bytes) {}

template <typename Reply, typename Request>
Reply pipe_hooks::ask(Request request) {
  request.nonce = nonce_.next();
  vm_proto::encode_frame_into(request, out_frame_);
  write_frame(fds_.vm_to_node, out_frame_, std::nullopt);
  Reply reply = decode_as<Reply>(reader_.read(max_frame_bytes_, std::nullopt));
  nonce_.accept(reply.nonce);
  return reply;
}

std::optional<std::string> pipe_hooks::read(const std::string& key) {
  try {
    vm_proto::storage_read_request request;
    request.key = key;
    auto reply = ask<vm_proto::storage_read_response>(std::move(request));
    if (!reply.found) return std::nullopt;
    return std::move(reply.value.bytes);
  } catch (const std::exception& e) {
    throw storage_failure(std::string("storage read hook failed: ") + e.what());
  }
}

std::optional<std::string> pipe_hooks::fetch_code(const std::string& code_hash) {
  vm_proto::code_request request;
  request.code_hash = code_hash;
  auto reply = ask<vm_proto::code_response>(std::move(request));
  if (!reply.found) return std::nullopt;
  return std::move(reply.code.bytes);
}

}  // namespace vireo::vm
