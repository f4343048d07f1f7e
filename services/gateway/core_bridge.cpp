#include "services/gateway/core_bridge.hpp"

namespace vireo::gateway {

caf::behavior core_bridge::make_behavior() {
  return {
      [this](bridge_call& call) { call.run(this); },
  };
}

}  // namespace vireo::gateway
