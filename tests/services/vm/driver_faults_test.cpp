// Transport and protocol failures between the driver and a child. vireo-vm's
// test-only fault injection (VIREO_VM_TEST_FAULTS=1, see services/vm/child/
// test_faults.hpp) makes the child misbehave on a "__fault_<name>" call; each
// failure must fail only that invocation, with a clear reason, and the next
// invocation must succeed on a restarted child.
#include <signal.h>

#include <future>

#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

using outcome = worker::execution_result::outcome;

/// memory_state that signals when the child asks for "fault:hang": the child is
/// then inside a dialogue, blocked for good (a named sync point, not a sleep).
class hang_aware_state : public memory_state {
 public:
  worker::state_value get(const std::string& key) override {
    if (key == "fault:hang") reached_hang.set_value();
    return memory_state::get(key);
  }
  std::promise<void> reached_hang;
};

class driver_faults_test : public driver_fixture {
 protected:
  driver_faults_test() : driver_fixture(1, {"VIREO_VM_TEST_FAULTS=1"}) { store_code("counter_wat.wasm"); }

  /// Runs fault `name`; returns the failure reason after checking the next call works.
  std::string fail_then_recover(const std::string& name, const std::string& next_value) {
    const auto failed = call("counter_wat.wasm", "__fault_" + name);
    EXPECT_EQ(failed.status, outcome::failed);
    EXPECT_TRUE(failed.output_json.empty());
    expect_increment_returns("counter_wat.wasm", next_value);
    return failed.error;
  }
};

TEST_F(driver_faults_test, a_nonce_mismatch_fails_one_invocation) {
  expect_increment_returns("counter_wat.wasm", "01");
  EXPECT_EQ(fail_then_recover("bad_nonce", "02"),
            "vm protocol error: nonce mismatch: expected 2, got 9 (child killed)");
  EXPECT_EQ(pool_->client(0).starts(), 2u);
}

TEST_F(driver_faults_test, a_truncated_frame_fails_one_invocation) {
  const std::string why = fail_then_recover("truncated", "01");
  EXPECT_EQ(why.rfind("vm transport error: pipe closed mid-frame: contract_response payload of ", 0), 0u) << why;
  EXPECT_NE(why.find("(child exited with code 5 (internal error))"), std::string::npos) << why;
}

TEST_F(driver_faults_test, an_oversized_frame_fails_one_invocation) {
  EXPECT_EQ(fail_then_recover("oversized", "01"),
            "vm protocol error: frame of 16777217 bytes (contract_response) exceeds the maximum of "
            "16777216 bytes (child killed)");
}

TEST_F(driver_faults_test, garbage_on_the_pipe_fails_one_invocation) {
  const std::string why = fail_then_recover("garbage", "01");
  EXPECT_EQ(why.rfind("vm protocol error: bad contract_response payload: ", 0), 0u) << why;
}

TEST_F(driver_faults_test, a_child_killed_mid_dialogue_fails_one_invocation) {
  hang_aware_state state;
  auto reached = state.reached_hang.get_future();
  auto running = std::async(std::launch::async, [&] {
    return executor_->execute(request("counter_wat.wasm", "__fault_hang"), state);
  });
  reached.wait();  // the child has asked for a storage value inside the dialogue
  const pid_t pid = pool_->client(0).pid();
  ASSERT_GT(pid, 0);
  ASSERT_EQ(::kill(pid, SIGKILL), 0);
  const auto failed = running.get();
  EXPECT_EQ(failed.status, outcome::failed);
  EXPECT_EQ(failed.error.rfind("vm transport error: pipe closed", 0), 0u) << failed.error;
  EXPECT_NE(failed.error.find("(child killed by signal 9)"), std::string::npos) << failed.error;
  expect_increment_returns("counter_wat.wasm", "01");
}

TEST_F(driver_faults_test, a_hung_child_fails_on_the_wall_budget) {
  hang_aware_state state;
  const auto failed =
      executor_->execute(request("counter_wat.wasm", "__fault_hang", nlohmann::json::array(),
                                 std::chrono::milliseconds(300)),
                         state);
  EXPECT_EQ(failed.status, outcome::failed);
  EXPECT_NE(failed.error.find("vm dialogue overran its wall budget"), std::string::npos) << failed.error;
  EXPECT_NE(failed.error.find("(child killed)"), std::string::npos) << failed.error;
  expect_increment_returns("counter_wat.wasm", "01");
}

TEST_F(driver_faults_test, a_child_that_keeps_dying_is_restarted_every_time) {
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(call("counter_wat.wasm", "__fault_truncated").status, outcome::failed);
  }
  expect_increment_returns("counter_wat.wasm", "01");
  EXPECT_EQ(pool_->client(0).starts(), 5u);
}

class no_fault_mode_test : public driver_fixture {};

TEST_F(no_fault_mode_test, fault_functions_are_ordinary_names_without_the_test_flag) {
  store_code("counter_wat.wasm");
  EXPECT_EQ(call("counter_wat.wasm", "__fault_hang").error,
            "function_not_found (return code 1): function '__fault_hang' not found");
}

}  // namespace
}  // namespace vireo::vm::test
