// How every Vireo actor system schedules its cooperative actors, and how its
// threads are named (docs/operations.md lists the names).
//
// A process may hold several systems (the core's, a worker's), but an actor
// only ever messages actors of its own system; between systems there is the
// bus. In CAF 0.17 a message from an actor (scoped actors included) wakes an
// idle receiver on the *sender's* scheduler, so a core actor messaged from
// another system runs on that system's threads. A spawn there leaves the
// spawning thread holding the core system's logger, and the core's
// ~actor_system then waits for that logger forever (the bench's teardown hang,
// caf issue 1261); an actor left queued there when that system stops is never
// resumed. The gateway's bridge therefore lives in the core's system.
//
// CAF 0.17's work-stealing scheduler looks for work in three phases: 100
// quick polls, then 500 polls 50 µs apart, then a wait on a condition
// variable. On a small machine running several actor systems (core, worker,
// gateway) beside detached actors and RocksDB, the middle phase's wake-ups
// cost more than the actors' own work (context switches were half of a
// profiled core run); without it, one invocation in flight completes in
// 0.76-0.87 ms instead of 1.35 ms (docs/benchmarks.md).
//
// How many scheduler threads: the process's hardware threads shared among its
// actor systems. The cooperative actors are not all a process runs: the
// detached actors, the bus loops and RocksDB have threads of their own, so
// more scheduler threads than cores only adds threads waiting for a core. On
// two vCPUs, one thread per system instead of two raised the peak and thinned
// the half-peak tail (docs/benchmarks.md).
#pragma once

#include <cstddef>
#include <string>

#include <caf/abstract_actor.hpp>
#include <caf/actor_system_config.hpp>

#include "support/config.hpp"

namespace vireo {

/// Scheduler threads for each actor system of a process with `config`'s
/// roles (the core and a worker have one system each): node.scheduler_threads
/// when set, else the hardware threads divided among those systems, at least
/// one.
size_t scheduler_threads(const node_config& config);

/// Sets `config` up for `threads` scheduler threads that skip the polling
/// phase.
void configure_scheduler(caf::actor_system_config& config, size_t threads);

/// Names every thread the system started from `config` starts (scheduler
/// threads, its clock, detached actors) `name`; a detached actor then gives
/// its thread a name of its own (support/thread_name.hpp).
void name_system_threads(caf::actor_system_config& config, const std::string& name);

/// From an actor's body: names its thread `name` if the actor is detached
/// (an actor on the scheduler shares the system's threads, and a test's
/// stepped actors run on the test's own thread).
void name_detached_thread(const caf::abstract_actor* self, const std::string& name);

}  // namespace vireo
