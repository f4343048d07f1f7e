#include "support/cpu_yield.hpp"

#include <sched.h>

namespace vireo {

cpu_yield::cpu_yield(std::chrono::microseconds slice) : slice_(slice), last_(std::chrono::steady_clock::now()) {}

void cpu_yield::checkpoint() {
  auto now = std::chrono::steady_clock::now();
  if (now - last_ < slice_)
    return;
  sched_yield();
  ++yields_;
  last_ = std::chrono::steady_clock::now();
}

}  // namespace vireo
