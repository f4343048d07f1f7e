#include "services/ctl/progress.hpp"

#include <cstdio>
#include <unistd.h>

namespace vireo::ctl {

progress_indicator::progress_indicator(std::ostream& out, bool enabled, std::string label)
    : out_(out), enabled_(enabled), label_(std::move(label)) {}

progress_indicator::~progress_indicator() {
  clear();
}

void progress_indicator::update(std::chrono::milliseconds elapsed) {
  if (!enabled_)
    return;
  static const char frames[] = {'|', '/', '-', '\\'};
  char seconds[32];
  std::snprintf(seconds, sizeof seconds, "%.1f s", static_cast<double>(elapsed.count()) / 1000.0);
  out_ << "\r\033[K" << label_ << ' ' << frames[frame_++ % 4] << ' ' << seconds << std::flush;
  drawn_ = true;
}

void progress_indicator::clear() {
  if (!enabled_ || !drawn_)
    return;
  out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

bool stderr_is_terminal() {
  return isatty(STDERR_FILENO) == 1;
}

}  // namespace vireo::ctl
