// What the whole bench process (the node under test and the driver) spends of
// the machine: CPU time and context switches (getrusage, and per thread name
// from /proc), and the price of one hand-off between two threads on this
// machine, the cost the node pays at every stage boundary of its pipeline.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vireo::bench {

/// CPU time and context switches, of the process or of some of its threads.
struct cpu_usage {
  double cpu_seconds = 0;             ///< user + system
  uint64_t voluntary_switches = 0;    ///< a thread blocked: waited for a message, a lock or I/O
  uint64_t involuntary_switches = 0;  ///< a thread was preempted

  /// Every thread of this process so far.
  static cpu_usage of_process();
  cpu_usage operator-(const cpu_usage& earlier) const;
  cpu_usage& operator+=(const cpu_usage& more);
  uint64_t switches() const { return voluntary_switches + involuntary_switches; }
};

/// What the threads of one name spent (threads of the same name summed: every
/// executor's `worker-exec`).
struct thread_usage {
  std::string name;
  cpu_usage usage;
};

/// Every live thread of this process (Linux /proc/self/task: name, time on a
/// CPU from schedstat, context switches from status).
class thread_census {
 public:
  static thread_census now();
  /// What each thread name spent since `earlier`, the busiest first. A thread
  /// started since counts from zero; one that ended since is missing.
  std::vector<thread_usage> since(const thread_census& earlier) const;

 private:
  std::map<int, thread_usage> by_thread_id_;
};

/// Two threads passing a token back and forth through a mutex and a condition
/// variable, placed wherever the kernel puts them, as the node's threads are.
struct handoff_figures {
  double round_trip_p50_us = 0;
  double round_trip_p99_us = 0;
  double cpu_us_per_round_trip = 0;  ///< both threads together
};

/// REQUIRES: no other thread of this process is busy meanwhile.
handoff_figures measure_handoff(uint32_t round_trips);

}  // namespace vireo::bench
