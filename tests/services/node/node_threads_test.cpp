// A running vireod names its threads after what they do, as
// docs/operations.md lists them, so that `top -H` and `perf` tell the
// committer from the journal (CAF alone calls every detached actor's thread
// "caf.actor"). Real vireod child, read through /proc.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

/// How many of the process's threads carry each name.
std::map<std::string, int> thread_names(pid_t pid) {
  std::map<std::string, int> names;
  for (const auto& task : std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/task")) {
    std::ifstream comm(task.path() / "comm");
    std::string name;
    if (std::getline(comm, name))
      ++names[name];
  }
  return names;
}

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

TEST(node_threads, each_role_names_its_threads) {
  vireod_process node;
  node.start();
  // A detached actor names its thread when it first runs, which on a busy
  // machine may come after the ready line.
  auto names = thread_names(node.pid());
  for (auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
       !settled(names) && std::chrono::steady_clock::now() < deadline;
       names = thread_names(node.pid()))
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  for (const auto& name : each_once)
    EXPECT_GE(names[name], 1) << name;
  EXPECT_GE(names["worker-exec"], 2) << "one thread per executor";
  EXPECT_EQ(names["bus"], 1) << "one thread for the core's and the worker's bus sockets";
  EXPECT_EQ(names["caf.actor"], 0) << "a detached actor left unnamed";
  EXPECT_EQ(names["caf.multiplexer"], 0) << "a scheduler thread left unnamed";
}

}  // namespace
}  // namespace vireo::testing
