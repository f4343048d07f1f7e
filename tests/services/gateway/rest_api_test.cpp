// Every REST route with its success and error cases, through a real HTTP
// client against a real vireod (routes of submission and bad bodies are in
// tests/integration/bad_input_test).
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

class rest_api : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.start();
    ASSERT_EQ(deploy_system(api(), "kv", "parallel", "kv_set", "kv").status, 201);
  }
  node_api api() const { return node_api{node_.base_url()}; }
  std::string code_of(const http_reply& reply) const { return reply.json()["error"]["code"]; }
  /// Writes `key` = `value` through the kv contract and waits for the receipt.
  void set(const std::string& key, const json& value) {
    auto id = api().submit_accepted("kv", {{"key", key}, {"value", value}});
    ASSERT_TRUE(id.has_value());
    ASSERT_TRUE(api().receipt(*id).has_value());
  }

  vireod_process node_{{"--set", "blocks.interval_ms=50"}};
};

TEST_F(rest_api, batch_submission_answers_each_transaction_on_its_own) {
  auto reply = api().post("/v1/transactions/batch",
                          R"({"transactions":[{"type":"kv","payload":{"key":"a","value":1}},{"type":"nope"},{"x":1}]})");
  ASSERT_EQ(reply.status, 200);
  auto results = reply.json()["results"];
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0]["status"], "accepted");
  EXPECT_EQ(results[1]["error"]["code"], "unknown_type");
  EXPECT_EQ(results[2]["error"]["code"], "unknown_field");
  EXPECT_TRUE(api().receipt(results[0]["id"]).has_value());
  EXPECT_EQ(code_of(api().post("/v1/transactions/batch", R"({"transactions":[]})")), "invalid_batch");
  EXPECT_EQ(code_of(api().post("/v1/transactions/batch", R"([1])")), "invalid_batch");
}

TEST_F(rest_api, lists_transactions_by_type_with_paging) {
  for (int i = 0; i < 5; ++i)
    set("k" + std::to_string(i), i);
  auto first = api().get("/v1/transactions?type=kv&limit=3").json();
  ASSERT_EQ(first["transactions"].size(), 3u);
  ASSERT_TRUE(first["next_cursor"].is_string());
  auto rest = api().get("/v1/transactions?type=kv&limit=100&cursor=" + first["next_cursor"].get<std::string>()).json();
  // Five submissions and their five outputs, which keep the type.
  EXPECT_EQ(first["transactions"].size() + rest["transactions"].size(), 10u);
  EXPECT_TRUE(rest["next_cursor"].is_null());
  EXPECT_LT(first["transactions"][0]["id"].get<std::string>(), rest["transactions"][0]["id"].get<std::string>());
  auto none = api().get("/v1/transactions?type=kv&to_ms=1").json();
  EXPECT_TRUE(none["transactions"].empty());
  EXPECT_EQ(code_of(api().get("/v1/transactions?limit=-1")), "invalid_parameter");
  EXPECT_EQ(code_of(api().get("/v1/transactions?cursor=zz")), "invalid_parameter");
}

TEST_F(rest_api, lists_state_by_prefix_with_paging_and_shows_a_keys_history) {
  set("user.1", "ann");
  set("user.2", "bob");
  set("user.3", "cy");
  set("other", 0);
  set("user.1", "ann2");
  auto page = api().get("/v1/contracts/kv/state?prefix=user.&limit=2").json();
  ASSERT_EQ(page["entries"].size(), 2u);
  EXPECT_EQ(page["entries"][0]["key"], "user.1");
  EXPECT_EQ(page["entries"][0]["value"], "ann2");
  auto next = api().get("/v1/contracts/kv/state?prefix=user.&cursor=" + page["next_cursor"].get<std::string>()).json();
  ASSERT_EQ(next["entries"].size(), 1u);
  EXPECT_EQ(next["entries"][0]["key"], "user.3");
  EXPECT_TRUE(next["next_cursor"].is_null());
  auto history = api().get("/v1/contracts/kv/state/user.1/history").json()["history"];
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0]["value"], "ann");
  EXPECT_EQ(history[1]["value"], "ann2");
  EXPECT_LT(history[0]["version"].get<uint64_t>(), history[1]["version"].get<uint64_t>());
  EXPECT_EQ(code_of(api().get("/v1/contracts/kv/state/never/history")), "not_found");
  EXPECT_EQ(code_of(api().get("/v1/contracts/kv/state/never")), "not_found");
}

TEST_F(rest_api, serves_blocks_by_height_hash_and_range) {
  set("a", 1);
  json latest;
  // Blocks are sealed every 50 ms; poll for the first one (up to 5 s).
  for (int i = 0; i < 250 && latest.empty(); ++i) {
    auto reply = api().get("/v1/blocks/latest");
    if (reply.status == 200)
      latest = reply.json();
    else
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_FALSE(latest.empty());
  auto by_height = api().get("/v1/blocks/" + std::to_string(latest["height"].get<uint64_t>())).json();
  auto by_hash = api().get("/v1/blocks/" + latest["hash"].get<std::string>()).json();
  EXPECT_EQ(by_height, latest);
  EXPECT_EQ(by_hash, latest);
  auto range = api().get("/v1/blocks?from_height=1&limit=100").json()["blocks"];
  ASSERT_FALSE(range.empty());
  EXPECT_EQ(range[0]["height"], 1);
  EXPECT_EQ(range.back()["previous_hash"], range.size() > 1 ? range[range.size() - 2]["hash"] : json(""));
  EXPECT_EQ(code_of(api().get("/v1/blocks/999999")), "not_found");
  EXPECT_EQ(code_of(api().get("/v1/blocks/tall")), "invalid_parameter");
}

TEST_F(rest_api, manages_the_contract_lifecycle) {
  auto got = api().get("/v1/contracts/kv").json();
  EXPECT_EQ(got["state"], "active");
  auto updated = node_api{node_.base_url()};
  auto reply = api().post("/v1/contracts/kv/deactivate", "");
  EXPECT_EQ(reply.json()["state"], "inactive");
  http_client client;
  auto put = client.put(node_.base_url() + "/v1/contracts/kv", R"({"exec_timeout_ms": 500, "state": "active"})");
  ASSERT_EQ(put.status, 200) << put.body;
  EXPECT_EQ(put.json()["exec_timeout_ms"], 500);
  EXPECT_GT(put.json()["revision"].get<uint64_t>(), got["revision"].get<uint64_t>());
  EXPECT_EQ(api().get("/v1/contracts").json()["contracts"].size(), 1u);
  EXPECT_EQ(client.put(node_.base_url() + "/v1/contracts/kv", R"({"name":"other"})").status, 400);
  EXPECT_EQ(client.put(node_.base_url() + "/v1/contracts/ghost", R"({})").status, 404);
  EXPECT_EQ(client.del(node_.base_url() + "/v1/contracts/kv").status, 200);
  EXPECT_EQ(code_of(api().get("/v1/contracts/kv")), "not_found");
  EXPECT_EQ(code_of(api().submit("kv", json::object())), "unknown_type");
  EXPECT_EQ(client.del(node_.base_url() + "/v1/contracts/kv").status, 404);
}

TEST_F(rest_api, reports_receipts_pending_or_unknown) {
  EXPECT_EQ(code_of(api().get("/v1/receipts/01a1fc9875c700016390112af21b67be")), "not_found");
  EXPECT_EQ(code_of(api().get("/v1/transactions/01a1fc9875c700016390112af21b67be")), "not_found");
  EXPECT_EQ(code_of(api().get("/v1/receipts/x?wait_ms=soon")), "invalid_parameter");
}

TEST_F(rest_api, reports_node_status_and_readiness) {
  auto status = api().get("/v1/status").json();
  EXPECT_EQ(status["roles"], json({"core", "worker", "gateway"}));
  EXPECT_EQ(status["journal_backlog"], 0);
  ASSERT_EQ(status["workers"].size(), 1u);
  EXPECT_EQ(status["workers"][0]["credits"], 16);
  EXPECT_EQ(api().get("/readyz").json()["status"], "ready");
  EXPECT_EQ(api().get("/healthz").json()["status"], "up");
  EXPECT_NE(api().get("/metrics").body.find("vireo_journal_backlog"), std::string::npos);
}

TEST_F(rest_api, answers_unknown_routes_and_methods_with_typed_errors) {
  EXPECT_EQ(code_of(api().get("/v2/anything")), "no_route");
  http_client client;
  auto reply = client.del(node_.base_url() + "/v1/transactions");
  EXPECT_EQ(reply.status, 405);
  EXPECT_EQ(reply.json()["error"]["code"], "method_not_allowed");
}

}  // namespace
}  // namespace vireo::testing
