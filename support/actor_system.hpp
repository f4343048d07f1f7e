// How every Vireo actor system schedules its cooperative actors.
//
// CAF 0.17's work-stealing scheduler looks for work in three phases: 100
// quick polls, then 500 polls 50 µs apart, then a wait on a condition
// variable that it leaves every 10 ms to steal from the other workers. On a
// small machine running several actor systems (core, worker, gateway)
// beside detached actors and RocksDB, the middle phase's wake-ups cost more
// than the actors' own work (context switches were half of a profiled core
// run). We skip the middle phase. (A 1 ms steal interval instead of 10 ms
// lowered tail latency a little, but an actor system then hung in its
// destructor about one run in three, so the interval stays CAF's.)
#pragma once

#include <cstddef>

#include <caf/actor_system_config.hpp>

namespace vireo {

/// Sets `config` up for `threads` scheduler threads that block when idle.
void configure_scheduler(caf::actor_system_config& config, size_t threads);

}  // namespace vireo
