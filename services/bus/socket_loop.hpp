// A thread that owns one ZeroMQ socket.
//
// ZeroMQ sockets are not thread-safe, so exactly one thread touches the
// socket: this loop. Other threads hand it frames through send(), which queues
// them and wakes the loop through an eventfd polled beside the socket.
// Incoming frames go to the `on_frame` callback on the loop's thread; it must
// not block for long (it is the only reader of the socket).
#pragma once

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
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
  /// Called every `tick` on the loop thread (heartbeats, liveness).
  using tick_handler = std::function<void()>;

  /// Starts the loop on a thread named `thread_name` (support/thread_name.hpp).
  socket_loop(zmq::socket_t socket, frame_handler on_frame, tick_handler on_tick, std::chrono::milliseconds tick,
              const std::string& thread_name);
  ~socket_loop();

  socket_loop(const socket_loop&) = delete;
  socket_loop& operator=(const socket_loop&) = delete;

  /// Queues a multi-part message for the socket. Thread-safe.
  void send(std::vector<std::string> parts);

  /// Stops the thread and closes the socket; idempotent.
  void stop();

 private:
  void run();
  void drain_outbox();

  zmq::socket_t socket_;
  frame_handler on_frame_;
  tick_handler on_tick_;
  std::chrono::milliseconds tick_;
  int wake_fd_ = -1;
  std::mutex outbox_mutex_;
  std::deque<std::vector<std::string>> outbox_;
  std::atomic<bool> running_{true};
  std::thread thread_;
};

}  // namespace vireo::bus
