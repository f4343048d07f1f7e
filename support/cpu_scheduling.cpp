#include "support/cpu_scheduling.hpp"

#include <sched.h>

#include <cerrno>
#include <system_error>

namespace vireo {

void apply_cpu_scheduling(const std::string& policy) {
  sched_param param{};
  param.sched_priority = 0;
  if (sched_setscheduler(0, policy == "batch" ? SCHED_BATCH : SCHED_OTHER, &param) != 0)
    throw std::system_error(errno, std::generic_category(), "node.cpu_scheduling=" + policy);
}

std::string current_cpu_scheduling() {
  switch (sched_getscheduler(0)) {
    case SCHED_BATCH:
      return "batch";
    case SCHED_OTHER:
      return "normal";
    default:
      return "other";
  }
}

}  // namespace vireo
