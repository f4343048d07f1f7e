#include "bench/vm/pipe_ceiling.hpp"

#include <sched.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <string>

#include "services/vm/pipe/fd_io.hpp"

namespace vireo::vm::bench {

void pin(pid_t pid, int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  for (long c = 0; c < cpus; ++c) {
    if (cpu < 0 || c == cpu) CPU_SET(c, &set);
  }
  ::sched_setaffinity(pid, sizeof set, &set);
}

int own_cpu(placement p) { return p == placement::any ? -1 : 0; }
int peer_cpu(placement p) { return p == placement::any ? -1 : (p == placement::same_cpu ? 0 : 1); }

std::vector<double> pipe_round_trips(size_t payload_bytes, double seconds, placement where) {
  int to_child[2], to_parent[2];
  if (::pipe(to_child) != 0 || ::pipe(to_parent) != 0) return {};
  const pid_t pid = ::fork();
  if (pid == 0) {
    pin(0, peer_cpu(where));
    ::close(to_child[1]);
    ::close(to_parent[0]);
    std::string frame(8 + payload_bytes, '\0');
    try {
      for (;;) {
        read_exact(to_child[0], frame.data(), frame.size(), std::nullopt);
        write_all(to_parent[1], frame.data(), frame.size(), std::nullopt);
      }
    } catch (const std::exception&) {
      ::_exit(0);
    }
  }
  ::close(to_child[0]);
  ::close(to_parent[1]);
  pin(0, own_cpu(where));
  std::string frame(8 + payload_bytes, 'p'), echo(frame.size(), '\0');
  std::vector<double> latencies;
  using clock = std::chrono::steady_clock;
  const auto end = clock::now() + std::chrono::duration<double>(seconds);
  for (auto start = clock::now(); start < end; start = clock::now()) {
    write_all(to_child[1], frame.data(), frame.size(), std::nullopt);
    read_exact(to_parent[0], echo.data(), echo.size(), std::nullopt);
    latencies.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count());
  }
  ::close(to_child[1]);
  ::close(to_parent[0]);
  ::waitpid(pid, nullptr, 0);
  pin(0, -1);
  return latencies;
}

}  // namespace vireo::vm::bench
