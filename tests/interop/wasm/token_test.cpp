// The ERC-20 style tokens — contracts/token.c and its Rust counterpart
// contracts/token.rs (big integers, arguments, events, errors) — deployed and
// called through the wasm executor on real vireo-vm children; memory_state
// stands in for the core's state service. What both must do is one
// parameterised suite, so the C and the Rust contract are held to the same
// checks; the cases where they differ on purpose follow it.
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

class token_fixture : public driver_fixture {
 protected:
  /// Deploys `contract` with alice as the deployer, who gets the whole supply.
  void deploy_token(const std::string& contract) {
    contract_ = contract;
    store_code(contract_);
    sender_ = alice;
    const auto deployed = deploy(contract_, json::array({supply}));
    ASSERT_EQ(deployed.status, outcome::ok) << deployed.error;
  }

  worker::execution_result as(const std::string& who, const std::string& function, json args) {
    sender_ = who;
    return call(contract_, function, std::move(args));
  }

  std::string returned(const worker::execution_result& r) {
    EXPECT_EQ(r.status, outcome::ok) << r.error;
    if (r.status != outcome::ok) return "<failed>";
    return json::parse(r.output_json)["return_data"][0].get<std::string>();
  }

  std::string balance(const std::string& who) { return returned(as(alice, "balanceOf", json::array({who}))); }

  std::string contract_;
};

class token_test : public token_fixture, public ::testing::WithParamInterface<std::string> {
 protected:
  void SetUp() override { deploy_token(GetParam()); }
};

INSTANTIATE_TEST_SUITE_P(contracts, token_test, ::testing::Values("token_c.wasm", "token_rs.wasm"),
                         [](const ::testing::TestParamInfo<std::string>& info) {
                           return info.param == "token_c.wasm" ? std::string("c") : std::string("rust");
                         });

TEST_P(token_test, deploy_gives_the_whole_supply_to_the_deployer) {
  EXPECT_EQ(returned(as(bob, "totalSupply", json::array())), supply_hex);
  EXPECT_EQ(balance(alice), supply_hex);
  EXPECT_EQ(balance(bob), "");
}

TEST_P(token_test, transfer_moves_big_integers_and_emits_a_transfer_event) {
  const auto result = as(alice, "transfer", json::array({bob, "250"}));
  ASSERT_EQ(result.status, outcome::ok) << result.error;
  EXPECT_EQ(result.output_json, R"({"return_code":0,"return_data":["01"]})");
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events[0].name, transfer_topic);
  EXPECT_EQ(hex(result.events[0].payload), "fa");
  EXPECT_EQ(balance(bob), "fa");
  EXPECT_EQ(balance(alice), "0c9f2c9cd04674edea3fffff06");
}

TEST_P(token_test, overspending_is_a_user_error_that_changes_nothing) {
  ASSERT_EQ(as(alice, "transfer", json::array({bob, 10})).status, outcome::ok);
  const auto result = as(bob, "transfer", json::array({carol, 11}));
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error, "user_error (return code 4): insufficient funds");
  EXPECT_TRUE(result.events.empty());
  EXPECT_EQ(balance(bob), "0a");
  EXPECT_EQ(balance(carol), "");
}

TEST_P(token_test, approve_then_transfer_from_spends_the_allowance) {
  const auto approved = as(alice, "approve", json::array({carol, 100}));
  ASSERT_EQ(approved.status, outcome::ok) << approved.error;
  ASSERT_EQ(approved.events.size(), 1u);
  EXPECT_EQ(approved.events[0].name, approval_topic);
  EXPECT_EQ(hex(approved.events[0].payload), "64");
  const auto spent = as(carol, "transferFrom", json::array({alice, bob, 60}));
  ASSERT_EQ(spent.status, outcome::ok) << spent.error;
  ASSERT_EQ(spent.events.size(), 1u);
  EXPECT_EQ(spent.events[0].name, transfer_topic);
  EXPECT_EQ(balance(bob), "3c");
  EXPECT_EQ(returned(as(bob, "allowance", json::array({alice, carol}))), "28");
  EXPECT_EQ(as(carol, "transferFrom", json::array({alice, bob, 41})).error,
            "user_error (return code 4): allowance exceeded");
}

TEST_P(token_test, bad_arguments_and_payments_are_refused) {
  EXPECT_EQ(as(alice, "transfer", json::array({"0x0102", 1})).error,
            "user_error (return code 4): address arguments are 32 bytes");
  EXPECT_EQ(as(alice, "transfer", json::array({bob})).error,
            "user_error (return code 4): transfer takes (to, amount)");
  auto paid = request(contract_, "transfer", json::array({bob, 1}));
  auto tx = json::parse(paid.transaction_json);
  tx["payload"]["value"] = "5";
  paid.transaction_json = tx.dump();
  EXPECT_EQ(executor_->execute(paid, state_).error, "user_error (return code 4): function does not accept payment");
  EXPECT_EQ(balance(bob), "");
}

TEST_P(token_test, amounts_past_uint256_are_refused) {
  // The leading zero keeps it positive for token.c, which reads two's complement.
  const std::string uint256_max = "0x00" + std::string(64, 'f');
  const std::string two_to_the_256 = "0x01" + std::string(64, '0');
  const auto approved = as(alice, "approve", json::array({carol, uint256_max}));
  ASSERT_EQ(approved.status, outcome::ok) << approved.error;
  ASSERT_EQ(approved.events.size(), 1u);
  EXPECT_EQ(hex(approved.events[0].payload), std::string(64, 'f'));
  const auto refused = as(alice, "approve", json::array({carol, two_to_the_256}));
  EXPECT_EQ(refused.error, "user_error (return code 4): amounts are uint256");
  EXPECT_TRUE(refused.events.empty());
  EXPECT_EQ(returned(as(bob, "allowance", json::array({alice, carol}))), std::string(64, 'f'));
}

// token.c reads amounts as two's complement and refuses negative ones.
class c_token_test : public token_fixture {
 protected:
  void SetUp() override { deploy_token("token_c.wasm"); }
};

TEST_F(c_token_test, negative_amounts_are_refused) {
  EXPECT_EQ(as(alice, "transfer", json::array({bob, -1})).error, "user_error (return code 4): negative amount");
}

// token.rs reads amounts unsigned, as elrond-wasm reads a BigUint, and counts transfers in int64 storage.
class rust_token_test : public token_fixture {
 protected:
  void SetUp() override { deploy_token("token_rs.wasm"); }

  std::string transfer_count() { return returned(as(bob, "transferCount", json::array())); }
};

TEST_F(rust_token_test, amounts_are_unsigned_so_minus_one_is_255) {
  const auto result = as(alice, "transfer", json::array({bob, -1}));
  ASSERT_EQ(result.status, outcome::ok) << result.error;
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(hex(result.events[0].payload), "ff");
  EXPECT_EQ(balance(bob), "ff");
}

TEST_F(rust_token_test, successful_transfers_are_counted_in_int64_storage) {
  EXPECT_EQ(transfer_count(), "");  // int64finish(0) returns no bytes
  ASSERT_EQ(as(alice, "transfer", json::array({bob, 10})).status, outcome::ok);
  ASSERT_EQ(as(alice, "approve", json::array({carol, 5})).status, outcome::ok);
  ASSERT_EQ(as(carol, "transferFrom", json::array({alice, bob, 5})).status, outcome::ok);
  EXPECT_EQ(as(bob, "transfer", json::array({carol, 16})).error, "user_error (return code 4): insufficient funds");
  EXPECT_EQ(transfer_count(), "02");
  EXPECT_EQ(state_.committed.at("transfers"), std::string("\x02", 1));
}

TEST_F(rust_token_test, init_requires_the_supply) {
  sender_ = alice;
  const auto result = deploy(contract_);
  EXPECT_EQ(result.status, outcome::failed);
  EXPECT_EQ(result.error, "user_error (return code 4): init takes the total supply");
}

}  // namespace
}  // namespace vireo::vm::test
