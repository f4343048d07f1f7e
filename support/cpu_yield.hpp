// Long background computations that give the CPU back now and then.
//
// Under node.cpu_scheduling = batch (support/cpu_scheduling.hpp) a thread
// woken by a message does not preempt the running one; the kernel switches
// at the next tick (every 4 ms on our VMs, HZ=250) or when the running
// thread blocks. A background step that computes for milliseconds in one
// piece, the block producer's seal, then holds a vCPU while the invocation
// path waits for it. Such a step calls checkpoint() in its loops: once every
// `slice` it yields (sched_yield), so that threads waiting for this CPU run
// first; with none waiting the call returns at once.
#pragma once

#include <chrono>
#include <cstdint>

namespace vireo {

class cpu_yield {
 public:
  explicit cpu_yield(std::chrono::microseconds slice);

  /// Yields when `slice` has passed since the last yield (or construction).
  void checkpoint();
  /// How many times checkpoint() yielded.
  uint64_t yields() const { return yields_; }

 private:
  std::chrono::microseconds slice_;
  std::chrono::steady_clock::time_point last_;
  uint64_t yields_ = 0;
};

}  // namespace vireo
