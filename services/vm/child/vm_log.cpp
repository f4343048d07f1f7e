#include "services/vm/child/vm_log.hpp"

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/control_messages.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {

vm_log::vm_log(int logs_fd, int profile_fd, uint32_t min_level)
    : logs_fd_(logs_fd), profile_fd_(profile_fd), min_level_(min_level), profile_reader_(profile_fd) {}

void vm_log::write(level lvl, const std::string& message) {
  if (!enabled(lvl)) return;
  vm_proto::log_record record;
  record.level = lvl;
  record.invocation_id = invocation_id_;
  record.message = message;
  try {
    write_frame(logs_fd_, vm_proto::encode_frame(record), std::nullopt);
  } catch (const std::exception&) {
    logs_fd_ = -1;  // the node stopped reading logs; keep running without them
  }
}

void vm_log::poll_profile() {
  while (profile_fd_ >= 0 && readable_now(profile_fd_)) {
    try {
      min_level_ = decode_as<vm_proto::log_profile>(profile_reader_.read(4096, std::nullopt)).log_level;
    } catch (const std::exception&) {
      profile_fd_ = -1;  // closed or bad: keep the current level
    }
  }
}

}  // namespace vireo::vm
