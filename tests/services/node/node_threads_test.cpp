// A running vireod names its threads after what they do, as
// docs/operations.md lists them, so that `top -H` and `perf` tell the
// committer from the journal (CAF alone calls every detached actor's thread
// "caf.actor"), and runs every one of them under node.cpu_scheduling. Real
// vireod child, read through /proc.
#include <sched.h>

#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/fixtures/proc_threads.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

/// Names that at least one thread carries.
const std::vector<std::string> each_once = {"core",   "core-journal", "core-commit", "core-blocks",
                                            "core-registry", "worker", "bus", "http"};

/// Whether every name the node gives is there and CAF's own names are gone.
bool settled(std::map<std::string, int>& names) {
  for (const auto& name : each_once)
    if (names[name] == 0)
      return false;
  return names["worker-exec"] >= 2 && names["caf.actor"] == 0 && names["caf.multiplexer"] == 0;
}

/// The names of `node`'s threads once every thread the node names is there.
std::map<std::string, int> settled_thread_names(const vireod_process& node) {
  // A detached actor names its thread when it first runs, which on a busy
  // machine may come after the ready line.
  auto names = thread_names(node.pid());
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       !settled(names) && std::chrono::steady_clock::now() < deadline;
       names = thread_names(node.pid()))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  return names;
}

TEST(node_threads, each_role_names_its_threads) {
  vireod_process node;
  node.start();
  auto names = settled_thread_names(node);
  for (const auto& name : each_once)
    EXPECT_GE(names[name], 1) << name;
  EXPECT_GE(names["worker-exec"], 2) << "one thread per executor";
  EXPECT_EQ(names["bus"], 1) << "one thread for the core's and the worker's bus sockets";
  EXPECT_EQ(names["caf.actor"], 0) << "a detached actor left unnamed";
  EXPECT_EQ(names["caf.multiplexer"], 0) << "a scheduler thread left unnamed";
}

TEST(node_threads, every_thread_runs_under_the_configured_cpu_scheduling) {
  for (auto [setting, policy] : {std::pair<std::string, int>{"batch", SCHED_BATCH}, {"normal", SCHED_OTHER}}) {
    vireod_process node({"--set", "node.cpu_scheduling=" + setting});
    node.start();
    auto names = settled_thread_names(node);
    ASSERT_TRUE(settled(names)) << setting;
    auto policies = thread_policies(node.pid());
    EXPECT_GE(policies.size(), each_once.size()) << setting;
    for (auto& [name, thread_policy] : policies) {
      // RocksDB's flushes and compactions go to SCHED_IDLE under batch once
      // their thread takes a job (ledger_store::run_background_work_when_idle).
      if (policy == SCHED_BATCH && name.rfind("rocksdb:", 0) == 0 && thread_policy == SCHED_IDLE)
        continue;
      EXPECT_EQ(thread_policy, policy) << setting << ": thread " << name;
    }
  }
}

}  // namespace
}  // namespace vireo::testing
