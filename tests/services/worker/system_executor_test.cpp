// The system contracts and the Dragonchain result rules they share with http
// contracts: what each contract writes and outputs, that a result built as a
// JSON value applies exactly as its text would, and the typed failures of a
// request the executor cannot read.
#include "services/worker/system_executor.hpp"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/worker/dragonchain_result.hpp"
#include "support/json_depth.hpp"
#include "tests/fixtures/memory_state.hpp"

namespace vireo::worker {
namespace {

using nlohmann::json;

execution_request request(const std::string& contract, const std::string& transaction_json) {
  execution_request r;
  r.invocation_id = "inv-1";
  r.contract.name = contract;
  r.contract.kind = "system";
  r.contract.runtime = json{{"contract", contract}}.dump();
  r.transaction_json = transaction_json;
  r.deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  return r;
}

std::string transaction_with(const json& payload) {
  return json{{"id", "tx-1"}, {"type", "t"}, {"timestamp", 1}, {"payload", payload}}.dump();
}

TEST(system_executor, kv_set_writes_the_value_as_json_text_under_the_key_and_outputs_the_pair) {
  system_executor executor;
  testing::memory_state state;
  auto result = executor.execute(
      request("kv_set", transaction_with({{"key", "colour"}, {"value", {{"hue", json::array({1, 2})}}}})), state);
  ASSERT_EQ(result.status, execution_result::outcome::ok) << result.error;
  EXPECT_EQ(state.pending.at("colour"), R"({"hue":[1,2]})");
  EXPECT_EQ(json::parse(result.output_json), json({{"colour", {{"hue", json::array({1, 2})}}}}));
  EXPECT_FALSE(result.tag.has_value());
}

TEST(system_executor, counter_adds_to_the_committed_count_and_records_its_read) {
  system_executor executor;
  testing::memory_state state;
  state.put("count", "41");
  state.commit();
  auto result = executor.execute(request("counter", transaction_with({{"by", 1}})), state);
  ASSERT_EQ(result.status, execution_result::outcome::ok) << result.error;
  EXPECT_EQ(state.pending.at("count"), "42");
  EXPECT_EQ(state.read_set.at("count"), 1u);
  EXPECT_EQ(result.output_json, R"({"count":42})");
}

TEST(system_executor, echo_writes_each_top_level_key_and_takes_a_string_tag) {
  system_executor executor;
  testing::memory_state state;
  auto result = executor.execute(request("echo", transaction_with({{"n", 7}, {"tag", "blue"}})), state);
  ASSERT_EQ(result.status, execution_result::outcome::ok) << result.error;
  EXPECT_EQ(state.pending.at("n"), "7");
  EXPECT_EQ(state.pending.at("tag"), R"("blue")");
  EXPECT_EQ(result.tag, "blue");
}

TEST(system_executor, echo_of_a_payload_that_is_not_an_object_stores_it_as_raw_response) {
  system_executor executor;
  testing::memory_state state;
  auto result = executor.execute(request("echo", transaction_with(json::array({1, "two"}))), state);
  ASSERT_EQ(result.status, execution_result::outcome::ok) << result.error;
  EXPECT_EQ(state.pending.at("rawResponse"), R"([1,"two"])");
  EXPECT_EQ(result.output_json, R"([1,"two"])");
  EXPECT_EQ(state.pending.size(), 1u);
}

TEST(system_executor, a_transaction_without_payload_reads_as_an_empty_one) {
  system_executor executor;
  testing::memory_state state;
  auto result = executor.execute(request("echo", R"({"id":"tx-1","type":"t"})"), state);
  ASSERT_EQ(result.status, execution_result::outcome::ok) << result.error;
  EXPECT_EQ(result.output_json, "{}");
  EXPECT_TRUE(state.pending.empty());
}

TEST(system_executor, runs_each_contract_by_its_own_runtime_when_contracts_alternate) {
  system_executor executor;
  for (int round = 0; round < 2; ++round) {
    testing::memory_state kv_state;
    auto kv = executor.execute(request("kv_set", transaction_with({{"key", "k"}, {"value", round}})), kv_state);
    ASSERT_EQ(kv.status, execution_result::outcome::ok) << kv.error;
    EXPECT_EQ(kv_state.pending.at("k"), std::to_string(round));

    testing::memory_state counter_state;
    auto counter = executor.execute(request("counter", transaction_with({{"by", 5}})), counter_state);
    ASSERT_EQ(counter.status, execution_result::outcome::ok) << counter.error;
    EXPECT_EQ(counter_state.pending.at("count"), "5");
  }
}

TEST(system_executor, a_request_it_cannot_read_fails_with_a_typed_reason_and_writes_nothing) {
  system_executor executor;
  struct bad_request {
    std::string runtime;
    std::string transaction_json;
    std::string error;
  };
  const std::vector<bad_request> cases = {
      {"not json", transaction_with({{"n", 1}}), "malformed execute request"},
      {"[\"echo\"]", transaction_with({{"n", 1}}), "malformed execute request"},
      {R"({"contract":"echo"})", "{\"payload\":", "malformed execute request"},
      {R"({"contract":"echo"})", "[1,2]", "malformed execute request"},
      {R"({"contract":5})", transaction_with({{"n", 1}}), "unknown system contract ''"},
      {R"({"contract":"nope"})", transaction_with({{"n", 1}}), "unknown system contract 'nope'"},
  };
  for (const auto& bad : cases) {
    testing::memory_state state;
    auto r = request("echo", bad.transaction_json);
    r.contract.runtime = bad.runtime;
    auto result = executor.execute(r, state);
    EXPECT_EQ(result.status, execution_result::outcome::failed) << bad.runtime << " " << bad.transaction_json;
    EXPECT_EQ(result.error, bad.error) << bad.runtime << " " << bad.transaction_json;
    EXPECT_TRUE(state.pending.empty());
  }
}

TEST(dragonchain_result, a_result_built_as_a_json_value_applies_as_its_text_would) {
  const std::vector<json> results = {
      {{"a", 1}, {"b", {{"c", json::array({true, nullptr})}}}},
      {{"tag", "t"}, {"x", "y"}},
      {{"tag", 3}},
      json::object(),
      json::array({1, 2}),
      "text",
      12.5,
      nullptr,
  };
  for (const auto& value : results) {
    testing::memory_state from_value, from_text;
    auto built = apply_dragonchain_result(value, from_value);
    auto parsed = apply_dragonchain_result(value.dump(), from_text);
    EXPECT_EQ(built.status, parsed.status) << value;
    EXPECT_EQ(built.output_json, parsed.output_json) << value;
    EXPECT_EQ(built.tag, parsed.tag) << value;
    EXPECT_EQ(from_value.pending, from_text.pending) << value;
    EXPECT_EQ(from_value.pending.empty(), value == json::object()) << value;
  }
}

TEST(dragonchain_result, json_nested_deeper_than_the_limit_fails_and_writes_nothing) {
  testing::memory_state state;
  auto result = apply_dragonchain_result(std::string(100000, '[') + std::string(100000, ']'), state);
  EXPECT_EQ(result.status, execution_result::outcome::failed);
  EXPECT_EQ(result.error, "the contract returned JSON nested deeper than 512 levels");
  EXPECT_TRUE(state.pending.empty());
}

TEST(dragonchain_result, text_with_more_brackets_than_the_limit_that_is_not_json_is_a_raw_response) {
  testing::memory_state state;
  auto text = "words " + std::string(max_json_depth + 1, '[');
  auto result = apply_dragonchain_result(text, state);
  ASSERT_EQ(result.status, execution_result::outcome::ok) << result.error;
  EXPECT_EQ(state.pending.at("rawResponse"), text);
  EXPECT_EQ(result.output_json, json(text).dump());
}

}  // namespace
}  // namespace vireo::worker
