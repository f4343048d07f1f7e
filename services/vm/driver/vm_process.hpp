// One running vireo-vm child: spawned with its pipes on fds 3-7 and its stdout
// and stderr captured, then killed or stopped. Holds the parent's pipe ends
// (non-blocking, close-on-exec).
// REQUIRES: used by one thread at a time; the output fds may be read by another.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace vireo::vm {

class vm_process {
 public:
  /// Starts `binary`. Throws std::system_error when pipes, fork or exec fail
  /// (an exec failure shows as an exit with code 127).
  vm_process(const std::string& binary, const std::vector<std::string>& extra_env);
  ~vm_process();  ///< kills the child if it still runs
  vm_process(const vm_process&) = delete;
  vm_process& operator=(const vm_process&) = delete;

  pid_t pid() const { return pid_; }
  int init_fd() const { return init_; }          ///< write: the initialize frame
  int to_vm_fd() const { return to_vm_; }        ///< write: requests, hook replies
  int from_vm_fd() const { return from_vm_; }    ///< read: hook calls, responses
  int profile_fd() const { return profile_; }    ///< write: log_profile frames
  int logs_fd() const { return logs_; }          ///< read: log_record frames
  int stdout_fd() const { return stdout_; }
  int stderr_fd() const { return stderr_; }

  /// Closes the init pipe once the initialize frame is written.
  void close_init();

  /// SIGKILL and reap. Idempotent.
  void kill();

  /// Waits up to `timeout_ms` for the child to exit by itself; kills it after.
  void wait_or_kill(int timeout_ms);

  /// Reaps the child if it has exited. True when it is gone.
  bool reap_if_exited();

  /// "exited with code 3 (protocol error)", "killed by signal 9", "running".
  std::string status_text() const;

 private:
  pid_t pid_ = -1;
  int init_ = -1, to_vm_ = -1, from_vm_ = -1, profile_ = -1, logs_ = -1, stdout_ = -1, stderr_ = -1;
  bool reaped_ = false;
  int wait_status_ = 0;
};

}  // namespace vireo::vm
