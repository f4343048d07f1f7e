// A worker's end of the bus: a DEALER socket connected to the core.
//
// It announces the worker (hello with its credits), beats every heartbeat
// period, says hello again when the core has been silent for 3 periods (the
// core restarted or the link was cut), hands execute requests to a callback,
// and lets executor threads make blocking request/reply calls to the core
// (state reads) matched by correlation id.
#pragma once

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "proto-msgs/bus/codec.hpp"
#include "services/bus/bus_probe.hpp"
#include "services/bus/socket_loop.hpp"

namespace vireo::bus {

class worker_endpoint {
 public:
  /// Called on the bus thread (socket_loop) for each execute; must not block.
  using execute_handler = std::function<void(uint64_t correlation_id, execute&&)>;

  worker_endpoint(const std::string& endpoint, const std::string& worker_id, uint32_t credits,
                  std::chrono::milliseconds heartbeat, execute_handler on_execute);
  ~worker_endpoint();

  /// Says hello to the core: from now on the core may send executes. Call
  /// once the execute handler can take them.
  void announce();

  /// Sends the result of an execute. Thread-safe.
  void send_result(uint64_t correlation_id, const result& body);

  /// Sends a request and waits for its reply until `deadline`. Thread-safe;
  /// blocks the caller (an executor thread, never a CAF scheduler thread).
  /// Returns nullopt on timeout; an `error` reply is returned as such.
  template <class Body>
  std::optional<envelope> call(message_type type, const Body& body, std::chrono::steady_clock::time_point deadline) {
    uint64_t id = next_correlation_id_++;
    auto future = expect(id);
    probe_.message_out(type_name(static_cast<uint16_t>(type)));
    loop_->send(channel_, {encode(type, id, body)});
    if (future.wait_until(deadline) != std::future_status::ready) {
      forget(id);
      return std::nullopt;
    }
    return future.get();
  }

  /// Says goodbye and closes the socket; no callback runs once this
  /// returns. Idempotent.
  void stop();

 private:
  std::future<envelope> expect(uint64_t correlation_id);
  void forget(uint64_t correlation_id);
  void on_frame(std::vector<zmq::message_t>& parts);
  void on_tick();
  void say_hello();

  std::string worker_id_;
  uint32_t credits_;
  std::chrono::milliseconds heartbeat_;
  execute_handler on_execute_;
  std::atomic<uint64_t> next_correlation_id_{1};
  std::mutex calls_mutex_;
  std::unordered_map<uint64_t, std::promise<envelope>> calls_;
  std::chrono::steady_clock::time_point core_last_seen_;
  std::atomic<bool> announced_{false};
  std::atomic<bool> stopped_{false};
  bus_probe probe_;
  std::shared_ptr<socket_loop> loop_;
  socket_loop::channel_id channel_ = 0;
};

}  // namespace vireo::bus
