#include "support/actor_system.hpp"

#include <algorithm>
#include <thread>

namespace vireo {

size_t scheduler_threads(const node_config& config) {
  if (config.node_scheduler_threads > 0)
    return config.node_scheduler_threads;
  auto has_system = [](const std::string& role) { return role == "core" || role == "worker"; };
  auto systems = static_cast<size_t>(std::count_if(config.roles.begin(), config.roles.end(), has_system));
  return std::max<size_t>(1, std::thread::hardware_concurrency() / std::max<size_t>(1, systems));
}

void configure_scheduler(caf::actor_system_config& config, size_t threads) {
  config.set("scheduler.max-threads", threads);
  config.set("work-stealing.moderate-poll-attempts", size_t{0});
}

}  // namespace vireo
