#include "services/node/executors.hpp"

#include "services/worker/worker_role.hpp"

namespace vireo::node {

worker::executor_factories node_executors(const node_config& config) {
  return worker::builtin_executors(config);
}

}  // namespace vireo::node
