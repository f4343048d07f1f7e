// The gateway's way into the core's actors from I/O threads without blocking
// them: a closure runs inside an event-based actor, where it can send
// requests and answer the HTTP client from the reply handler.
#pragma once

#include <functional>

#include <caf/all.hpp>

namespace vireo::gateway {

/// Runs inside the bridge actor; `self` issues requests.
struct bridge_call {
  std::function<void(caf::event_based_actor* self)> run;
};

/// bridge_call: runs it.
caf::behavior core_bridge(caf::event_based_actor* self);

}  // namespace vireo::gateway

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::gateway::bridge_call)
