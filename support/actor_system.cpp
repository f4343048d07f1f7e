#include "support/actor_system.hpp"

namespace vireo {

void configure_scheduler(caf::actor_system_config& config, size_t threads) {
  config.set("scheduler.max-threads", threads);
  config.set("work-stealing.moderate-poll-attempts", size_t{0});
}

}  // namespace vireo
