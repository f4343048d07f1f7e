// vireo-vm's log: log_record frames on the log pipe, tagged with the current
// invocation id, filtered by the level the node set (init, then log_profile).
// REQUIRES: used by the VM's one thread.
#pragma once

#include <cstdint>
#include <string>

#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm {

class vm_log {
 public:
  enum level : uint32_t { trace = 0, debug = 1, info = 2, warn = 3, error = 4, critical = 5, off = 6 };

  vm_log(int logs_fd, int profile_fd, uint32_t min_level);

  void set_invocation(std::string id) { invocation_id_ = std::move(id); }
  /// True when a line at `lvl` would be written: lets a caller skip building it.
  bool enabled(level lvl) const { return lvl >= min_level_ && logs_fd_ >= 0; }
  void write(level lvl, const std::string& message);
  /// Applies any log_profile frames waiting on the profile pipe.
  void poll_profile();

 private:
  int logs_fd_;
  int profile_fd_;
  uint32_t min_level_;
  std::string invocation_id_;
  frame_reader profile_reader_;
};

}  // namespace vireo::vm
