// The ceiling probe beside the VM IPC benchmark: round trips of one framed
// message (8-byte preamble + payload) between this process and a forked echo
// child over two pipes, the same transport vireo-vm uses. Cross-process latency
// on these VMs depends on whether both ends share a CPU, so the probe (and the
// benchmark) can pin both ends.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <vector>

namespace vireo::vm::bench {

enum class placement { any, same_cpu, cross_cpu };

/// Pins `pid` (0: the calling thread) to `cpu`; cpu < 0 lifts the pin.
void pin(pid_t pid, int cpu);

/// CPUs for (this thread, the peer process) under `p`; -1 = unpinned.
int own_cpu(placement p);
int peer_cpu(placement p);

/// Latencies in nanoseconds of round trips run for `seconds`.
std::vector<double> pipe_round_trips(size_t payload_bytes, double seconds, placement where);

}  // namespace vireo::vm::bench
