// The process's Prometheus registry. Each actor's probe registers its own
// metric families here; the HTTP server renders them on GET /metrics.
// Thread-safe (prometheus-cpp's registry and metrics are).
#pragma once

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <prometheus/counter.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

namespace vireo {

/// The one registry of this process.
prometheus::Registry& metrics_registry();

/// Every registered metric in the Prometheus text exposition format.
std::string render_metrics();

/// The histogram of one invocation stage ("journal", "queue", "execute",
/// "commit", "end_to_end") in the shared family vireo_stage_seconds.
prometheus::Histogram& stage_latency(const std::string& stage);

/// The counters of one family by their label values, each looked up in the
/// family once: Family::Add builds a label map, hashes it and takes the
/// family's lock, too much for every invocation. Not thread-safe: one per
/// actor (the counters themselves are shared and thread-safe).
class counters_by_labels {
 public:
  counters_by_labels() = default;
  counters_by_labels(prometheus::Family<prometheus::Counter>& family, std::vector<std::string> label_names);

  /// The counter with these label values, in the order of the label names.
  /// REQUIRES: constructed with a family; one value per label name.
  prometheus::Counter& with(std::initializer_list<std::string_view> values);

 private:
  prometheus::Family<prometheus::Counter>* family_ = nullptr;
  std::vector<std::string> label_names_;
  std::unordered_map<std::string, prometheus::Counter*> counters_;
  std::string key_;  ///< reused, so that looking up a known counter allocates nothing
};

/// Monotonic clock in nanoseconds, for stage timings.
int64_t steady_now_ns();

/// Latency buckets in seconds, from 50 µs to 10 s, for stage histograms.
const prometheus::Histogram::BucketBoundaries& latency_buckets();

}  // namespace vireo
