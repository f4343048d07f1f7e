// The dispatcher: the core's only path to the workers.
//
// It sends execute requests over the bus to live workers, never more in
// flight on a worker than the credits that worker announced, in FIFO order
// of arrival; requests wait in its queue while all credits are taken. Each
// request has a deadline (the contract's execution timeout, times the number
// of invocations in the message, plus a grace period for the bus); a worker
// that misses it makes the request fail with a clear reason. A lost worker's
// in-flight requests are re-queued at the front, keeping their order (no
// effect of an execution exists before the committer applies its result, so
// running it again is safe).
// Callers: serial contract actors and the parallel scheduler (execute), the
// bus endpoint's callbacks (worker_joined, worker_lost, worker_result).
#pragma once

#include <string>
#include <vector>

#include <caf/all.hpp>

#include "proto-msgs/bus/messages.hpp"

namespace vireo::dispatcher {

/// Run one invocation on some worker.
struct execute_request {
  bus::execute body;
};

/// A worker announced itself with `credits`.
struct worker_joined {
  std::string worker;
  uint32_t credits = 0;
};

/// A worker left or stopped answering heartbeats.
struct worker_lost {
  std::string worker;
};

/// A worker answered the execute with `correlation_id`.
struct worker_result {
  std::string worker;
  uint64_t correlation_id = 0;
  bus::result result;
};

using expire_atom = caf::atom_constant<caf::atom("expire")>;
using status_atom = caf::atom_constant<caf::atom("status")>;

/// What the dispatcher knows of the workers (for GET /v1/status).
struct dispatcher_status {
  struct worker {
    std::string id;
    uint32_t credits = 0;
    uint32_t in_flight = 0;
  };
  std::vector<worker> workers;
  uint64_t queue_depth = 0;
  uint64_t in_flight = 0;
};

/// execute_request -> bus::result (ok or failed; a missed deadline is a failed
/// result "worker did not answer within N ms").
/// status_atom -> dispatcher_status.
/// expire_atom: its own tick; fails the executes whose deadline has passed.
using dispatcher_actor = caf::typed_actor<caf::replies_to<execute_request>::with<bus::result>,
                                          caf::replies_to<status_atom>::with<dispatcher_status>,
                                          caf::reacts_to<worker_joined>, caf::reacts_to<worker_lost>,
                                          caf::reacts_to<worker_result>, caf::reacts_to<expire_atom>>;

}  // namespace vireo::dispatcher

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::bus::result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::dispatcher::execute_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::dispatcher::worker_joined)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::dispatcher::worker_lost)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::dispatcher::worker_result)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::dispatcher::dispatcher_status)
