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

/// bridge_call: runs it. A class rather than a function: CAF 0.17.6 spawns an
/// argument-less function actor through a null shared_ptr (UBSan reports it).
class core_bridge : public caf::event_based_actor {
 public:
  explicit core_bridge(caf::actor_config& config) : caf::event_based_actor(config) {}
  caf::behavior make_behavior() override;
};

}  // namespace vireo::gateway

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::gateway::bridge_call)
