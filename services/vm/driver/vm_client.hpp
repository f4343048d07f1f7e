// The driver's handle on one vireo-vm child: starts it on first use, runs one
// dialogue at a time under a wall deadline (kept by the pool's
// dialogue_watchdog: the child's frames are read with blocking reads), and on
// any transport or protocol error, or an overrun, kills the child and fails
// only that dialogue. The next dialogue restarts it, after a backoff when it
// keeps dying.
// REQUIRES: one dialogue at a time (the pool leases a client to one thread).
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "services/vm/driver/dialogue.hpp"
#include "services/vm/driver/dialogue_watchdog.hpp"
#include "services/vm/driver/vm_settings.hpp"
#include "services/worker/executor.hpp"

namespace vireo::vm {

class vm_process;
class output_pump;
class frame_reader;

class vm_client {
 public:
  using clock = std::chrono::steady_clock;

  /// `watch`: the slot the pool's watchdog keeps this client's deadlines with.
  vm_client(const vm_settings& settings, std::string binary, dialogue_watchdog::slot& watch);
  ~vm_client();  ///< asks the child to stop, kills it if it does not
  vm_client(const vm_client&) = delete;
  vm_client& operator=(const vm_client&) = delete;

  /// Runs one dialogue; never throws. `request` is taken to spare copying its
  /// input into the request frame.
  dialogue_outcome run(dialogue_request request, worker::state_access& state, const code_loader& loader,
                       clock::time_point deadline);

  /// Starts the child now if it is not running (warm-up). Throws on failure.
  void start(clock::time_point deadline);

  /// The child's pid, 0 when none runs. For tests and logs.
  pid_t pid() const;

  /// Sets the child's log level (spdlog numbering); sent on the log-profile
  /// pipe before the next dialogue, and to every later child in its init.
  /// May be called from any thread.
  void set_log_level(uint32_t level) { log_level_ = level; }

  /// Children started so far (1 + restarts).
  uint64_t starts() const { return starts_; }

 private:
  /// Starts the child if none runs; `invocation_id` tags its start-up output.
  void ensure_started(clock::time_point deadline, const std::string& invocation_id);
  /// `log_profile_sent`: a log_profile frame precedes the request.
  /// Moves the request's fields into the frame it sends.
  dialogue_outcome converse(dialogue_request& request, worker::state_access& state,
                            const code_loader& loader, clock::time_point deadline, bool log_profile_sent);
  /// Sends the log level set by set_log_level() when the child has another;
  /// returns whether it sent one.
  bool send_log_profile(clock::time_point deadline);
  /// How a failed dialogue left the child.
  enum class child_after_failure {
    running,      ///< maybe dying: give it a moment to exit with its own status
    closed_pipe,  ///< dying: wait for its status rather than kill it
    overran,      ///< past the deadline: killed (by the watchdog) or to be killed
  };
  /// Kills the child after a failed dialogue and schedules the backoff.
  std::string discard_child(const std::string& why, child_after_failure child);

  const vm_settings& settings_;
  std::string binary_;
  dialogue_watchdog::slot& watch_;
  std::unique_ptr<vm_process> process_;
  std::unique_ptr<output_pump> pump_;
  std::unique_ptr<frame_reader> reader_;  // of the child's VM->node pipe
  std::string out_frame_;  // the frame being sent; its capacity is kept across dialogues
  uint64_t starts_ = 0;
  std::atomic<uint32_t> log_level_;
  uint32_t child_log_level_ = 0;  // the level the running child has
  uint32_t consecutive_failures_ = 0;
  clock::time_point next_start_ = clock::time_point::min();
};

}  // namespace vireo::vm
