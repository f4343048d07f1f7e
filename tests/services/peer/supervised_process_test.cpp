// Launch-and-supervise with plain shell commands standing in for a chaincode:
// restart with backoff, the Fabric arguments and environment, stop.
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "services/peer/supervised_process.hpp"

namespace vireo::peer {
namespace {
namespace fs = std::filesystem;
using namespace std::chrono_literals;

struct supervisor_fixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("vireo-supervise-" + std::to_string(::getpid()));
  void SetUp() override { fs::create_directories(dir); }
  void TearDown() override { fs::remove_all(dir); }
  launch_spec spec(const std::string& command) {
    launch_spec s;
    s.chaincode_id = "cc:1";
    s.command = command;
    s.peer_address = "127.0.0.1:7052";
    s.env["CORE_CHAINCODE_ID_NAME"] = "cc:1";
    s.log_file = (dir / "cc.log").string();
    s.backoff_initial_ms = 10;
    s.backoff_max_ms = 40;
    s.stop_grace_ms = 500;
    return s;
  }
  std::string log_text() {
    std::ifstream in(dir / "cc.log");
    std::stringstream out;
    out << in.rdbuf();
    return out.str();
  }
  static auto soon() { return std::chrono::steady_clock::now() + 10s; }
};

TEST_F(supervisor_fixture, passes_the_peer_address_flag_and_the_chaincode_id_env) {
  supervised_process p(spec("sh -c 'echo \"args=$* id=$CORE_CHAINCODE_ID_NAME\"' sh"));
  ASSERT_TRUE(p.wait_started(2, soon())) << "the first run has exited, its output is in the log";
  p.stop();
  EXPECT_NE(log_text().find("args=--peer.address 127.0.0.1:7052 id=cc:1"), std::string::npos) << log_text();
}

TEST_F(supervisor_fixture, restarts_a_process_that_exits_with_growing_backoff) {
  supervised_process p(spec("sh -c 'exit 3' sh"));
  ASSERT_TRUE(p.wait_started(4, soon()));
  auto s = p.status();
  EXPECT_GE(s.starts, 4u);
  EXPECT_EQ(s.last_exit, "exit 3");
  EXPECT_LE(s.next_backoff.count(), 40) << "capped at the maximum";
  p.stop();
  EXPECT_EQ(p.status().current, launch_status::phase::stopped);
}

TEST_F(supervisor_fixture, restarts_a_process_killed_with_sigkill_and_reports_the_signal) {
  supervised_process p(spec("sh -c 'exec sleep 30' sh"));
  ASSERT_TRUE(p.wait_started(1, soon()));
  ::kill(p.status().pid, SIGKILL);
  ASSERT_TRUE(p.wait_started(2, soon()));
  EXPECT_EQ(p.status().last_exit, "signal 9");
  EXPECT_EQ(std::string(to_string(p.status().current)), "running");
}

TEST_F(supervisor_fixture, stop_kills_a_process_that_ignores_sigterm) {
  supervised_process p(spec("sh -c \"trap '' TERM; while true; do sleep 1; done\" sh"));
  ASSERT_TRUE(p.wait_started(1, soon()));
  pid_t pid = p.status().pid;
  p.stop();
  EXPECT_EQ(p.status().current, launch_status::phase::stopped);
  EXPECT_EQ(::kill(pid, 0), -1) << "the process group is gone";
}

}  // namespace
}  // namespace vireo::peer
