// The dispatcher's state and spawn function; see dispatcher_actor.hpp.
// Event-based: it only queues and hands frames to the bus (non-blocking).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <unordered_map>

#include <prometheus/gauge.h>

#include "actors/dispatcher/dispatcher_actor.hpp"

namespace vireo::dispatcher {

/// How the dispatcher puts an execute on the bus (core_endpoint::send_execute).
using bus_sender = std::function<void(const std::string& worker, uint64_t correlation_id, const bus::execute&)>;

struct dispatcher_state {
  struct request {
    uint64_t correlation_id = 0;
    bus::execute body;
    caf::typed_response_promise<bus::result> promise;
  };
  struct worker_slot {
    uint32_t credits = 0;
    uint32_t in_flight = 0;
  };
  struct flight {
    std::string worker;
    request req;
    bool abandoned = false;  ///< deadline passed; the credit stays taken until the worker answers
  };

  bus_sender send;
  std::chrono::milliseconds grace{2000};
  uint64_t next_correlation_id = 1;
  std::deque<request> waiting;
  std::map<std::string, worker_slot> workers;
  std::unordered_map<uint64_t, flight> in_flight;
  prometheus::Gauge* queue_depth = nullptr;
  prometheus::Gauge* in_flight_gauge = nullptr;

  /// Sends waiting requests while some worker has a free credit.
  void pump(dispatcher_actor::stateful_pointer<dispatcher_state> self);
  void finish(uint64_t correlation_id, bus::result&& result);
  void update_gauges();
  /// How long a worker has to answer `body`.
  std::chrono::milliseconds deadline_of(const bus::execute& body) const;
};

dispatcher_actor::behavior_type dispatcher(dispatcher_actor::stateful_pointer<dispatcher_state> self, bus_sender send);

}  // namespace vireo::dispatcher
