// What the node's load runs and the latency floor share: when an open-loop
// arrival falls due, percentiles of latency samples, and a temporary
// directory for a ledger.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace vireo::bench {

/// The `q` quantile (0..1) of `samples` (nearest rank); 0 when empty.
/// Sorts `samples` in place.
double quantile(std::vector<double>& samples, double q);

/// A run's latencies in ms: median, 99th percentile, slowest.
struct latency_summary {
  double p50_ms = 0, p99_ms = 0, max_ms = 0;
};

/// Summarizes `samples_ms` (all zero when empty); sorts them in place.
latency_summary summarize_latencies(std::vector<double>& samples_ms);

/// When arrival `n` (from 0) of an open loop offering `rate` per second,
/// started at `start`, falls due.
std::chrono::steady_clock::time_point falls_due(std::chrono::steady_clock::time_point start, uint64_t n,
                                                double rate);

/// A fresh directory under $TMPDIR (or /tmp), removed by the destructor.
class scratch_dir {
 public:
  explicit scratch_dir(const std::string& prefix);
  ~scratch_dir();
  scratch_dir(const scratch_dir&) = delete;
  scratch_dir& operator=(const scratch_dir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace vireo::bench
