#include "bench/invoker/stage_metrics.hpp"

#include "support/metrics.hpp"

namespace vireo::bench {

namespace {

histogram_snapshot snapshot_of(const prometheus::ClientMetric& metric) {
  histogram_snapshot out;
  out.count = metric.histogram.sample_count;
  out.sum = metric.histogram.sample_sum;
  for (auto& b : metric.histogram.bucket)
    out.buckets.emplace_back(b.upper_bound, b.cumulative_count);
  return out;
}

double bucket_quantile(const histogram_snapshot& before, const histogram_snapshot& after, double q) {
  uint64_t total = after.count - before.count;
  if (total == 0)
    return 0;
  for (size_t i = 0; i < after.buckets.size(); ++i) {
    uint64_t earlier = i < before.buckets.size() ? before.buckets[i].second : 0;
    if (static_cast<double>(after.buckets[i].second - earlier) >= q * static_cast<double>(total))
      return after.buckets[i].first;
  }
  return after.buckets.empty() ? 0 : after.buckets.back().first;
}

/// Samples between the two snapshots above the bucket bound `bound`.
uint64_t count_above(const histogram_snapshot& before, const histogram_snapshot& after, double bound) {
  for (size_t i = 0; i < after.buckets.size(); ++i)
    if (after.buckets[i].first >= bound) {
      uint64_t earlier = i < before.buckets.size() ? before.buckets[i].second : 0;
      return (after.count - before.count) - (after.buckets[i].second - earlier);
    }
  return 0;
}

}  // namespace

stage_snapshot take_stage_snapshot() {
  stage_snapshot out;
  for (auto& family : metrics_registry().Collect()) {
    for (auto& metric : family.metric) {
      if (family.name == "vireo_stage_seconds") {
        for (auto& label : metric.label)
          if (label.name == "stage")
            out.histograms[label.value] = snapshot_of(metric);
      } else if (family.name == "vireo_journal_write_seconds") {
        out.histograms["journal_write"] = snapshot_of(metric);
      } else if (family.name == "vireo_commit_sync_seconds") {
        out.histograms["commit_fsync"] = snapshot_of(metric);
      } else if (family.name == "vireo_journal_records_total") {
        out.counters["journal_records"] += metric.counter.value;
      } else if (family.name == "vireo_journal_batches_total") {
        out.counters["journal_batches"] += metric.counter.value;
      } else if (family.name == "vireo_commit_batches_total") {
        out.counters["commit_batches"] += metric.counter.value;
      } else if (family.name == "vireo_receipts_total") {
        out.counters["receipts"] += metric.counter.value;
      }
    }
  }
  return out;
}

std::map<std::string, stage_figure> stage_difference(const stage_snapshot& before, const stage_snapshot& after) {
  std::map<std::string, stage_figure> out;
  for (auto& [name, now] : after.histograms) {
    histogram_snapshot then;
    if (auto it = before.histograms.find(name); it != before.histograms.end())
      then = it->second;
    stage_figure f;
    f.count = now.count - then.count;
    if (f.count == 0)
      continue;
    f.mean_ms = (now.sum - then.sum) / static_cast<double>(f.count) * 1e3;
    f.p50_ms = bucket_quantile(then, now, 0.5) * 1e3;
    f.p99_ms = bucket_quantile(then, now, 0.99) * 1e3;
    f.over_10ms = count_above(then, now, 0.01);
    f.over_2_5ms = count_above(then, now, 0.0025);
    out[name] = f;
  }
  return out;
}

std::pair<double, double> mean_batch_sizes(const stage_snapshot& before, const stage_snapshot& after) {
  auto delta = [&](const char* name) {
    auto a = after.counters.count(name) ? after.counters.at(name) : 0.0;
    auto b = before.counters.count(name) ? before.counters.at(name) : 0.0;
    return a - b;
  };
  auto ratio = [](double records, double batches) { return batches > 0 ? records / batches : 0.0; };
  return {ratio(delta("journal_records"), delta("journal_batches")), ratio(delta("receipts"), delta("commit_batches"))};
}

}  // namespace vireo::bench
