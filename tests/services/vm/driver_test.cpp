// The wasm executor end to end over real vireo-vm children (the core's state
// service replaced by memory_state): deploy, calls, hooks, results, events,
// errors, the pool, and the wall budget.
#include <future>
#include <thread>

#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

using json = nlohmann::json;
using outcome = worker::execution_result::outcome;

class executor_test : public driver_fixture {};

TEST_F(executor_test, counter_in_wat_counts_across_invocations) {
  store_code("counter_wat.wasm");
  ASSERT_EQ(deploy("counter_wat.wasm").status, outcome::ok);
  expect_increment_returns("counter_wat.wasm", "01");
  expect_increment_returns("counter_wat.wasm", "02");
  const auto result = call("counter_wat.wasm", "increment");
  EXPECT_EQ(result.output_json, R"({"return_code":0,"return_data":["03"]})");
  EXPECT_EQ(state_.committed.at("count"), "\x03");
}

TEST_F(executor_test, counter_in_c_runs_init_with_an_integer_argument) {
  store_code("counter_c.wasm");
  const auto deployed = deploy("counter_c.wasm", json::array({"41"}));
  ASSERT_EQ(deployed.status, outcome::ok) << deployed.error;
  expect_increment_returns("counter_c.wasm", "2a");
  const auto added = call("counter_c.wasm", "add", json::array({1000}));
  ASSERT_EQ(added.status, outcome::ok) << added.error;
  EXPECT_EQ(json::parse(added.output_json)["return_data"][0], "0412");
}

TEST_F(executor_test, a_call_without_deploy_fetches_the_code_through_the_hook) {
  store_code("counter_wat.wasm");
  expect_increment_returns("counter_wat.wasm", "01");
}

TEST_F(executor_test, missing_code_is_contract_not_found) {
  const auto result = call("no-such-hash", "increment");
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error, "contract_not_found (return code 3): no code for hash no-such-hash");
  const auto deployed = deploy("no-such-hash");
  EXPECT_EQ(deployed.error, "contract_not_found: no code stored for hash no-such-hash");
}

TEST_F(executor_test, deploy_rejects_an_unknown_import_by_name) {
  store_code("unknown_import_c.wasm");
  const auto result = deploy("unknown_import_c.wasm");
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error, "contract_invalid (return code 9): unknown import env.transferESDTExecute");
}

TEST_F(executor_test, user_errors_and_traps_fail_with_the_return_code_name) {
  store_code("counter_c.wasm");
  store_code("misbehave_wat.wasm");
  EXPECT_EQ(call("counter_c.wasm", "add", json::array({-5})).error,
            "user_error (return code 4): negative delta");
  EXPECT_EQ(call("misbehave_wat.wasm", "trap").error,
            "execution_failed (return code 10): trap: unreachable executed");
  EXPECT_EQ(call("misbehave_wat.wasm", "spin").error,
            "out_of_gas (return code 5): out of gas after 10000000 steps");
  EXPECT_EQ(call("misbehave_wat.wasm", "nope").error,
            "function_not_found (return code 1): function 'nope' not found");
  EXPECT_TRUE(state_.committed.empty());
}

TEST_F(executor_test, a_contract_runtime_sets_gas_and_memory_limits) {
  store_code("misbehave_wat.wasm");
  auto r = request("misbehave_wat.wasm", "spin");
  r.contract.runtime = json{{"code_hash", "misbehave_wat.wasm"}, {"gas_limit", 1234}}.dump();
  EXPECT_EQ(executor_->execute(r, state_).error, "out_of_gas (return code 5): out of gas after 1234 steps");
  r = request("misbehave_wat.wasm", "grow");
  r.contract.runtime = json{{"code_hash", "misbehave_wat.wasm"}, {"memory_limit_pages", 1001}}.dump();
  EXPECT_EQ(executor_->execute(r, state_).status, outcome::ok);
}

TEST_F(executor_test, bad_requests_fail_before_reaching_a_vm) {
  store_code("counter_wat.wasm");
  auto r = request("counter_wat.wasm", "increment");
  r.contract.runtime = "{}";
  EXPECT_EQ(executor_->execute(r, state_).error, "bad wasm invocation: the contract's runtime has no code_hash");
  r = request("counter_wat.wasm", "increment");
  r.transaction_json = R"({"payload":{}})";
  EXPECT_EQ(executor_->execute(r, state_).error,
            "bad wasm invocation: the transaction payload names no function (payload.function)");
  r = request("counter_wat.wasm", "increment", json::array({"0xzz"}));
  EXPECT_EQ(executor_->execute(r, state_).error, "bad wasm invocation: bad hex digit 'z' in 0xzz");
}

TEST_F(executor_test, reads_are_answered_from_state_access_once_per_dialogue) {
  store_code("probe_c.wasm");
  state_.committed["k"] = "old";
  const auto result = call("probe_c.wasm", "read_write_read");
  ASSERT_EQ(result.status, outcome::ok) << result.error;
  EXPECT_EQ(result.output_json, R"({"return_code":0,"return_data":["6f6c64","6e6577"]})");
  EXPECT_EQ(state_.reads, 1);
  EXPECT_EQ(state_.committed.at("k"), "new");
}

TEST_F(executor_test, deletes_reach_state_access_as_del) {
  store_code("probe_c.wasm");
  state_.committed["k"] = "x";
  ASSERT_EQ(call("probe_c.wasm", "storage_codes").status, outcome::ok);
  EXPECT_EQ(state_.committed.count("k"), 0u);
}

TEST_F(executor_test, logs_become_events_named_by_their_first_topic) {
  store_code("probe_c.wasm");
  const auto result = call("probe_c.wasm", "log_event");
  ASSERT_EQ(result.events.size(), 2u);
  EXPECT_EQ(result.events[0].name, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(result.events[0].payload, "payload");
  EXPECT_EQ(result.events[1].name, "log");
  EXPECT_EQ(result.events[1].payload, "bare");
}

TEST_F(executor_test, a_hung_contract_fails_on_the_wall_budget_and_the_next_call_succeeds) {
  store_code("misbehave_wat.wasm");
  store_code("counter_wat.wasm");
  auto r = request("misbehave_wat.wasm", "spin", json::array(), std::chrono::milliseconds(300));
  r.contract.runtime = json{{"code_hash", "misbehave_wat.wasm"}, {"gas_limit", 1ULL << 60}}.dump();
  const auto result = executor_->execute(r, state_);
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error.rfind("timeout after ", 0), 0u) << result.error;
  EXPECT_NE(result.error.find("vm dialogue overran its wall budget"), std::string::npos) << result.error;
  expect_increment_returns("counter_wat.wasm", "01");
  EXPECT_EQ(pool_->client(0).starts(), 2u) << "the hung child was replaced";
}

class small_frame_test : public driver_fixture {
 protected:
  small_frame_test() : driver_fixture(1, {}, 8192) {}
};

TEST_F(small_frame_test, a_response_over_the_frame_limit_fails_the_call_not_the_child) {
  store_code("probe_c.wasm");
  store_code("counter_wat.wasm");
  const auto result = call("probe_c.wasm", "large_return");
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error.rfind("execution_failed (return code 10): response of ", 0), 0u) << result.error;
  EXPECT_NE(result.error.find("exceeds the maximum frame size of 8192"), std::string::npos) << result.error;
  expect_increment_returns("counter_wat.wasm", "01");
  EXPECT_EQ(pool_->client(0).starts(), 1u) << "the child survived";
}

class pool_test : public driver_fixture {
 protected:
  pool_test() : driver_fixture(2) {}
};

TEST_F(pool_test, two_children_serve_two_invocations_at_once) {
  store_code("counter_wat.wasm");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  auto first = pool_->acquire(deadline);
  auto second = pool_->acquire(deadline);
  ASSERT_TRUE(first && second);
  EXPECT_NE(&first->client(), &second->client());
  EXPECT_FALSE(pool_->acquire(std::chrono::steady_clock::now()).has_value()) << "both children are leased";
  first.reset();
  second.reset();

  // Two executors sharing the pool, one per thread, as the worker's slots would.
  auto other = make_wasm_executor(pool_, [this](const std::string& h) -> std::optional<std::string> {
    return code_.at(h);
  });
  memory_state other_state;
  auto task = std::async(std::launch::async, [&] {
    return other->execute(request("counter_wat.wasm", "increment"), other_state);
  });
  const auto mine = executor_->execute(request("counter_wat.wasm", "increment"), state_);
  const auto theirs = task.get();
  EXPECT_EQ(mine.status, outcome::ok) << mine.error;
  EXPECT_EQ(theirs.status, outcome::ok) << theirs.error;
}

TEST(vm_settings, a_missing_binary_is_an_error_naming_both_places) {
  ::unsetenv("VIREO_VM_PATH");
  try {
    locate_vm_binary("");
    FAIL() << "found a vireo-vm next to the test binary";
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("not next to the running binary ("), std::string::npos) << what;
    EXPECT_NE(what.find("/vireo-vm) and VIREO_VM_PATH is not set"), std::string::npos) << what;
  }
  ::setenv("VIREO_VM_PATH", vm_binary_for_tests().c_str(), 1);
  EXPECT_EQ(locate_vm_binary(""), vm_binary_for_tests());
  ::unsetenv("VIREO_VM_PATH");
}

}  // namespace
}  // namespace vireo::vm::test

namespace vireo::vm::test {
namespace {

TEST(vm_client, a_binary_that_is_not_vireo_vm_fails_the_invocation_with_its_exit_status) {
  vm_settings settings;
  settings.vm_binary = "/bin/false";
  auto executor = make_wasm_executor(make_vm_pool(settings), [](const std::string&) {
    return std::optional<std::string>("code");
  });
  worker::execution_request r;
  r.invocation_id = "inv-false";
  r.contract.runtime = R"({"code_hash":"h"})";
  r.transaction_json = R"({"payload":{"function":"f"}})";
  r.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  memory_state state;
  const auto result = executor->execute(r, state);
  EXPECT_EQ(result.status, worker::execution_result::outcome::failed);
  EXPECT_NE(result.error.find("exited with code 1"), std::string::npos) << result.error;
}

}  // namespace
}  // namespace vireo::vm::test
