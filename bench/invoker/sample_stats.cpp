#include "bench/invoker/sample_stats.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <stdexcept>
#include <unistd.h>

namespace vireo::bench {

double quantile(std::vector<double>& samples, double q) {
  if (samples.empty())
    return 0;
  std::sort(samples.begin(), samples.end());
  auto rank = static_cast<size_t>(std::ceil(q * static_cast<double>(samples.size())));
  return samples[std::min(samples.size() - 1, rank == 0 ? 0 : rank - 1)];
}

latency_summary summarize_latencies(std::vector<double>& samples_ms) {
  latency_summary out;
  out.p50_ms = quantile(samples_ms, 0.5);
  out.p99_ms = quantile(samples_ms, 0.99);
  out.max_ms = samples_ms.empty() ? 0 : samples_ms.back();
  return out;
}

std::chrono::steady_clock::time_point falls_due(std::chrono::steady_clock::time_point start, uint64_t n,
                                                double rate) {
  return start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                     std::chrono::duration<double>(static_cast<double>(n) / rate));
}

scratch_dir::scratch_dir(const std::string& prefix) {
  auto pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("mkdtemp failed for " + pattern);
  path_ = pattern;
}

scratch_dir::~scratch_dir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

}  // namespace vireo::bench
