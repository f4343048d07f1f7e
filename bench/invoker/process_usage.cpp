#include "bench/invoker/process_usage.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>
#include <vector>

#include "bench/invoker/sample_stats.hpp"

namespace vireo::bench {

cpu_usage cpu_usage::of_process() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), static_cast<uint64_t>(usage.ru_nvcsw),
          static_cast<uint64_t>(usage.ru_nivcsw)};
}

cpu_usage cpu_usage::operator-(const cpu_usage& earlier) const {
  return {cpu_seconds - earlier.cpu_seconds, voluntary_switches - earlier.voluntary_switches,
          involuntary_switches - earlier.involuntary_switches};
}

cpu_usage& cpu_usage::operator+=(const cpu_usage& more) {
  cpu_seconds += more.cpu_seconds;
  voluntary_switches += more.voluntary_switches;
  involuntary_switches += more.involuntary_switches;
  return *this;
}

thread_census thread_census::now() {
  thread_census census;
  std::error_code ignored;
  for (auto& task : std::filesystem::directory_iterator("/proc/self/task", ignored)) {
    // A thread may end while it is read: it is then left out.
    thread_usage usage;
    std::ifstream comm{task.path() / "comm"};
    std::ifstream schedstat{task.path() / "schedstat"};
    std::ifstream status{task.path() / "status"};
    uint64_t on_cpu_ns = 0;
    if (!std::getline(comm, usage.name) || !(schedstat >> on_cpu_ns))
      continue;
    usage.usage.cpu_seconds = static_cast<double>(on_cpu_ns) / 1e9;
    for (std::string line; std::getline(status, line);) {
      auto value = [&line] { return std::strtoull(line.c_str() + line.find(':') + 1, nullptr, 10); };
      if (line.rfind("voluntary_ctxt_switches:", 0) == 0)
        usage.usage.voluntary_switches = value();
      else if (line.rfind("nonvoluntary_ctxt_switches:", 0) == 0)
        usage.usage.involuntary_switches = value();
    }
    census.by_thread_id_[std::atoi(task.path().filename().c_str())] = std::move(usage);
  }
  return census;
}

std::vector<thread_usage> thread_census::since(const thread_census& earlier) const {
  std::map<std::string, thread_usage> by_name;
  for (auto& [id, now] : by_thread_id_) {
    auto& sum = by_name[now.name];
    sum.name = now.name;
    auto before = earlier.by_thread_id_.find(id);
    sum.usage += now.usage - (before == earlier.by_thread_id_.end() ? cpu_usage{} : before->second.usage);
  }
  std::vector<thread_usage> busiest_first;
  for (auto& [name, usage] : by_name)
    busiest_first.push_back(usage);
  std::sort(busiest_first.begin(), busiest_first.end(),
            [](const thread_usage& a, const thread_usage& b) { return a.usage.cpu_seconds > b.usage.cpu_seconds; });
  return busiest_first;
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
  auto before = cpu_usage::of_process();
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
  auto used = cpu_usage::of_process() - before;
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
