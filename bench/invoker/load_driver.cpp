#include "bench/invoker/load_driver.hpp"

#include <thread>

#include "bench/invoker/sample_stats.hpp"
#include "support/ids.hpp"

namespace vireo::bench {

namespace {

// A window that does not move for this long means the core stopped answering.
constexpr auto stall_timeout = std::chrono::seconds(30);
// Open-loop runs still bound what is outstanding, so a core that cannot keep
// up shows as latency, not as unbounded memory.
constexpr size_t rate_window_cap = 20000;
// An open-loop run sends each submission when it falls due, up to this much
// early: one wake-up per slice instead of one per submission. A sleep per
// submission (13k/s at half peak) cost the driver, in this process, CPU the
// node under test needed, and p99 at half peak with it (docs/benchmarks.md).
constexpr auto pacing_slice = std::chrono::milliseconds(1);

}  // namespace

void load_driver::on_receipts(const std::vector<ledger::receipt>& receipts) {
  auto now = clock_type::now();
  std::lock_guard<std::mutex> guard{mutex_};
  for (auto& r : receipts) {
    ++heard_;
    auto it = outstanding_.find(r.invocation_id);
    if (it == outstanding_.end())
      continue;
    if (it->second.measured)
      latencies_ms_.push_back(std::chrono::duration<double, std::milli>(now - it->second.at).count());
    outstanding_.erase(it);
  }
  changed_.notify_all();
}

uint64_t load_driver::receipts_heard() {
  std::lock_guard<std::mutex> guard{mutex_};
  return heard_;
}

load_figures load_driver::run_window(invoker::router_actor router, const transaction_maker& make, uint32_t window,
                                     double warmup_s, double measure_s) {
  return run(std::move(router), make, "window " + std::to_string(window), window, 0, warmup_s, measure_s);
}

load_figures load_driver::run_rate(invoker::router_actor router, const transaction_maker& make, double rate,
                                   double warmup_s, double measure_s) {
  return run(std::move(router), make, std::to_string(static_cast<int>(rate)) + "/s", rate_window_cap, rate, warmup_s,
             measure_s);
}

bool load_driver::wait_for_outstanding_below(size_t limit, const std::function<void()>& drain_replies) {
  // A rejected submission never gets a receipt: it stays in outstanding_
  // and frees its slot through rejected_.
  auto below = [&] { return outstanding_.size() < limit + rejected_; };
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (below())
      return true;
  }
  auto deadline = clock_type::now() + stall_timeout;
  while (clock_type::now() < deadline) {
    // Replies are read only when the window is full: each read is a timed
    // wait on the mailbox, a syscall the driver cannot afford per submission.
    drain_replies();
    std::unique_lock<std::mutex> lock{mutex_};
    if (changed_.wait_for(lock, std::chrono::milliseconds(20), below))
      return true;
  }
  return false;
}

load_figures load_driver::run(invoker::router_actor router, const transaction_maker& make, std::string offered,
                              uint32_t window, double rate, double warmup_s, double measure_s) {
  using std::chrono::duration;
  caf::scoped_actor self{router->home_system()};
  {
    std::lock_guard<std::mutex> guard{mutex_};
    latencies_ms_.clear();
    rejected_ = 0;
  }
  auto drain_replies = [&] {
    bool more = true;
    while (more)
      self->receive(
          [&](invoker::submit_reply& reply) {
            if (reply.code == invoker::submit_code::accepted)
              return;
            std::lock_guard<std::mutex> guard{mutex_};
            ++rejected_;
          },
          caf::after(std::chrono::seconds(0)) >> [&] { more = false; });
  };
  auto start = clock_type::now();
  auto measure_from = start + std::chrono::duration_cast<clock_type::duration>(duration<double>(warmup_s));
  auto measure_to = measure_from + std::chrono::duration_cast<clock_type::duration>(duration<double>(measure_s));
  bool in_window = false;
  uint64_t heard_at_start = 0, heard_at_end = 0;
  stage_snapshot before;
  cpu_usage usage_before;
  thread_census threads_before;
  bool stalled = false;
  for (uint64_t i = 0;; ++i) {
    auto now = clock_type::now();
    if (!in_window && now >= measure_from) {
      in_window = true;
      heard_at_start = receipts_heard();
      before = take_stage_snapshot();
      usage_before = cpu_usage::of_process();
      threads_before = thread_census::now();
    }
    if (now >= measure_to)
      break;
    if (rate > 0) {
      auto due = falls_due(start, i, rate);
      if (due > now + pacing_slice)
        std::this_thread::sleep_until(due);
    }
    auto tx = make(i);
    tx.id = new_transaction_id();
    tx.timestamp_ms = unix_now_ms();
    if (!wait_for_outstanding_below(window, drain_replies)) {
      stalled = true;
      break;
    }
    {
      std::lock_guard<std::mutex> guard{mutex_};
      auto at = clock_type::now();
      outstanding_[tx.id] = {at, at >= measure_from && at < measure_to};
    }
    self->send(router, invoker::submit_request{std::move(tx)});
    if (i % 64 == 63)
      drain_replies();
  }
  heard_at_end = receipts_heard();
  auto usage = cpu_usage::of_process() - usage_before;
  auto threads = thread_census::now().since(threads_before);
  // Let everything submitted finish before the next run.
  if (!wait_for_outstanding_below(1, drain_replies))
    stalled = true;
  load_figures f;
  f.offered = std::move(offered);
  f.measured_s = measure_s;
  f.completed = heard_at_end - heard_at_start;
  f.throughput = static_cast<double>(f.completed) / measure_s;
  auto after = take_stage_snapshot();
  f.stages = stage_difference(before, after);
  f.batch_sizes = mean_batch_sizes(before, after);
  f.usage = usage;
  f.threads = std::move(threads);
  std::lock_guard<std::mutex> guard{mutex_};
  f.rejected = rejected_;
  f.latency = summarize_latencies(latencies_ms_);
  if (stalled)
    f.offered += " (stalled)";
  outstanding_.clear();
  return f;
}

}  // namespace vireo::bench
