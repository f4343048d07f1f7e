// The core's end of the bus: a ROUTER socket that workers connect to.
//
// It tracks each worker's liveness (hello, heartbeats both ways; a worker
// silent for 3 heartbeat periods is lost), forwards results to the
// dispatcher through callbacks, and serves workers' state reads itself,
// straight from the ledger (reads need no ordering with the actors: a worker
// reads committed state; staged serial writes travel in the execute message).
// All callbacks run on the process's bus thread (socket_loop) and must not
// block.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include "actors/ledger/ledger_store.hpp"
#include "proto-msgs/bus/messages.hpp"
#include "services/bus/bus_probe.hpp"
#include "services/bus/socket_loop.hpp"

namespace vireo::bus {

struct core_callbacks {
  std::function<void(const std::string& worker, const hello&)> joined;
  std::function<void(const std::string& worker)> lost;
  std::function<void(const std::string& worker, uint64_t correlation_id, result&&)> result_ready;
};

class core_endpoint {
 public:
  /// Binds `endpoint`. REQUIRES: `store` outlives the endpoint.
  core_endpoint(const std::string& endpoint, std::chrono::milliseconds heartbeat,
                const ledger::ledger_store& store, core_callbacks callbacks);
  ~core_endpoint();

  /// Sends an execute to `worker`. Thread-safe; dropped once stopped.
  void send_execute(const std::string& worker, uint64_t correlation_id, const execute& body);

  /// Closes the socket; no callback runs once this returns. Idempotent.
  void stop();

 private:
  void on_frame(std::vector<zmq::message_t>& parts);
  void on_tick();
  void reply(const std::string& worker, std::string frame);
  void serve(const std::string& worker, const envelope& env);

  const ledger::ledger_store& store_;
  core_callbacks callbacks_;
  std::chrono::milliseconds heartbeat_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> last_seen_;
  bus_probe probe_;
  std::shared_ptr<socket_loop> loop_;
  socket_loop::channel_id channel_ = 0;
};

}  // namespace vireo::bus
