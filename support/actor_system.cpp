#include "support/actor_system.hpp"

#include <chrono>

namespace vireo {

void configure_scheduler(caf::actor_system_config& config, size_t threads) {
  config.set("scheduler.max-threads", threads);
  config.set("work-stealing.moderate-poll-attempts", size_t{0});
  config.set("work-stealing.relaxed-sleep-duration", caf::timespan{std::chrono::milliseconds(1)});
}

}  // namespace vireo
