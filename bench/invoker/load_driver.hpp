// Offered load against an in-process core's router: submissions with at most
// `window` outstanding (submitted, no receipt yet), or at a fixed rate, from
// one scoped_actor in the router's own actor system (support/actor_system.hpp
// says why not another); latency is submit -> durable receipt, taken from the
// core's receipt listener (on_receipts()).
//
// Thread-safety: run_* on one thread at a time; on_receipts() from the
// committer's thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/all.hpp>

#include "actors/invoker/router_actor.hpp"
#include "actors/ledger/records.hpp"
#include "bench/invoker/process_usage.hpp"
#include "bench/invoker/sample_stats.hpp"
#include "bench/invoker/stage_metrics.hpp"

namespace vireo::bench {

/// Makes the i-th transaction of a run (id and timestamp are set by the driver).
using transaction_maker = std::function<ledger::transaction(uint64_t i)>;

struct load_figures {
  std::string offered;           ///< "window 16" or "4200/s"
  double measured_s = 0;         ///< length of the measured interval
  uint64_t completed = 0;        ///< receipts during the measured interval
  double throughput = 0;         ///< receipts per second in the measured interval
  latency_summary latency;       ///< of invocations submitted in the interval
  uint64_t rejected = 0;         ///< submissions not accepted (busy, ...)
  std::map<std::string, stage_figure> stages;
  std::pair<double, double> batch_sizes;  ///< mean journal / commit batch
  cpu_usage usage;                        ///< of the whole process (node and driver) in the interval
  std::vector<thread_usage> threads;      ///< the same by thread name, busiest first
};

class load_driver {
 public:
  /// The receipt listener's work: records latencies and frees window slots.
  void on_receipts(const std::vector<ledger::receipt>& receipts);

  /// Keeps `window` submissions outstanding for warmup + measure seconds.
  load_figures run_window(invoker::router_actor router, const transaction_maker& make, uint32_t window,
                          double warmup_s, double measure_s);

  /// Submits at `rate` per second (open loop) for warmup + measure seconds.
  load_figures run_rate(invoker::router_actor router, const transaction_maker& make, double rate, double warmup_s,
                        double measure_s);

  /// Receipts heard so far (all runs).
  uint64_t receipts_heard();

 private:
  using clock_type = std::chrono::steady_clock;
  struct submission {
    clock_type::time_point at;
    bool measured = false;
  };

  load_figures run(invoker::router_actor router, const transaction_maker& make, std::string offered, uint32_t window,
                   double rate, double warmup_s, double measure_s);
  /// Waits (reading replies meanwhile) until fewer than `limit` are
  /// outstanding; false after a stall.
  bool wait_for_outstanding_below(size_t limit, const std::function<void()>& drain_replies);

  std::mutex mutex_;
  std::condition_variable changed_;
  std::unordered_map<std::string, submission> outstanding_;
  uint64_t rejected_ = 0;
  uint64_t heard_ = 0;
  std::vector<double> latencies_ms_;
};

}  // namespace vireo::bench
