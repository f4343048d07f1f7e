// The process's Prometheus registry. Each actor's probe registers its own
// metric families here; the HTTP server renders them on GET /metrics.
// Thread-safe (prometheus-cpp's registry and metrics are).
#pragma once

#include <memory>
#include <string>

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

/// Monotonic clock in nanoseconds, for stage timings.
int64_t steady_now_ns();

/// Latency buckets in seconds, from 50 µs to 10 s, for stage histograms.
const prometheus::Histogram::BucketBoundaries& latency_buckets();

}  // namespace vireo
