// The dispatcher's state and spawn function; see dispatcher_actor.hpp.
// Event-based: it only queues and hands frames to the bus (non-blocking).
#pragma once

#include <deque>
#include <functional>
#include <map>
#include <optional>
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
  using deadline_clock = std::chrono::steady_clock;
  /// Deadline -> correlation id of every answer still awaited in time.
  using deadline_map = std::multimap<deadline_clock::time_point, uint64_t>;
  struct flight {
    std::string worker;
    request req;
    deadline_map::iterator deadline;  ///< end() once abandoned
    bool abandoned = false;  ///< deadline passed; the credit stays taken until the worker answers
  };

  bus_sender send;
  std::chrono::milliseconds grace{2000};
  uint64_t next_correlation_id = 1;
  std::deque<request> waiting;
  std::map<std::string, worker_slot> workers;
  std::unordered_map<uint64_t, flight> in_flight;
  // One timer for the earliest deadline rather than one per execute: each
  // timer wakes the actor clock's thread, once per execute message otherwise.
  deadline_map deadlines;
  std::optional<deadline_clock::time_point> timer_at;  ///< when the armed expire tick is due
  prometheus::Gauge* queue_depth = nullptr;
  prometheus::Gauge* in_flight_gauge = nullptr;

  /// Sends waiting requests while some worker has a free credit.
  void pump(dispatcher_actor::stateful_pointer<dispatcher_state> self);
  void finish(uint64_t correlation_id, bus::result&& result);
  /// Fails every execute whose deadline has passed.
  void expire_due();
  /// Arms the expire tick for the earliest deadline unless one is due by then.
  void arm(dispatcher_actor::stateful_pointer<dispatcher_state> self);
  /// Takes `f`'s deadline out of the awaited ones.
  void forget_deadline(flight& f);
  void update_gauges();
  /// How long a worker has to answer `body`.
  std::chrono::milliseconds deadline_of(const bus::execute& body) const;
};

dispatcher_actor::behavior_type dispatcher(dispatcher_actor::stateful_pointer<dispatcher_state> self, bus_sender send);

}  // namespace vireo::dispatcher
