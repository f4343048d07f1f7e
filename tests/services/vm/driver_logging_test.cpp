// A child's log frames reach Vireo's "vm" logger tagged with the invocation id
// and the child's pid.
#include <spdlog/sinks/base_sink.h>

#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>

#include "support/logging.hpp"
#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

/// Collects formatted lines and lets a test wait for one (a sync point, not a sleep).
class waiting_sink : public spdlog::sinks::base_sink<std::mutex> {
 public:
  bool wait_for(const std::string& needle, std::string& line) {
    std::unique_lock<std::mutex> lock(lines_mutex_);
    return seen_.wait_for(lock, std::chrono::seconds(10), [&] {
      for (const auto& l : lines_) {
        if (l.find(needle) != std::string::npos) {
          line = l;
          return true;
        }
      }
      return false;
    });
  }

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t buf;
    formatter_->format(msg, buf);
    {
      std::lock_guard<std::mutex> guard(lines_mutex_);
      lines_.emplace_back(buf.data(), buf.size());
    }
    seen_.notify_all();
  }
  void flush_() override {}

 private:
  std::mutex lines_mutex_;
  std::condition_variable seen_;
  std::vector<std::string> lines_;
};

/// One sink on the "vm" logger for the process, attached before the first
/// child of a test starts (earlier tests' pumps have joined by then).
std::shared_ptr<waiting_sink> test_sink() {
  static const auto sink = [] {
    auto s = std::make_shared<waiting_sink>();
    vireo::logger("vm")->sinks().push_back(s);
    return s;
  }();
  return sink;
}

class driver_logging_test : public driver_fixture {
 protected:
  driver_logging_test() : driver_fixture(1, {"VIREO_VM_TEST_FAULTS=1"}) {}
};

TEST_F(driver_logging_test, child_log_frames_carry_the_invocation_id_and_pid) {
  const auto sink = test_sink();
  store_code("counter_wat.wasm");
  const auto failed = call("counter_wat.wasm", "__fault_garbage");
  ASSERT_EQ(failed.status, worker::execution_result::outcome::failed);
  std::string line;
  ASSERT_TRUE(sink->wait_for("test fault injected: __fault_garbage", line));
  EXPECT_NE(line.find("inv=inv-" + std::to_string(invocations_) + " vm_pid="), std::string::npos) << line;
  EXPECT_NE(line.find("[warning]"), std::string::npos) << line;
}

TEST_F(driver_logging_test, the_log_level_reaches_running_children_through_the_profile_pipe) {
  const auto sink = test_sink();
  vireo::logger("vm")->set_level(spdlog::level::debug);
  store_code("counter_wat.wasm");
  expect_increment_returns("counter_wat.wasm", "01");  // the child runs at info
  pool_->set_log_level(1);                              // debug, from the next dialogue
  expect_increment_returns("counter_wat.wasm", "02");
  std::string line;
  ASSERT_TRUE(sink->wait_for("call increment: ok (gas ", line));
  EXPECT_NE(line.find("[debug] inv=inv-2 vm_pid="), std::string::npos) << line;
  EXPECT_EQ(pool_->client(0).starts(), 1u) << "the same child, no restart";
}

TEST(driver_logging, child_stderr_lines_are_logged_as_errors_with_the_invocation_id) {
  const auto sink = test_sink();
  const std::string script = ::testing::TempDir() + "vireo_vm_stderr_" + std::to_string(::getpid()) + ".sh";
  {
    std::ofstream out(script);
    out << "#!/bin/sh\necho 'complaint from the child' >&2\nexec sleep 5\n";
  }
  ASSERT_EQ(::chmod(script.c_str(), 0755), 0);
  vm_settings settings;
  settings.vm_binary = script;
  auto executor = make_wasm_executor(make_vm_pool(settings), nullptr);
  worker::execution_request r;
  r.invocation_id = "inv-stderr";
  r.contract.runtime = R"({"code_hash":"h"})";
  r.transaction_json = R"({"payload":{"function":"f"}})";
  r.deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
  memory_state state;
  EXPECT_EQ(executor->execute(r, state).status, worker::execution_result::outcome::failed);
  std::string line;
  ASSERT_TRUE(sink->wait_for("complaint from the child", line));
  EXPECT_NE(line.find("[error] inv=inv-stderr vm_pid="), std::string::npos) << line;
  ::unlink(script.c_str());
}

}  // namespace
}  // namespace vireo::vm::test
