// How every Vireo actor system schedules its cooperative actors.
//
// CAF 0.17's work-stealing scheduler looks for work in three phases: 100
// quick polls, then 500 polls 50 µs apart, then a wait on a condition
// variable that it leaves every 10 ms to steal from the other workers. On a
// small machine running several actor systems (core, worker, gateway)
// beside detached actors and RocksDB, the middle phase's wake-ups cost more
// than the actors' own work (context switches were half of a profiled core
// run), and the 10 ms steal interval leaves a job queued behind a busy
// worker for that long. We skip the middle phase and steal every 1 ms.
// docs/benchmarks.md has the comparison.
#pragma once

#include <cstddef>

#include <caf/actor_system_config.hpp>

namespace vireo {

/// Sets `config` up for `threads` scheduler threads that block when idle.
void configure_scheduler(caf::actor_system_config& config, size_t threads);

}  // namespace vireo
