// Bad input gets a clear, typed error, nothing is partially applied, and the
// node keeps serving (real vireod, real HTTP function servers on loopback).
#include <gtest/gtest.h>

#include "tests/fixtures/function_server.hpp"
#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"
#include "support/json_depth.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

std::string error_code(const http_reply& reply) {
  return reply.json()["error"]["code"].get<std::string>();
}

class bad_input : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.start();
    ASSERT_EQ(api().deploy({{"name", "kv"}, {"kind", "system"}, {"execution", "parallel"}, {"triggers", {"kv"}},
                           {"runtime", {{"contract", "kv_set"}}}})
                  .status,
              201);
  }

  /// Deploys a serial http contract `name` calling `function` at `base_url`.
  void deploy_function(const std::string& name, const std::string& base_url, const std::string& function,
                       unsigned timeout_ms = 10000) {
    ASSERT_EQ(api().deploy({{"name", name}, {"kind", "http"}, {"execution", "serial"}, {"triggers", {name}},
                           {"runtime", {{"base_url", base_url}, {"function", function}}},
                           {"exec_timeout_ms", timeout_ms}})
                  .status,
              201);
  }

  /// Invokes `type` and returns its receipt document.
  json invoke(const std::string& type, const json& payload = json::object()) {
    auto id = api().submit_accepted(type, payload);
    EXPECT_TRUE(id.has_value());
    if (!id)
      return json::object();
    auto doc = api().receipt(*id, 30000);
    EXPECT_TRUE(doc.has_value());
    return doc.value_or(json::object());
  }

  node_api api() const { return node_api{node_.base_url()}; }

  vireod_process node_{{"--set", "http.max_body_bytes=4096"}};
  function_server functions_;
};

TEST_F(bad_input, malformed_json_is_rejected_with_bad_json) {
  node_api api{node_.base_url()};
  auto reply = api.post("/v1/transactions", "{\"type\": ");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_code(reply), "bad_json");
  EXPECT_FALSE(reply.json()["error"]["request_id"].get<std::string>().empty());
}

TEST_F(bad_input, wrong_shapes_and_unknown_fields_are_rejected) {
  node_api api{node_.base_url()};
  EXPECT_EQ(error_code(api.post("/v1/transactions", "[1,2]")), "invalid_transaction");
  EXPECT_EQ(error_code(api.post("/v1/transactions", R"({"type": 7})")), "invalid_transaction");
  EXPECT_EQ(error_code(api.post("/v1/transactions", R"({"type": "kv", "colour": "red"})")), "unknown_field");
  EXPECT_EQ(error_code(api.post("/v1/contracts", R"({"name": "x", "kind": "cobol"})")), "invalid_contract");
}

TEST_F(bad_input, an_unknown_transaction_type_is_rejected_with_unknown_type) {
  node_api api{node_.base_url()};
  auto reply = api.submit("no-such-contract", json::object());
  EXPECT_EQ(reply.status, 404);
  EXPECT_EQ(error_code(reply), "unknown_type");
}

TEST_F(bad_input, an_inactive_contract_is_not_invoked_until_activated_again) {
  node_api api{node_.base_url()};
  ASSERT_EQ(api.post("/v1/contracts/kv/deactivate", "").status, 200);
  auto reply = api.submit("kv", {{"key", "a"}, {"value", 1}});
  EXPECT_EQ(reply.status, 409);
  EXPECT_EQ(error_code(reply), "contract_inactive");
  EXPECT_FALSE(api.state("kv", "a").has_value());
  ASSERT_EQ(api.post("/v1/contracts/kv/activate", "").status, 200);
  EXPECT_TRUE(api.submit_accepted("kv", {{"key", "a"}, {"value", 1}}).has_value());
}

TEST_F(bad_input, an_oversized_body_is_refused_with_413_and_the_node_keeps_serving) {
  node_api api{node_.base_url()};
  auto reply = api.submit("kv", {{"key", "big"}, {"value", std::string(8192, 'x')}});
  EXPECT_EQ(reply.status, 413);
  EXPECT_EQ(error_code(reply), "payload_too_large");
  EXPECT_FALSE(api.state("kv", "big").has_value());
  EXPECT_TRUE(api.submit_accepted("kv", {{"key", "small"}, {"value", 1}}).has_value());
}

/// `levels` nested JSON arrays.
std::string nested_arrays(size_t levels) {
  return std::string(levels, '[') + std::string(levels, ']');
}

TEST_F(bad_input, a_body_nested_deeper_than_the_limit_is_refused_and_one_at_the_limit_is_served_back) {
  // The body is the first level, the payload the second.
  auto too_deep = api().post("/v1/transactions", R"({"type": "kv", "payload": {"key": "d", "value": )" +
                                                     nested_arrays(max_json_depth - 1) + "}}");
  EXPECT_EQ(too_deep.status, 400);
  EXPECT_EQ(error_code(too_deep), "bad_json");
  EXPECT_NE(too_deep.json()["error"]["message"].get<std::string>().find("deeper than 512 levels"), std::string::npos);

  auto at_limit = api().post("/v1/transactions", R"({"type": "kv", "payload": {"key": "d", "value": )" +
                                                     nested_arrays(max_json_depth - 2) + "}}");
  ASSERT_EQ(at_limit.status, 202) << at_limit.body;
  auto id = at_limit.json()["id"].get<std::string>();
  auto receipt = api().receipt(id, 30000);
  ASSERT_TRUE(receipt.has_value());
  EXPECT_EQ((*receipt)["receipt"]["status"], "committed");
  auto stored = api().get("/v1/transactions/" + id);
  ASSERT_EQ(stored.status, 200);
  EXPECT_EQ(stored.json()["payload"]["value"].dump(), nested_arrays(max_json_depth - 2));
  EXPECT_EQ(api().state("kv", "d"), json::parse(nested_arrays(max_json_depth - 2)));
}

TEST(bad_input_at_the_default_body_limit, a_body_of_100000_nested_arrays_is_refused_and_the_node_keeps_serving) {
  // Before the depth limit, this one request stopped the node: copying and
  // dumping the payload recursed once per level and overflowed the stack.
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(api.deploy({{"name", "kv"}, {"kind", "system"}, {"execution", "parallel"}, {"triggers", {"kv"}},
                        {"runtime", {{"contract", "kv_set"}}}})
                .status,
            201);
  auto reply = api.post("/v1/transactions", R"({"type": "kv", "payload": )" + nested_arrays(100000) + "}");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(error_code(reply), "bad_json");
  auto batch = api.post("/v1/transactions/batch", R"({"transactions": [{"type": "kv", "payload": )" +
                                                      nested_arrays(100000) + "}]}");
  EXPECT_EQ(batch.status, 400);
  auto deploy = api.post("/v1/contracts", R"({"name": "deep", "kind": "system", "runtime": )" +
                                              nested_arrays(100000) + "}");
  EXPECT_EQ(deploy.status, 400);
  auto id = api.submit_accepted("kv", {{"key", "after"}, {"value", 1}});
  ASSERT_TRUE(id.has_value()) << "the node stopped serving";
  EXPECT_TRUE(api.receipt(*id, 30000).has_value());
}

TEST_F(bad_input, duplicate_names_and_taken_trigger_types_conflict) {
  node_api api{node_.base_url()};
  auto again = api.deploy({{"name", "kv"}, {"kind", "system"}, {"execution", "serial"}, {"triggers", {"other"}},
                           {"runtime", {{"contract", "echo"}}}});
  EXPECT_EQ(again.status, 409);
  auto taken = api.deploy({{"name", "kv2"}, {"kind", "system"}, {"execution", "serial"}, {"triggers", {"kv"}},
                           {"runtime", {{"contract", "echo"}}}});
  EXPECT_EQ(taken.status, 409);
  EXPECT_NE(taken.json()["error"]["message"].get<std::string>().find("already triggers"), std::string::npos);
}

TEST_F(bad_input, a_function_server_that_is_down_fails_the_invocation_only) {
  deploy_function("down", "http://127.0.0.1:1", "anything");
  auto doc = invoke("down");
  EXPECT_EQ(doc["receipt"]["status"], "failed");
  EXPECT_NE(doc["receipt"]["reason"].get<std::string>().find("unreachable"), std::string::npos);
  EXPECT_EQ(doc["output"]["invoker"], doc["receipt"]["invocation_id"]);
  EXPECT_TRUE(doc["output"]["payload"].contains("error"));
}

TEST_F(bad_input, a_slow_function_times_out_and_the_next_invocation_runs) {
  deploy_function("sluggish", functions_.base_url(), "slow", 300);
  auto doc = invoke("sluggish", {{"ms", 3000}});
  EXPECT_EQ(doc["receipt"]["status"], "failed");
  EXPECT_NE(doc["receipt"]["reason"].get<std::string>().find("timeout"), std::string::npos);
  EXPECT_FALSE(api().state("sluggish", "late").has_value());
  auto quick = invoke("sluggish", {{"ms", 1}});
  EXPECT_EQ(quick["receipt"]["status"], "committed");
  EXPECT_EQ(api().state("sluggish", "late"), json(true));
}

TEST_F(bad_input, garbage_from_a_function_fails_without_touching_state) {
  deploy_function("noise", functions_.base_url(), "garbage");
  auto doc = invoke("noise");
  EXPECT_EQ(doc["receipt"]["status"], "failed");
  EXPECT_NE(doc["receipt"]["reason"].get<std::string>().find("neither JSON nor UTF-8"), std::string::npos);
  EXPECT_FALSE(api().state("noise", "rawResponse").has_value());
}

TEST_F(bad_input, json_nested_too_deep_from_a_function_fails_the_invocation_and_writes_no_state) {
  deploy_function("deepfn", functions_.base_url(), "deep");
  auto doc = invoke("deepfn");
  EXPECT_EQ(doc["receipt"]["status"], "failed");
  EXPECT_NE(doc["receipt"]["reason"].get<std::string>().find("nested deeper than 512 levels"), std::string::npos)
      << doc.dump();
  EXPECT_FALSE(api().state("deepfn", "rawResponse").has_value());
  EXPECT_EQ(invoke("kv", {{"key", "still"}, {"value", 1}})["receipt"]["status"], "committed");
}

TEST_F(bad_input, plain_text_from_a_function_is_kept_as_raw_response) {
  deploy_function("words", functions_.base_url(), "text");
  auto doc = invoke("words");
  EXPECT_EQ(doc["receipt"]["status"], "committed");
  EXPECT_EQ(api().state("words", "rawResponse"), json("plain words"));
  EXPECT_EQ(doc["output"]["payload"], json("plain words"));
}

TEST_F(bad_input, a_missing_function_fails_with_function_not_found) {
  deploy_function("ghost", functions_.base_url(), "no-such-function");
  auto doc = invoke("ghost");
  EXPECT_EQ(doc["receipt"]["status"], "failed");
  EXPECT_NE(doc["receipt"]["reason"].get<std::string>().find("function not found"), std::string::npos);
}

TEST_F(bad_input, a_function_error_status_becomes_an_error_result_and_writes_no_state) {
  deploy_function("broken", functions_.base_url(), "status500");
  auto doc = invoke("broken");
  EXPECT_EQ(doc["receipt"]["status"], "committed");
  EXPECT_EQ(doc["output"]["payload"]["error"], "HTTP 500: the function crashed");
  EXPECT_FALSE(api().state("broken", "error").has_value());
}

TEST_F(bad_input, the_transaction_payload_reaches_the_function_and_a_tag_moves_to_the_output) {
  deploy_function("mirror", functions_.base_url(), "echo");
  auto doc = invoke("mirror", {{"tag", "blue"}, {"size", 3}});
  EXPECT_EQ(doc["receipt"]["status"], "committed");
  EXPECT_EQ(doc["output"]["tag"], "blue");
  EXPECT_EQ(api().state("mirror", "size"), json(3));
}

}  // namespace
}  // namespace vireo::testing
