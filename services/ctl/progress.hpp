// A one-line spinner with the elapsed time on a terminal ("waiting for the
// receipt of 0190... | 1.4 s"), redrawn in place and erased when done. When
// disabled (stderr is not a terminal) it prints nothing, so piped and
// captured output stays clean.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

namespace vireo::ctl {

class progress_indicator {
 public:
  progress_indicator(std::ostream& out, bool enabled, std::string label);
  ~progress_indicator();
  progress_indicator(const progress_indicator&) = delete;
  progress_indicator& operator=(const progress_indicator&) = delete;

  bool enabled() const { return enabled_; }
  /// Redraws the line with the next spinner frame and `elapsed`.
  void update(std::chrono::milliseconds elapsed);
  /// Erases the line; update() draws it again.
  void clear();

 private:
  std::ostream& out_;
  bool enabled_;
  bool drawn_ = false;
  unsigned frame_ = 0;
  std::string label_;
};

/// Whether stderr is a terminal.
bool stderr_is_terminal();

}  // namespace vireo::ctl
