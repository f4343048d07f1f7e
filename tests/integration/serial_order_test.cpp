// Serial means serial (ARCHITECTURE.md invariant 3), checked on a real vireod:
// many concurrent submitters, one serial contract that appends to a list in
// its state, and one serial HTTP contract whose function server records the
// order of its calls. Both orders must equal journal order, and every
// invocation must have seen the write of the one before it. Queued serial
// invocations leave for the worker in batches: order and visibility hold
// inside a batch too, and a failed one in the middle applies nothing. A
// contract's actor stops when idle, and the next one goes on from there.
#include <algorithm>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/function_server.hpp"
#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

constexpr int submitters = 8;
constexpr int per_submitter = 25;

std::vector<std::string> submit_concurrently(const node_api& api, const std::string& type) {
  return submit_from_threads(api, type, submitters, per_submitter,
                             [](int t, int i) { return json{{"item", t * 1000 + i}}; });
}

/// The receipts of `ids`, ordered by journal sequence.
std::vector<json> receipts_in_journal_order(const node_api& api, const std::vector<std::string>& ids) {
  std::vector<json> docs;
  for (auto& id : ids) {
    auto doc = api.receipt(id);
    EXPECT_TRUE(doc.has_value()) << "no receipt for " << id;
    if (doc)
      docs.push_back(*doc);
  }
  std::sort(docs.begin(), docs.end(), [](const json& a, const json& b) {
    return a["receipt"]["journal_sequence"].get<uint64_t>() < b["receipt"]["journal_sequence"].get<uint64_t>();
  });
  return docs;
}

TEST(serial_contract, applies_concurrent_submissions_in_journal_order_each_seeing_the_previous_write) {
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "ledger-list", "serial", "append", "append").status, 201);
  auto ids = submit_concurrently(api, "append");
  ASSERT_EQ(ids.size(), size_t{submitters * per_submitter});
  auto docs = receipts_in_journal_order(api, ids);
  ASSERT_EQ(docs.size(), ids.size());

  auto list = api.state("ledger-list", "list");
  ASSERT_TRUE(list.has_value());
  ASSERT_EQ(list->size(), docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    ASSERT_EQ(docs[i]["receipt"]["status"], "committed");
    auto& output = docs[i]["output"]["payload"];
    // The i-th invocation in journal order saw exactly the i writes before it...
    EXPECT_EQ(output["seen"].get<size_t>(), i) << "invocation " << docs[i]["receipt"]["invocation_id"];
    // ...and its item sits at position i of the final list.
    auto tx = api.get("/v1/transactions/" + docs[i]["receipt"]["invocation_id"].get<std::string>()).json();
    EXPECT_EQ((*list)[i], tx["payload"]["item"]);
  }
  EXPECT_EQ(backlog_once_drained(api), 0.0) << "every invocation counted done";
}

TEST(serial_contract, runs_queued_invocations_in_one_batch_where_a_failed_one_applies_nothing) {
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "tally", "serial", "counter", "tally").status, 201);
  // The first invocation holds its execution for a while, so the next ones
  // are all queued when it ends and leave as one batch.
  std::vector<std::string> ids{api.submit_accepted("tally", {{"by", 1}, {"delay_ms", 1500}}).value_or("")};
  std::vector<bool> valid{true};
  for (int i = 0; i < 20; ++i) {
    valid.push_back(i % 4 != 2);
    ids.push_back(api.submit_accepted("tally", valid.back() ? json{{"by", 1}} : json{{"by", "x"}}).value_or(""));
  }
  auto docs = receipts_in_journal_order(api, ids);
  ASSERT_EQ(docs.size(), ids.size());
  int64_t expected = 0;
  for (size_t i = 0; i < docs.size(); ++i) {
    ASSERT_EQ(docs[i]["receipt"]["invocation_id"], ids[i]) << "submitted one after another: journal order";
    if (!valid[i]) {
      EXPECT_EQ(docs[i]["receipt"]["status"], "failed");
      EXPECT_NE(docs[i]["receipt"]["reason"].get<std::string>().find("payload.by must be an integer"),
                std::string::npos);
      continue;
    }
    // Each ok invocation saw the writes of the ok ones before it in its
    // batch, and nothing of the failed ones.
    EXPECT_EQ(docs[i]["receipt"]["status"], "committed");
    EXPECT_EQ(docs[i]["output"]["payload"]["count"], ++expected) << "invocation " << i;
  }
  EXPECT_EQ(api.state("tally", "count"), json(expected));
  auto executes = api.metric("vireo_execute_batch_invocations_count{mode=\"serial\"}");
  auto invocations = api.metric("vireo_execute_batch_invocations_sum{mode=\"serial\"}");
  ASSERT_TRUE(executes && invocations);
  EXPECT_EQ(*invocations, static_cast<double>(ids.size()));
  EXPECT_LE(*executes, 3.0) << "the queued invocations should have left in one or two execute messages";
}

TEST(serial_contract, stops_its_idle_actor_and_a_new_one_goes_on_from_the_committed_state) {
  vireod_process node{{"--set", "invoker.serial_idle_ms=300"}};
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "ledger-list", "serial", "append", "append").status, 201);
  auto append = [&](int item) {
    auto id = api.submit_accepted("append", {{"item", item}});
    EXPECT_TRUE(id.has_value());
    auto doc = id ? api.receipt(*id) : std::nullopt;
    EXPECT_TRUE(doc.has_value());
    return doc.value_or(json::object());
  };
  auto actors = [&] { return api.metric("vireo_serial_contract_actors"); };

  ASSERT_EQ(append(1)["receipt"]["status"], "committed");
  EXPECT_EQ(actors(), 1.0);
  // Arrives while the idle check armed by the first commit is pending: the
  // check then finds the actor idle too briefly and must look again later.
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  ASSERT_EQ(append(2)["receipt"]["status"], "committed");
  // Idle for 300 ms, the actor tells the router, which stops it.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (actors() != 0.0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(actors(), 0.0) << "the idle actor was not stopped";

  auto third = append(3);
  ASSERT_EQ(third["receipt"]["status"], "committed");
  EXPECT_EQ(third["output"]["payload"]["seen"], 2) << "the new actor did not see the earlier writes";
  EXPECT_EQ(actors(), 1.0);
  EXPECT_EQ(api.state("ledger-list", "list"), json::array({1, 2, 3}));
}

TEST(serial_contract, calls_its_http_function_in_journal_order) {
  function_server functions;
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(api.deploy({{"name", "recorder"}, {"kind", "http"}, {"execution", "serial"}, {"triggers", {"record"}},
                        {"runtime", {{"base_url", functions.base_url()}, {"function", "record"}}}})
                .status,
            201);
  auto ids = submit_concurrently(api, "record");
  auto docs = receipts_in_journal_order(api, ids);
  ASSERT_EQ(docs.size(), ids.size());
  std::vector<std::string> journal_order;
  for (auto& doc : docs)
    journal_order.push_back(doc["receipt"]["invocation_id"]);
  EXPECT_EQ(functions.recorded(), journal_order);
  // The function's answer {"n": k} went to state key n: the last one wins.
  EXPECT_EQ(api.state("recorder", "n"), json(docs.size()));
}

TEST(serial_contract, lets_an_http_function_read_the_previous_invocations_write_through_the_api) {
  function_server functions;
  vireod_process node;
  node.start();
  functions.set_node_url(node.base_url());
  node_api api{node.base_url()};
  ASSERT_EQ(api.deploy({{"name", "api-counter"}, {"kind", "http"}, {"execution", "serial"}, {"triggers", {"bump"}},
                        {"runtime", {{"base_url", functions.base_url()}, {"function", "api_increment"}}}})
                .status,
            201);
  std::vector<std::string> ids;
  for (int i = 0; i < 30; ++i)
    ids.push_back(api.submit_accepted("bump", {{"contract", "api-counter"}}).value_or(""));
  for (auto& id : ids)
    ASSERT_TRUE(api.receipt(id).has_value());
  // A function that read a stale value would have written a lost update.
  EXPECT_EQ(api.state("api-counter", "n"), json(30));
}

}  // namespace
}  // namespace vireo::testing
