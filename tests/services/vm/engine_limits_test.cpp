// What the engine does with contracts that misbehave, run out of gas or memory,
// or cannot be loaded; and that a failure never poisons the next call.
#include "tests/services/vm/engine_fixture.hpp"

namespace vireo::vm::test {
namespace {

using vm_proto::return_code;

class engine_limits_test : public engine_fixture {
 protected:
  void SetUp() override {
    load("misbehave_wat.wasm");
    load("counter_wat.wasm");
  }

  /// After any failure the same engine must still run a good call.
  void expect_engine_still_works() {
    const auto out = call("counter_wat.wasm", "increment");
    EXPECT_EQ(out.code, return_code::ok) << out.message;
    EXPECT_EQ(hex(out.return_data.at(0)), "01");
  }
};

TEST_F(engine_limits_test, unreachable_is_a_failed_call_naming_the_trap) {
  const auto out = call("misbehave_wat.wasm", "trap");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "trap: unreachable executed");
  expect_engine_still_works();
}

TEST_F(engine_limits_test, division_by_zero_is_a_failed_call) {
  const auto out = call("misbehave_wat.wasm", "divide_by_zero");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "trap: integer divide by zero");
  expect_engine_still_works();
}

TEST_F(engine_limits_test, runaway_recursion_is_a_call_stack_overflow) {
  const auto out = call("misbehave_wat.wasm", "recurse");
  EXPECT_EQ(out.code, return_code::call_stack_overflow);
  EXPECT_NE(out.message.find("call stack exhausted"), std::string::npos) << out.message;
  expect_engine_still_works();
}

TEST_F(engine_limits_test, an_endless_loop_runs_out_of_gas_at_the_limit) {
  input_.gas_limit = 50'000;
  const auto out = call("misbehave_wat.wasm", "spin");
  EXPECT_EQ(out.code, return_code::out_of_gas);
  EXPECT_EQ(out.message, "out of gas after 50000 steps");
  EXPECT_EQ(out.gas_used, 50'000u);
  expect_engine_still_works();
}

TEST_F(engine_limits_test, host_calls_are_charged_gas) {
  input_.gas_limit = 150;  // one host call costs 100 steps
  const auto out = call("counter_wat.wasm", "increment");
  EXPECT_EQ(out.code, return_code::out_of_gas);
  input_.gas_limit = 1'000'000;
  const auto ok = call("counter_wat.wasm", "increment");
  EXPECT_EQ(ok.code, return_code::ok);
  EXPECT_GE(ok.gas_used, 300u) << "three host calls";
}

TEST_F(engine_limits_test, growing_past_the_memory_limit_fails_and_within_it_succeeds) {
  input_.memory_limit_pages = 256;
  const auto out = call("misbehave_wat.wasm", "grow");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "trap: out of bounds memory access: access at 65601535+1 >= max value 65536");
  input_.memory_limit_pages = 2000;
  EXPECT_EQ(call("misbehave_wat.wasm", "grow").code, return_code::ok);
}

TEST_F(engine_limits_test, a_module_asking_for_more_memory_than_the_limit_fails) {
  load("big_memory_wat.wasm");
  const auto out = call("big_memory_wat.wasm", "touch");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "memory of 300 pages exceeds the limit of 256 pages");
  input_.memory_limit_pages = 300;
  EXPECT_EQ(call("big_memory_wat.wasm", "touch").code, return_code::ok);
}

TEST_F(engine_limits_test, a_host_call_with_a_bad_pointer_fails_the_call) {
  const auto out = call("misbehave_wat.wasm", "bad_pointer");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "memory read of 16 bytes at 2147418112 is out of bounds");
}

TEST_F(engine_limits_test, c_contracts_trap_loop_recurse_and_meet_the_memory_limit) {
  load("misbehave_c.wasm");
  EXPECT_EQ(call("misbehave_c.wasm", "trap").message, "trap: unreachable executed");
  input_.gas_limit = 50'000;
  EXPECT_EQ(call("misbehave_c.wasm", "spin").code, return_code::out_of_gas);
  input_.gas_limit = 10'000'000;
  EXPECT_EQ(call("misbehave_c.wasm", "recurse").code, return_code::call_stack_overflow);
  const auto grown = call("misbehave_c.wasm", "grow");
  ASSERT_EQ(grown.code, return_code::ok) << grown.message;
  EXPECT_EQ(hex(grown.return_data.at(0)), "0100") << "memory.grow stops at the 256-page limit";
  const auto unchecked = call("misbehave_c.wasm", "grow_unchecked");
  EXPECT_EQ(unchecked.code, return_code::execution_failed);
  EXPECT_NE(unchecked.message.find("out of bounds memory access"), std::string::npos) << unchecked.message;
  expect_engine_still_works();
}

TEST_F(engine_limits_test, unknown_function_is_return_code_1) {
  const auto out = call("counter_wat.wasm", "decrement");
  EXPECT_EQ(out.code, return_code::function_not_found);
  EXPECT_EQ(out.message, "function 'decrement' not found");
}

TEST_F(engine_limits_test, init_and_callback_cannot_be_called_directly) {
  for (const char* name : {"init", "callBack"}) {
    const auto out = call("misbehave_wat.wasm", name);
    EXPECT_EQ(out.code, return_code::user_error);
    EXPECT_EQ(out.message, std::string("function ") + name + " cannot be called directly");
  }
}

TEST_F(engine_limits_test, a_function_with_parameters_has_the_wrong_signature) {
  const auto out = call("misbehave_wat.wasm", "with_params");
  EXPECT_EQ(out.code, return_code::function_wrong_signature);
  EXPECT_EQ(out.message, "function 'with_params' must be () -> (), it is (i32) -> ()");
}

TEST_F(engine_limits_test, unknown_imports_are_rejected_at_load_naming_them) {
  EXPECT_EQ(engine_.load("u1", contract_bytes("unknown_import_wat.wasm")), "unknown import env.launchMissiles");
  EXPECT_EQ(engine_.load("u2", contract_bytes("unknown_import_c.wasm")), "unknown import env.transferESDTExecute");
  EXPECT_EQ(engine_.load("u3", contract_bytes("wrong_signature_wat.wasm")),
            "import env.finish has signature (i32) -> () but the host API defines (i32, i32) -> ()");
  EXPECT_FALSE(engine_.has_module("u1"));
}

TEST_F(engine_limits_test, bytes_that_are_not_wasm_are_rejected) {
  const auto why = engine_.load("junk", "definitely not a module");
  ASSERT_TRUE(why.has_value());
  EXPECT_EQ(why->rfind("not a valid WebAssembly module: ", 0), 0u) << *why;
}

TEST_F(engine_limits_test, deploy_runs_init_with_its_arguments_and_a_missing_init_is_fine) {
  load("counter_c.wasm");
  input_.args = {std::string("\x29", 1)};
  const auto out = engine_.run("counter_c.wasm", call_kind::deploy, input_, storage_);
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(out.writes.at("count"), std::string("\x29", 1));
  const auto without_init = engine_.run("counter_wat.wasm", call_kind::deploy, input_, storage_);
  EXPECT_EQ(without_init.code, return_code::ok);
  EXPECT_TRUE(without_init.writes.empty());
}

TEST_F(engine_limits_test, an_uncached_hash_is_contract_not_found) {
  const auto out = call("nothing-here", "get");
  EXPECT_EQ(out.code, return_code::contract_not_found);
}

}  // namespace
}  // namespace vireo::vm::test
