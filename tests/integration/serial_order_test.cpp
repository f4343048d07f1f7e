// Serial means serial (ARCHITECTURE.md invariant 3), checked on a real vireod:
// many concurrent submitters, one serial contract that appends to a list in
// its state, and one serial HTTP contract whose function server records the
// order of its calls. Both orders must equal journal order, and every
// invocation must have seen the write of the one before it.
#include <algorithm>

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
