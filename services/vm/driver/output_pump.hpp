// Forwards one child's output to Vireo's "vm" logger until the child's pipes
// close: log_record frames (fd 7) at their own level, stdout lines at trace,
// stderr lines at error (Arwen's convention). Every line carries the child's pid
// and the invocation id: the frame's own, else the one the driver is running.
// Runs its own thread; the invocation id may be set from any thread.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

namespace vireo::vm {

class output_pump {
 public:
  /// `invocation_id`: the invocation that started the child (its start-up output).
  output_pump(pid_t pid, int logs_fd, int stdout_fd, int stderr_fd, std::string invocation_id);
  ~output_pump();  ///< stops and joins (the child's pipes need not be closed)
  output_pump(const output_pump&) = delete;
  output_pump& operator=(const output_pump&) = delete;

  void set_invocation(const std::string& id);

 private:
  void run();
  std::string invocation() const;

  pid_t pid_;
  int logs_fd_, stdout_fd_, stderr_fd_;
  mutable std::mutex mutex_;
  std::string invocation_id_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace vireo::vm
