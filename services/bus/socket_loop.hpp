// The thread that owns this process's bus sockets.
//
// ZeroMQ sockets are not thread-safe, so exactly one thread touches them: this
// loop. Every endpoint of the process (the core's ROUTER, a worker's DEALER)
// opens its socket as a channel of the one shared loop. In a process holding
// both roles an execute then crosses from the core's socket to the worker's,
// and its result back, inside the loop, where a thread per socket took a
// thread hand-off each way; on the small VMs we run on, each costs tens of
// microseconds of CPU (docs/benchmarks.md). Other threads hand frames to the
// loop through send(), which queues them and wakes the loop through an eventfd
// polled beside the sockets. Incoming frames go to the channel's `on_frame`
// callback on the loop's thread; callbacks must not block, since they hold up
// every channel.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <zmq.hpp>

namespace vireo::bus {

/// The ZeroMQ context of this process; inproc:// endpoints work only between
/// sockets of one context.
zmq::context_t& process_context();

class socket_loop {
 public:
  /// An incoming message: its parts (a ROUTER's first part is the peer identity).
  using frame_handler = std::function<void(std::vector<zmq::message_t>& parts)>;
  /// Called every channel's `tick` on the loop thread (heartbeats, liveness).
  using tick_handler = std::function<void()>;
  using channel_id = uint64_t;

  /// The process's loop, started on a thread named "bus" for the first
  /// caller; it stops when the last holder lets go.
  static std::shared_ptr<socket_loop> shared();

  socket_loop();
  ~socket_loop();

  socket_loop(const socket_loop&) = delete;
  socket_loop& operator=(const socket_loop&) = delete;

  /// Hands `socket` (bound or connected, not used since) to the loop.
  /// Thread-safe; frames may arrive as soon as it returns.
  channel_id open(zmq::socket_t socket, frame_handler on_frame, tick_handler on_tick, std::chrono::milliseconds tick);

  /// Queues a multi-part message for the channel's socket. Thread-safe.
  void send(channel_id channel, std::vector<std::string> parts);

  /// Sends what was queued for the channel, then closes its socket. No
  /// callback of the channel runs once this returns. Thread-safe, but not
  /// from a callback (it waits for the loop).
  void close(channel_id channel);

 private:
  struct channel {
    zmq::socket_t socket;
    frame_handler on_frame;
    tick_handler on_tick;
    std::chrono::milliseconds tick{};
    std::chrono::steady_clock::time_point next_tick;
    /// Frames waiting for the socket to take them (a full pipe: high water mark).
    std::deque<std::vector<std::string>> unsent;
  };
  struct outgoing {
    channel_id channel = 0;
    std::vector<std::string> parts;
  };
  struct closing {
    channel_id channel = 0;
    std::promise<void> closed;
  };

  void run();
  void wake();
  /// Moves queued opens, frames and closes onto the loop's own state.
  void take_requests();
  /// Hands the channel's unsent frames to its socket until it would block.
  static void flush(channel& ch);
  /// Reads every frame waiting on the channel's socket; whether any was read.
  static bool drain(channel& ch);

  int wake_fd_ = -1;
  std::atomic<bool> running_{true};

  std::mutex requests_mutex_;
  channel_id next_channel_ = 1;
  std::map<channel_id, channel> opened_;
  std::deque<outgoing> outbox_;
  std::vector<closing> closes_;

  std::map<channel_id, channel> channels_;  ///< the loop thread's only
  std::thread thread_;
};

}  // namespace vireo::bus
