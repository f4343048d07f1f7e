// WASM VM IPC benchmark: a counter contract (1 storage read, 1 write) invoked
// through the wasm executor with 1 and 2 vireo-vm children, next to the same-run
// ceiling of a raw pipe round trip and the in-process engine cost.
// usage: vm_ipc_bench [seconds per variant, default 3]
// Prints a markdown section for docs/benchmarks.md ("## WASM VM IPC").
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <thread>

#include "bench/vm/pipe_ceiling.hpp"
#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/driver/call_mapping.hpp"
#include "services/vm/driver/wasm_executor.hpp"
#include "services/vm/engine/engine.hpp"
#include "support/logging.hpp"
#include "tests/services/vm/test_support.hpp"

namespace vireo::vm::bench {
namespace {

using clock = std::chrono::steady_clock;
const std::string code_hash = "counter_wat.wasm";

struct stats {
  double per_second = 0;
  double p50_us = 0;
  double p99_us = 0;
  size_t count = 0;
};

stats summarize(std::vector<double> latencies_ns, double seconds) {
  stats s;
  s.count = latencies_ns.size();
  if (latencies_ns.empty()) return s;
  std::sort(latencies_ns.begin(), latencies_ns.end());
  s.per_second = static_cast<double>(s.count) / seconds;
  s.p50_us = latencies_ns[s.count / 2] / 1e3;
  s.p99_us = latencies_ns[std::min(s.count - 1, s.count * 99 / 100)] / 1e3;
  return s;
}

/// Committed state in a map; each invocation's writes are committed at once.
class bench_state : public worker::state_access {
 public:
  worker::state_value get(const std::string& key) override {
    auto it = values_.find(key);
    return it == values_.end() ? worker::state_value{} : worker::state_value{true, it->second, 1};
  }
  /// As the core's state: a peek is a get that records nothing (nothing is recorded here).
  std::optional<worker::state_value> peek(const std::string& key) override { return get(key); }
  std::vector<std::pair<std::string, worker::state_value>> range(const std::string&, const std::string&,
                                                                 uint32_t) override {
    return {};
  }
  std::vector<worker::state_history_entry> history(const std::string&) override { return {}; }
  void put(const std::string& key, const std::string& value) override { values_[key] = value; }
  void del(const std::string& key) override { values_.erase(key); }

 private:
  std::map<std::string, std::string> values_;
};

worker::execution_request increment_request(int n) {
  worker::execution_request r;
  r.invocation_id = "bench-" + std::to_string(n);
  r.contract.name = "counter";
  r.contract.kind = "wasm";
  r.contract.runtime = R"({"code_hash":"counter_wat.wasm"})";
  r.transaction_json = R"({"header":{"sender":"bench"},"payload":{"function":"increment","args":[]}})";
  r.deadline = clock::now() + std::chrono::seconds(10);
  return r;
}

/// One worker slot invoking the counter until `end`; returns latencies (ns).
std::vector<double> invoke_until(worker::executor& executor, clock::time_point end) {
  bench_state state;
  std::vector<double> latencies;
  for (int n = 0;; ++n) {
    const auto request = increment_request(n);  // the core hands the executor a built request
    const auto start = clock::now();
    if (start >= end) break;
    const auto result = executor.execute(request, state);
    if (result.status != worker::execution_result::outcome::ok) {
      std::fprintf(stderr, "invocation failed: %s\n", result.error.c_str());
      std::exit(1);
    }
    latencies.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count());
  }
  return latencies;
}

stats run_pool(uint32_t children, double seconds, placement where = placement::any) {
  vm_settings settings;
  settings.pool_size = children;
  settings.log_level = 4;
  auto pool = make_vm_pool(settings);
  pool->warm_up();
  if (where != placement::any) {  // one child only: pin it and this thread
    pin(pool->client(0).pid(), peer_cpu(where));
    pin(0, own_cpu(where));
  }
  const std::string code = test::contract_bytes(code_hash);
  code_loader loader = [&code](const std::string&) -> std::optional<std::string> { return code; };
  std::vector<std::unique_ptr<worker::executor>> slots;
  for (uint32_t i = 0; i < children; ++i) slots.push_back(make_wasm_executor(pool, loader));
  for (auto& slot : slots) invoke_until(*slot, clock::now() + std::chrono::milliseconds(200));  // warm-up

  const auto end = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::vector<double>> per_slot(children);
  std::vector<std::thread> threads;
  for (uint32_t i = 0; i < children; ++i) {
    threads.emplace_back([&, i] { per_slot[i] = invoke_until(*slots[i], end); });
  }
  for (auto& t : threads) t.join();
  std::vector<double> all;
  for (auto& v : per_slot) all.insert(all.end(), v.begin(), v.end());
  pin(0, -1);
  return summarize(std::move(all), seconds);
}

stats run_engine(double seconds) {
  class map_source : public storage_source {
   public:
    std::optional<std::string> read(const std::string& key) override {
      auto it = values.find(key);
      return it == values.end() ? std::nullopt : std::optional<std::string>(it->second);
    }
    std::map<std::string, std::string> values;
  } storage;
  engine eng;
  eng.load(code_hash, test::contract_bytes(code_hash));
  vm_proto::call_input input;
  input.function = "increment";
  input.gas_limit = 10'000'000;
  input.memory_limit_pages = 256;
  std::vector<double> latencies;
  const auto end = clock::now() + std::chrono::duration<double>(seconds);
  for (auto start = clock::now(); start < end; start = clock::now()) {
    auto out = eng.run(code_hash, call_kind::call, input, storage);
    storage.values["count"] = *out.writes.at("count");
    latencies.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count());
  }
  return summarize(std::move(latencies), seconds);
}

/// Times `body` repeatedly for `seconds`.
template <typename Body>
stats time_loop(double seconds, Body body) {
  std::vector<double> latencies;
  const auto end = clock::now() + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
  for (auto start = clock::now(); start < end; start = clock::now()) {
    body();
    latencies.push_back(std::chrono::duration<double, std::nano>(clock::now() - start).count());
  }
  return summarize(std::move(latencies), seconds);
}

/// The executor's JSON work per invocation, without a VM: runtime and
/// transaction in, output JSON and writes out.
stats run_mapping(double seconds) {
  const vm_settings settings;
  bench_state state;
  vm_proto::contract_response response;
  response.return_data = {std::string("\x07", 1)};
  response.writes = {{std::string("count"), std::string("\x07", 1), false}};
  mapping_cache cache;
  int n = 0;
  return time_loop(seconds, [&] {
    const auto request = increment_request(++n);
    const auto& runtime = cache.runtime(request.contract.runtime, settings);
    const auto dialogue = make_dialogue_request(request, runtime, false, cache);
    const auto result = to_execution_result(response, state);
    if (dialogue.input.function.empty() || result.output_json.empty()) std::exit(1);
  });
}

/// A counter's call request as the executor sends it from the second call on:
/// the value of "count" prefetched.
vm_proto::call_request counter_call() {
  vm_proto::call_request call;
  call.nonce = 1;
  call.invocation_id = "bench-123456";
  call.code_hash = code_hash;
  call.input.function = "increment";
  call.input.caller = std::string(32, 'c');
  call.input.sc_address = std::string(32, 's');
  call.input.owner = std::string(32, '\0');
  call.prefetched = {{std::string("count"), true, std::string("\x07", 1)}};
  return call;
}

/// Encoding and decoding the two frames of a counter invocation (its one read
/// prefetched, so no hook frames).
stats run_codec(double seconds) {
  const vm_proto::call_request call = counter_call();
  vm_proto::contract_response response;
  response.return_data = {std::string("\x08", 1)};
  response.writes = {{std::string("count"), std::string("\x08", 1), false}};
  response.prefetch_used = {0};
  auto trip = [](const auto& msg) {
    using msg_t = std::decay_t<decltype(msg)>;
    const std::string frame = vm_proto::encode_frame(msg);
    return vm_proto::decode_payload<msg_t>(std::string_view(frame).substr(vm_proto::preamble_bytes)).nonce;
  };
  return time_loop(seconds, [&] {
    if (trip(call) + trip(response) == 12345) std::exit(1);
  });
}

size_t call_frame_bytes() { return vm_proto::encode_frame(counter_call()).size() - vm_proto::preamble_bytes; }

}  // namespace
}  // namespace vireo::vm::bench

int main(int argc, char** argv) {
  using namespace vireo::vm::bench;
  const double seconds = argc > 1 ? std::atof(argv[1]) : 3.0;
  vireo::logger("vm")->set_level(spdlog::level::warn);
  const size_t payload = call_frame_bytes();

  struct row {
    const char* name;
    const stats& s;
    const stats* ceiling;  // the round trip the p50 is expressed in; null: none
  };
  const stats pipe_same = summarize(pipe_round_trips(payload, seconds, placement::same_cpu), seconds);
  const stats pipe_cross = summarize(pipe_round_trips(payload, seconds, placement::cross_cpu), seconds);
  const stats pipe_any = summarize(pipe_round_trips(payload, seconds, placement::any), seconds);
  const stats engine = run_engine(seconds);
  const stats mapping = run_mapping(seconds);
  const stats codec = run_codec(seconds);
  const stats one_same = run_pool(1, seconds, placement::same_cpu);
  const stats one_cross = run_pool(1, seconds, placement::cross_cpu);
  const stats one_any = run_pool(1, seconds);
  const stats two_any = run_pool(2, seconds);
  const row rows[] = {
      {"raw pipe round trip, both ends on one CPU (ceiling)", pipe_same, &pipe_same},
      {"raw pipe round trip, ends on different CPUs (ceiling)", pipe_cross, &pipe_cross},
      {"raw pipe round trip, unpinned (ceiling)", pipe_any, &pipe_any},
      {"engine in-process, no IPC", engine, nullptr},
      {"executor JSON mapping only (request in, result out)", mapping, nullptr},
      {"msgpack encode+decode of the 2 frames", codec, nullptr},
      {"executor, 1 child, driver and child on one CPU", one_same, &pipe_same},
      {"executor, 1 child, driver and child on different CPUs", one_cross, &pipe_cross},
      {"executor, 1 child, unpinned", one_any, &pipe_any},
      {"executor, 2 children, 2 driver threads, unpinned", two_any, &pipe_any},
  };
  std::printf("| variant | invocations/s | p50 µs | p99 µs | p50 in pipe RTs (target <= 3) |\n");
  std::printf("|---|---|---|---|---|\n");
  for (const auto& r : rows) {
    std::printf("| %s | %.0f | %.1f | %.1f | ", r.name, r.s.per_second, r.s.p50_us, r.s.p99_us);
    if (r.ceiling == nullptr) {
      std::printf("- |\n");
    } else if (r.ceiling == &r.s) {
      std::printf("1 (by definition) |\n");
    } else {
      std::printf("%.2f |\n", r.s.p50_us / r.ceiling->p50_us);
    }
  }
  std::printf("\nPipe probe payload: %zu B (a counter call_request frame); %.0f s per variant.\n", payload,
              seconds);
  return 0;
}
