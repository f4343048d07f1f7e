// Launch-and-supervise of one chaincode process: runs `command` through
// /bin/sh with `--peer.address HOST:PORT` appended and the Fabric environment
// (CORE_CHAINCODE_ID_NAME, CORE_PEER_TLS_ENABLED, ...), in its own process
// group, output appended to a log file; restarts it whenever it exits, after a
// backoff that doubles per quick exit (reset after 10 s of uptime). The
// supervisor is one thread; stop() (or the destructor) sends SIGTERM to the
// process group, then SIGKILL after a grace period. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>

namespace vireo::peer {

struct launch_spec {
  std::string chaincode_id;  ///< for log lines
  std::string command;       ///< shell command, e.g. "node cc/index.js"
  std::string peer_address;  ///< appended as --peer.address
  std::map<std::string, std::string> env;  ///< added to (and overriding) our environment
  std::string log_file;      ///< stdout + stderr of the process, appended
  uint32_t backoff_initial_ms = 500;
  uint32_t backoff_max_ms = 30000;
  uint32_t stop_grace_ms = 2000;
};

struct launch_status {
  enum class phase { starting, running, backing_off, stopped };
  phase current = phase::starting;
  pid_t pid = 0;           ///< running: the process (and process group) id
  uint32_t starts = 0;     ///< processes started so far
  std::string last_exit;   ///< "exit 1", "signal 9", or "spawn failed: ..."
  std::chrono::milliseconds next_backoff{0};
};

/// "running", "backing_off", ...
const char* to_string(launch_status::phase p);

class supervised_process {
 public:
  explicit supervised_process(launch_spec spec);  ///< starts the first process
  ~supervised_process();                           ///< stop()
  supervised_process(const supervised_process&) = delete;
  supervised_process& operator=(const supervised_process&) = delete;

  /// Stops supervising and terminates the process group. Idempotent.
  void stop();
  launch_status status() const;
  const launch_spec& spec() const { return spec_; }
  /// Sync point: waits until `starts` processes were started and the last one
  /// is running, or `deadline`; returns whether it happened.
  bool wait_started(uint32_t starts, std::chrono::steady_clock::time_point deadline) const;

 private:
  void supervise();
  pid_t spawn(std::string& error);
  /// Moves to `next` (and the metric with it). REQUIRES: mu_ held.
  void enter(launch_status::phase next);

  const launch_spec spec_;
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  launch_status status_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace vireo::peer
