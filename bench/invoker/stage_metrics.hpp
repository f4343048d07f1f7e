// Where an invocation's time goes, read from the node's own /metrics
// histograms (vireo_stage_seconds{stage=...}, the journal's write and the
// committer's fsync histograms): a snapshot before and after a run, and the
// difference as count, mean and bucket-resolution p50/p99 per stage.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace vireo::bench {

struct histogram_snapshot {
  uint64_t count = 0;
  double sum = 0;
  std::vector<std::pair<double, uint64_t>> buckets;  ///< (upper bound, cumulative count)
};

struct stage_snapshot {
  /// Histograms by a short name ("journal", "queue", "execute", "commit",
  /// "end_to_end", "journal_write", "commit_fsync").
  std::map<std::string, histogram_snapshot> histograms;
  /// Counters: "journal_records", "journal_batches", "commit_batches", "receipts".
  std::map<std::string, double> counters;
};

stage_snapshot take_stage_snapshot();

struct stage_figure {
  uint64_t count = 0;
  double mean_ms = 0;
  double p50_ms = 0;  ///< upper bound of the bucket holding the median
  double p99_ms = 0;
  /// Samples above 10 ms (a bucket bound): for the commit's fsync, the disk
  /// stalls alone long enough to break the half-peak p99 target.
  uint64_t over_10ms = 0;
  /// Samples above 2.5 ms (a bucket bound): for the commit's fsync, the
  /// disk's slow phases, in which a few such fsyncs in a row do the same.
  uint64_t over_2_5ms = 0;
};

/// What happened between `before` and `after`, per stage.
std::map<std::string, stage_figure> stage_difference(const stage_snapshot& before, const stage_snapshot& after);

/// Records per sync batch between `before` and `after`: {journal, commit}.
std::pair<double, double> mean_batch_sizes(const stage_snapshot& before, const stage_snapshot& after);

}  // namespace vireo::bench
