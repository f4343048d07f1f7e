#include "services/gateway/core_bridge.hpp"

namespace vireo::gateway {

caf::behavior core_bridge(caf::event_based_actor* self) {
  return {
      [=](bridge_call& call) { call.run(self); },
  };
}

}  // namespace vireo::gateway
