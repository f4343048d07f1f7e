// Percentiles of latency samples, and a temporary directory for a ledger.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vireo::bench {

/// The `q` quantile (0..1) of `samples` (nearest rank); 0 when empty.
/// Sorts `samples` in place.
double quantile(std::vector<double>& samples, double q);

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
