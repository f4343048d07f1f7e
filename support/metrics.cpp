#include "support/metrics.hpp"

#include <chrono>
#include <map>

#include <prometheus/text_serializer.h>

namespace vireo {

prometheus::Registry& metrics_registry() {
  static prometheus::Registry registry;
  return registry;
}

std::string render_metrics() {
  prometheus::TextSerializer serializer;
  return serializer.Serialize(metrics_registry().Collect());
}

const prometheus::Histogram::BucketBoundaries& latency_buckets() {
  static const prometheus::Histogram::BucketBoundaries buckets = {
      0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10};
  return buckets;
}

prometheus::Histogram& stage_latency(const std::string& stage) {
  static auto& family = prometheus::BuildHistogram()
                            .Name("vireo_stage_seconds")
                            .Help("Latency of each invocation stage: journal, queue, execute, commit, end_to_end")
                            .Register(metrics_registry());
  return family.Add({{"stage", stage}}, latency_buckets());
}

counters_by_labels::counters_by_labels(prometheus::Family<prometheus::Counter>& family,
                                       std::vector<std::string> label_names)
    : family_(&family), label_names_(std::move(label_names)) {}

prometheus::Counter& counters_by_labels::with(std::initializer_list<std::string_view> values) {
  key_.clear();
  for (auto value : values)
    key_.append(value).push_back('\0');
  auto known = counters_.find(key_);
  if (known != counters_.end())
    return *known->second;
  std::map<std::string, std::string> labels;
  auto name = label_names_.begin();
  for (auto value : values)
    labels.emplace(*name++, std::string(value));
  auto& counter = family_->Add(labels);
  counters_.emplace(key_, &counter);
  return counter;
}

int64_t steady_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace vireo
