// Chaincode peer benchmark: transactions per second and latency of a real
// fabric-shim 2.5.8 chaincode (asset_lowlevel `bench`: one GetState + one
// PutState, so TRANSACTION + 2 talk-backs + COMPLETED = 3 round trips) driven
// through the peer at increasing concurrency (one worker thread per in-flight
// transaction, all on one chaincode stream), next to the same-run ceiling of a
// bare gRPC bidi ping-pong (grpc_pingpong_ceiling.hpp) at the same concurrency.
// Also reports the peer-side time per talk-back (reader hand-over, state,
// reply write) against the ping-pong round trip, and where a transaction's time
// goes.
//
// usage: chaincode_peer_bench [--seconds S] [--levels 1,2,4,8,16] [--docs docs/benchmarks.md]
//   --docs rewrites only the "## Chaincode peer" section of that file.
#include <chrono>
#include <fstream>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include <sys/resource.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include "bench/peer/grpc_pingpong_ceiling.hpp"
#include "services/peer/chaincode_executor.hpp"
#include "services/peer/proposal.hpp"
#include "tests/interop/fabric/chaincode_fixture.hpp"

namespace {

using clock_type = std::chrono::steady_clock;
using vireo::bench::latency_summary;
using vireo::bench::quantile_us;

// CPU seconds (user + system) a process has used so far.
double process_cpu_seconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string field;
  double ticks = 0;
  for (int i = 1; i <= 15 && in >> field; ++i)
    if (i == 14 || i == 15) ticks += std::stod(field);
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double self_cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_utime.tv_sec + u.ru_stime.tv_sec + (u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct level_result {
  int concurrency = 0;
  double chaincode_cpu = 0;     // share of one core used by the Node chaincode
  double peer_cpu = 0;          // share of one core used by this process (peer + driver)
  latency_summary tx;
  latency_summary ceiling;
  double talkback_p50_us = 0;   // peer-side time per talk-back
  double peer_per_tx_us = 0;    // p50 of all peer-side time of a transaction
  uint64_t failures = 0;
};

// Runs `bench` transactions on `threads` threads for `seconds`.
level_result run_level(vireo::peer::testing::chaincode_fixture& f, const vireo::peer::chaincode_runtime& runtime,
                       pid_t chaincode, int threads, double seconds) {
  const double cc_before = process_cpu_seconds(chaincode), self_before = self_cpu_seconds();
  const auto level_start = clock_type::now();
  std::mutex mu;
  std::vector<uint64_t> latencies, per_talkback, per_tx_peer;
  level_result out;
  out.concurrency = threads;
  double rate = 0;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      std::vector<uint64_t> lat, tb, peer;
      uint64_t failed = 0, n = 0;
      const auto started = clock_type::now();
      const auto deadline = started + std::chrono::duration<double>(seconds);
      while (clock_type::now() < deadline) {
        auto a = clock_type::now();
        auto state = f.ledger().begin("bench");
        vireo::peer::chaincode_request req;
        req.runtime = runtime;
        req.args = vireo::peer::chaincode_args(
            R"({"payload":{"function":"bench","args":["key-)" + std::to_string(t) + R"(","v)" + std::to_string(n++) + R"("]}})");
        req.deadline = clock_type::now() + std::chrono::seconds(30);
        req.timeout_ms = 30000;
        auto outcome = f.service().invoke(req, *state);
        auto result = vireo::peer::to_execution_result(outcome);
        if (result.status != vireo::worker::execution_result::outcome::ok || !f.ledger().commit(state->tx())) {
          ++failed;
          continue;
        }
        lat.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(clock_type::now() - a).count());
        peer.push_back(outcome.peer_time.count());
        if (outcome.talkbacks) tb.push_back(outcome.peer_time.count() / outcome.talkbacks);
      }
      const double window = std::chrono::duration<double>(clock_type::now() - started).count();
      std::lock_guard<std::mutex> lock(mu);
      rate += lat.size() / window;
      latencies.insert(latencies.end(), lat.begin(), lat.end());
      per_talkback.insert(per_talkback.end(), tb.begin(), tb.end());
      per_tx_peer.insert(per_tx_peer.end(), peer.begin(), peer.end());
      out.failures += failed;
    });
  }
  for (auto& t : pool) t.join();
  const double wall = std::chrono::duration<double>(clock_type::now() - level_start).count();
  out.chaincode_cpu = (process_cpu_seconds(chaincode) - cc_before) / wall;
  out.peer_cpu = (self_cpu_seconds() - self_before) / wall;
  out.tx.count = latencies.size();
  out.tx.per_second = rate;
  out.tx.p50_us = quantile_us(latencies, 0.5);
  out.tx.p99_us = quantile_us(latencies, 0.99);
  out.talkback_p50_us = quantile_us(per_talkback, 0.5);
  out.peer_per_tx_us = quantile_us(per_tx_peer, 0.5);
  return out;
}

// Microseconds to synthesize (and sign) one proposal, the peer's main
// per-transaction cost outside the talk-backs.
double proposal_us(const vireo::peer::msp_identity& identity, bool sign) {
  protos::ChaincodeInput input;
  input.add_args("bench");
  input.add_args("key");
  constexpr int n = 2000;
  auto a = clock_type::now();
  for (int i = 0; i < n; ++i) vireo::peer::synthesize_proposal(identity, sign, "vireo", "bench:v1", input);
  return std::chrono::duration<double, std::micro>(clock_type::now() - a).count() / n;
}

// The 1-minute load average, to say how busy the machine was.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one;
  in >> one;
  return one.empty() ? "?" : one;
}

std::string report(const std::vector<level_result>& levels, double seconds, double signed_us, double unsigned_us,
                   const std::string& load_before, const std::string& load_after) {
  std::ostringstream md;
  md << "## Chaincode peer\n\n"
     << "`bench/peer/chaincode_peer_bench --docs docs/benchmarks.md` (" << fmt::format("{:.0f}", seconds)
     << " s per level, one run, 2-vCPU machine shared with other builds: load average " << load_before << " at the "
     << "start, " << load_after << " at the end, so single figures move from run to run; compare within a row). A real fabric-shim 2.5.8 chaincode (Node 20, "
        "`tests/interop/fabric/chaincodes/asset_lowlevel`, function `bench`: one GetState + one PutState) "
        "in client mode, all transactions on one chaincode stream, each through the peer with a synthesized "
        "signed proposal and committed to the in-memory ledger. Ceiling: a bare gRPC bidi ping-pong of "
        "32-byte ChaincodeMessages between two C++ processes, same run, one stream per client thread. "
        "A transaction is 3 round trips (TRANSACTION/GET_STATE/PUT_STATE answered, COMPLETED).\n\n"
     << "| in flight | tx/s | p50 ms | p99 ms | ping-pong rt/s | ping-pong p50 µs | ping-pong p99 µs | "
        "peer µs per talk-back (p50) | ratio to ping-pong p50 | chaincode CPU | peer CPU | failed |\n"
     << "|---|---|---|---|---|---|---|---|---|---|---|---|\n";
  for (const auto& l : levels) {
    md << fmt::format("| {} | {:.0f} | {:.2f} | {:.2f} | {:.0f} | {:.0f} | {:.0f} | {:.0f} | {:.2f} | {:.0f} % | {:.0f} % | {} |\n",
                      l.concurrency, l.tx.per_second, l.tx.p50_us / 1e3, l.tx.p99_us / 1e3, l.ceiling.per_second,
                      l.ceiling.p50_us, l.ceiling.p99_us, l.talkback_p50_us,
                      l.ceiling.p50_us > 0 ? l.talkback_p50_us / l.ceiling.p50_us : 0.0, 100 * l.chaincode_cpu,
                      100 * l.peer_cpu, l.failures);
  }
  const auto& one = levels.front();
  const double rest = one.tx.p50_us - one.peer_per_tx_us - 3 * one.ceiling.p50_us;
  md << "\nWhere a transaction's time goes at 1 in flight (p50): "
     << fmt::format("{:.0f} µs end to end = {:.0f} µs peer-side talk-back handling + {:.0f} µs for 3 bare gRPC "
                    "round trips + {:.0f} µs left for the Node chaincode (fabric-shim decode/dispatch, "
                    "contract code, its event loop) and the peer's TRANSACTION set-up (proposal synthesis and "
                    "signing, mailbox, COMPLETED handling).\n",
                    one.tx.p50_us, one.peer_per_tx_us, 3 * one.ceiling.p50_us, rest)
     << fmt::format("Of the latter, synthesizing a proposal takes {:.1f} µs with the ECDSA signature "
                    "(`sign_proposals`, default) and {:.1f} µs without.\n",
                    signed_us, unsigned_us)
     << "CPU columns: share of one core used during the level by the Node chaincode process and by the "
        "benchmark process (the peer plus the threads driving it); the chaincode is one Node event loop, so "
        "near 100 % it is the bottleneck.\n"
     << "Peer-side time per talk-back is measured from the stream's reader handing the message over to the "
        "reply being written; the target is ≤ 1.5 × the ping-pong round trip.\n";
  return md.str();
}

// Replaces the "## Chaincode peer" section of `path` (or appends it).
void write_section(const std::string& path, const std::string& section) {
  std::string text;
  {
    std::ifstream in(path);
    std::stringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  if (text.empty()) text = "# Benchmarks\n";
  const std::string heading = "## Chaincode peer\n";
  auto start = text.find(heading);
  if (start == std::string::npos) {
    if (text.back() != '\n') text += '\n';
    text += "\n" + section;
  } else {
    auto end = text.find("\n## ", start + heading.size());
    text.replace(start, end == std::string::npos ? std::string::npos : end + 1 - start, section + (end == std::string::npos ? "" : "\n"));
  }
  std::ofstream(path, std::ios::trunc) << text;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 3;
  std::vector<int> levels = {1, 2, 4, 8, 16};
  std::string docs;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--echo-server") return vireo::bench::run_echo_server();
    if (a == "--seconds" && i + 1 < argc) seconds = std::atof(argv[++i]);
    else if (a == "--docs" && i + 1 < argc) docs = argv[++i];
    else if (a == "--levels" && i + 1 < argc) {
      levels.clear();
      std::stringstream in(argv[++i]);
      for (std::string n; std::getline(in, n, ',');) levels.push_back(std::stoi(n));
    } else {
      std::cerr << "usage: chaincode_peer_bench [--seconds S] [--levels 1,2,4] [--docs docs/benchmarks.md]\n";
      return 2;
    }
  }
  spdlog::set_level(spdlog::level::warn);
  const std::string load_before = load_average();
  const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
  vireo::peer::testing::chaincode_fixture f("peer-bench");
  const pid_t chaincode = f.start_script_client("asset_lowlevel", "bench:v1").pid();
  auto runtime = vireo::peer::parse_chaincode_runtime(R"({"chaincode_id":"bench:v1"})");
  f.deploy_spec("bench", nlohmann::json::parse(R"({"chaincode_id":"bench:v1"})"));
  if (!f.invoke("bench", "bench", {"warm", "up"}).committed) {
    std::cerr << "the bench chaincode did not answer\n";
    return 1;
  }
  run_level(f, runtime, chaincode, 1, 0.5);  // warm-up
  std::vector<level_result> results;
  for (int n : levels) {
    level_result r = run_level(f, runtime, chaincode, n, seconds);
    r.ceiling = vireo::bench::grpc_pingpong(self, n, seconds);
    std::cerr << fmt::format("in flight {:>2}: {:>6.0f} tx/s p50 {:.2f} ms p99 {:.2f} ms | ping-pong {:>6.0f} rt/s "
                             "p50 {:.0f} us | peer per talk-back {:.0f} us | cpu chaincode {:.0f}% peer {:.0f}%\n",
                             n, r.tx.per_second, r.tx.p50_us / 1e3, r.tx.p99_us / 1e3, r.ceiling.per_second,
                             r.ceiling.p50_us, r.talkback_p50_us, 100 * r.chaincode_cpu, 100 * r.peer_cpu);
    results.push_back(r);
  }
  const std::string md = report(results, seconds, proposal_us(f.service().identity(), true),
                                proposal_us(f.service().identity(), false), load_before, load_average());
  std::cout << md;
  if (!docs.empty()) write_section(docs, md);
  return 0;
}
