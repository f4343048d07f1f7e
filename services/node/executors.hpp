// The executor kinds this build of vireod offers its worker role.
#pragma once

#include "services/worker/executor_actor.hpp"
#include "support/config.hpp"

namespace vireo::node {

/// http and system always; wasm and chaincode when built in.
worker::executor_factories node_executors(const node_config& config);

}  // namespace vireo::node
