// The ERC-20 style token (contracts/token.c: big integers, arguments, events,
// errors) deployed and called through the wasm executor on real vireo-vm
// children; memory_state stands in for the core's state service.
#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

using json = nlohmann::json;
using outcome = worker::execution_result::outcome;

const std::string alice = "0x" + std::string(64, 'a');
const std::string bob = "0x" + std::string(64, 'b');
const std::string carol = "0x" + std::string(64, 'c');
// keccak256("Transfer(address,address,uint256)"), keccak256("Approval(address,address,uint256)")
const std::string transfer_topic = "ddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
const std::string approval_topic = "8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925";
const std::string supply = "1000000000000000000000000000000";  // 10^30, past 64 bits
const std::string supply_hex = "0c9f2c9cd04674edea40000000";

class token_test : public driver_fixture {
 protected:
  void SetUp() override {
    store_code("token_c.wasm");
    sender_ = alice;
    const auto deployed = deploy("token_c.wasm", json::array({supply}));
    ASSERT_EQ(deployed.status, outcome::ok) << deployed.error;
  }

  worker::execution_result as(const std::string& who, const std::string& function, json args) {
    sender_ = who;
    return call("token_c.wasm", function, std::move(args));
  }

  std::string returned(const worker::execution_result& r) {
    EXPECT_EQ(r.status, outcome::ok) << r.error;
    if (r.status != outcome::ok) return "<failed>";
    return json::parse(r.output_json)["return_data"][0].get<std::string>();
  }

  std::string balance(const std::string& who) { return returned(as(alice, "balanceOf", json::array({who}))); }
};

TEST_F(token_test, deploy_gives_the_whole_supply_to_the_deployer) {
  EXPECT_EQ(returned(as(bob, "totalSupply", json::array())), supply_hex);
  EXPECT_EQ(balance(alice), supply_hex);
  EXPECT_EQ(balance(bob), "");
}

TEST_F(token_test, transfer_moves_big_integers_and_emits_a_transfer_event) {
  const auto result = as(alice, "transfer", json::array({bob, "250"}));
  ASSERT_EQ(result.status, outcome::ok) << result.error;
  EXPECT_EQ(result.output_json, R"({"return_code":0,"return_data":["01"]})");
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events[0].name, transfer_topic);
  EXPECT_EQ(hex(result.events[0].payload), "fa");
  EXPECT_EQ(balance(bob), "fa");
  EXPECT_EQ(balance(alice), "0c9f2c9cd04674edea3fffff06");
}

TEST_F(token_test, overspending_is_a_user_error_that_changes_nothing) {
  ASSERT_EQ(as(alice, "transfer", json::array({bob, 10})).status, outcome::ok);
  const auto result = as(bob, "transfer", json::array({carol, 11}));
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error, "user_error (return code 4): insufficient funds");
  EXPECT_TRUE(result.events.empty());
  EXPECT_EQ(balance(bob), "0a");
  EXPECT_EQ(balance(carol), "");
}

TEST_F(token_test, approve_then_transfer_from_spends_the_allowance) {
  const auto approved = as(alice, "approve", json::array({carol, 100}));
  ASSERT_EQ(approved.status, outcome::ok) << approved.error;
  ASSERT_EQ(approved.events.size(), 1u);
  EXPECT_EQ(approved.events[0].name, approval_topic);
  const auto spent = as(carol, "transferFrom", json::array({alice, bob, 60}));
  ASSERT_EQ(spent.status, outcome::ok) << spent.error;
  EXPECT_EQ(balance(bob), "3c");
  EXPECT_EQ(returned(as(bob, "allowance", json::array({alice, carol}))), "28");
  EXPECT_EQ(as(carol, "transferFrom", json::array({alice, bob, 41})).error,
            "user_error (return code 4): allowance exceeded");
}

TEST_F(token_test, bad_arguments_and_payments_are_refused) {
  EXPECT_EQ(as(alice, "transfer", json::array({bob, -1})).error, "user_error (return code 4): negative amount");
  EXPECT_EQ(as(alice, "transfer", json::array({"0x0102", 1})).error,
            "user_error (return code 4): address arguments are 32 bytes");
  EXPECT_EQ(as(alice, "transfer", json::array({bob})).error,
            "user_error (return code 4): transfer takes (to, amount)");
  auto paid = request("token_c.wasm", "transfer", json::array({bob, 1}));
  auto tx = json::parse(paid.transaction_json);
  tx["payload"]["value"] = "5";
  paid.transaction_json = tx.dump();
  EXPECT_EQ(executor_->execute(paid, state_).error, "user_error (return code 4): function does not accept payment");
}

}  // namespace
}  // namespace vireo::vm::test
