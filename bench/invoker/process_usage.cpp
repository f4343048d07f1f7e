#include "bench/invoker/process_usage.hpp"

#include <sys/resource.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/invoker/sample_stats.hpp"

namespace vireo::bench {

process_usage process_usage::now() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), static_cast<uint64_t>(usage.ru_nvcsw),
          static_cast<uint64_t>(usage.ru_nivcsw)};
}

process_usage process_usage::operator-(const process_usage& earlier) const {
  return {cpu_seconds - earlier.cpu_seconds, voluntary_switches - earlier.voluntary_switches,
          involuntary_switches - earlier.involuntary_switches};
}

handoff_figures measure_handoff(uint32_t round_trips) {
  std::mutex mutex;
  std::condition_variable turned;
  bool with_partner = false;
  bool done = false;
  std::thread partner{[&] {
    std::unique_lock<std::mutex> lock{mutex};
    while (true) {
      turned.wait(lock, [&] { return with_partner || done; });
      if (done)
        return;
      with_partner = false;
      lock.unlock();
      turned.notify_all();
      lock.lock();
    }
  }};
  std::vector<double> round_trips_us;
  round_trips_us.reserve(round_trips);
  auto before = process_usage::now();
  for (uint32_t i = 0; i < round_trips; ++i) {
    auto sent = std::chrono::steady_clock::now();
    {
      std::lock_guard<std::mutex> guard{mutex};
      with_partner = true;
    }
    turned.notify_all();
    std::unique_lock<std::mutex> lock{mutex};
    turned.wait(lock, [&] { return !with_partner; });
    auto round_trip = std::chrono::steady_clock::now() - sent;
    round_trips_us.push_back(std::chrono::duration<double, std::micro>(round_trip).count());
  }
  auto used = process_usage::now() - before;
  {
    std::lock_guard<std::mutex> guard{mutex};
    done = true;
  }
  turned.notify_all();
  partner.join();
  handoff_figures figures;
  figures.round_trip_p50_us = quantile(round_trips_us, 0.5);
  figures.round_trip_p99_us = quantile(round_trips_us, 0.99);
  figures.cpu_us_per_round_trip = round_trips ? used.cpu_seconds * 1e6 / round_trips : 0;
  return figures;
}

}  // namespace vireo::bench
