// Unmodified fabric-contract-api chaincode (fabric-shim 2.5.8) running as a
// client of the peer: the asset lifecycle, queries, history, events, errors,
// identity, state metadata, and Fabric's simulation semantics.
#include <gtest/gtest.h>

#include "tests/interop/fabric/chaincode_fixture.hpp"

namespace vireo::peer {
namespace {

using worker::execution_result;
using json = nlohmann::json;

class asset_contract : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fixture = new testing::chaincode_fixture("asset-contract");
    fixture->start_contract_client("asset_contract", "asset:v1");
    fixture->deploy_spec("asset", {{"chaincode_id", "asset:v1"}, {"mode", "client"}, {"channel_id", "vireo"},
                                   {"init", true}});
    auto init = fixture->invoke("asset", "InitLedger", {}, true);
    if (!init.committed) setup_error = "InitLedger on deploy: " + init.result.error;
  }
  // gtest reports a failed SetUpTestSuite as skipped tests: fail each test instead.
  void SetUp() override { ASSERT_EQ(setup_error, ""); }
  static void TearDownTestSuite() {
    delete fixture;
    fixture = nullptr;
  }
  static testing::invocation call(const std::string& fn, const std::vector<std::string>& args = {}) {
    return fixture->invoke("asset", fn, args);
  }
  static std::string payload(const testing::invocation& i) { return i.output.value("payload", ""); }
  static testing::chaincode_fixture* fixture;
  static std::string setup_error;
};
testing::chaincode_fixture* asset_contract::fixture = nullptr;
std::string asset_contract::setup_error;

TEST_F(asset_contract, init_on_deploy_wrote_the_seed_assets) {
  auto seed = call("ReadAsset", {"seed1"});
  ASSERT_EQ(seed.result.status, execution_result::outcome::ok) << seed.result.error;
  EXPECT_EQ(json::parse(payload(seed))["Owner"], "Tomoko");
}

TEST_F(asset_contract, creates_reads_updates_transfers_and_deletes_an_asset) {
  auto created = call("CreateAsset", {"a1", "blue", "5", "alice", "100"});
  ASSERT_TRUE(created.committed) << created.result.error;
  EXPECT_EQ(created.output["status"], 200);
  EXPECT_EQ(json::parse(payload(created))["Owner"], "alice");
  ASSERT_EQ(created.result.events.size(), 1u);
  EXPECT_EQ(created.result.events[0].name, "AssetCreated");
  EXPECT_EQ(json::parse(created.result.events[0].payload)["id"], "a1");

  EXPECT_EQ(json::parse(payload(call("ReadAsset", {"a1"})))["Color"], "blue");
  ASSERT_TRUE(call("UpdateAsset", {"a1", "green", "6", "alice", "150"}).committed);
  EXPECT_EQ(json::parse(payload(call("ReadAsset", {"a1"})))["Color"], "green");

  auto transferred = call("TransferAsset", {"a1", "bob"});
  ASSERT_TRUE(transferred.committed) << transferred.result.error;
  EXPECT_EQ(payload(transferred), "alice");
  ASSERT_EQ(transferred.result.events.size(), 1u);
  EXPECT_EQ(transferred.result.events[0].name, "AssetTransferred");
  EXPECT_EQ(json::parse(payload(call("ReadAsset", {"a1"})))["Owner"], "bob");

  ASSERT_TRUE(call("DeleteAsset", {"a1"}).committed);
  auto gone = call("ReadAsset", {"a1"});
  EXPECT_EQ(gone.result.status, execution_result::outcome::failed);
  EXPECT_NE(gone.result.error.find("The asset a1 does not exist"), std::string::npos) << gone.result.error;
}

TEST_F(asset_contract, a_contract_error_fails_the_invocation_with_its_message_and_writes_nothing) {
  ASSERT_TRUE(call("CreateAsset", {"dup", "red", "1", "carol", "1"}).committed);
  auto again = call("CreateAsset", {"dup", "red", "1", "dave", "1"});
  EXPECT_EQ(again.result.status, execution_result::outcome::failed);
  EXPECT_NE(again.result.error.find("status 500"), std::string::npos) << again.result.error;
  EXPECT_NE(again.result.error.find("The asset dup already exists"), std::string::npos) << again.result.error;
  EXPECT_EQ(json::parse(payload(call("ReadAsset", {"dup"})))["Owner"], "carol");
}

TEST_F(asset_contract, range_queries_page_through_more_than_one_batch) {
  for (int i = 0; i < 120; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "r%03d", i);
    ASSERT_TRUE(call("CreateAsset", {id, "c", "1", "o", "1"}).committed);
  }
  auto all = json::parse(payload(call("GetAssetsByRange", {"r000", "r999"})));
  ASSERT_EQ(all.size(), 120u) << "more than one QueryResponse batch of 100";
  EXPECT_EQ(all.front(), "r000");
  EXPECT_EQ(all.back(), "r119");
  auto some = json::parse(payload(call("GetAssetsByRange", {"r010", "r013"})));
  EXPECT_EQ(some, json({"r010", "r011", "r012"}));

  auto page = json::parse(payload(call("GetAssetsPage", {"r000", "r999", "5", ""})));
  EXPECT_EQ(page["ids"], json({"r000", "r001", "r002", "r003", "r004"}));
  EXPECT_EQ(page["fetched"], 5);
  EXPECT_EQ(page["bookmark"], "r005");
  auto next = json::parse(payload(call("GetAssetsPage", {"r000", "r999", "2", page["bookmark"]})));
  EXPECT_EQ(next["ids"], json({"r005", "r006"}));
}

TEST_F(asset_contract, history_lists_every_committed_write_newest_first) {
  auto created = call("CreateAsset", {"h1", "blue", "1", "alice", "1"});
  auto moved = call("TransferAsset", {"h1", "bob"});
  auto deleted = call("DeleteAsset", {"h1"});
  ASSERT_TRUE(created.committed && moved.committed && deleted.committed);
  auto history = json::parse(payload(call("GetAssetHistory", {"h1"})));
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0]["isDelete"], true);
  EXPECT_EQ(history[0]["txId"], deleted.invocation_id);
  EXPECT_EQ(json::parse(history[1]["value"].get<std::string>())["Owner"], "bob");
  EXPECT_EQ(history[2]["txId"], created.invocation_id);
}

TEST_F(asset_contract, get_after_put_in_one_transaction_returns_the_committed_value) {
  ASSERT_TRUE(call("PutThenGet", {"ryw", "first"}).committed);
  auto second = call("PutThenGet", {"ryw", "second"});
  EXPECT_EQ(payload(second), "first") << "no read-your-writes";
  EXPECT_EQ(fixture->ledger().value("asset", "ryw"), "second");
}

TEST_F(asset_contract, the_caller_identity_is_the_peer_msp_identity) {
  auto me = json::parse(payload(call("WhoAmI")));
  EXPECT_EQ(me["mspid"], "VireoTestMSP");
  EXPECT_EQ(me["channel"], "vireo");
  EXPECT_EQ(me["txid"].get<std::string>().size(), 64u);
}

TEST_F(asset_contract, state_metadata_is_kept_per_key) {
  ASSERT_TRUE(call("CreateAsset", {"m1", "blue", "1", "alice", "1"}).committed);
  ASSERT_TRUE(call("SetEndorsementPolicy", {"m1", "OR('Org1.member')"}).committed);
  EXPECT_EQ(payload(call("GetEndorsementPolicy", {"m1"})), "OR('Org1.member')");
}

TEST_F(asset_contract, rich_queries_fail_with_a_clear_reason) {
  auto rich = call("RichQuery", {"{\"selector\":{}}"});
  EXPECT_EQ(rich.result.status, execution_result::outcome::failed);
  EXPECT_NE(rich.result.error.find("GET_QUERY_RESULT (rich queries)"), std::string::npos) << rich.result.error;
}

TEST_F(asset_contract, a_thrown_error_fails_only_that_invocation) {
  auto thrown = call("Throw", {"thrown on purpose"});
  EXPECT_EQ(thrown.result.status, execution_result::outcome::failed);
  EXPECT_NE(thrown.result.error.find("thrown on purpose"), std::string::npos) << thrown.result.error;
  EXPECT_EQ(call("ReadAsset", {"seed2"}).result.status, execution_result::outcome::ok);
}

TEST_F(asset_contract, concurrent_invocations_share_one_stream) {
  constexpr int n = 16;
  std::vector<std::thread> threads;
  std::vector<testing::invocation> results(n);
  for (int i = 0; i < n; ++i)
    threads.emplace_back([i, &results] {
      results[i] = call("CreateAsset", {"p" + std::to_string(i), "c", "1", "o", "1"});
    });
  for (auto& t : threads) t.join();
  for (int i = 0; i < n; ++i) EXPECT_TRUE(results[i].committed) << i << ": " << results[i].result.error;
  auto streams = fixture->service().connections();
  ASSERT_EQ(streams.size(), 1u);
  EXPECT_EQ(streams[0].chaincode_id, "asset:v1");
}

TEST_F(asset_contract, a_conflicting_parallel_invocation_fails_validation_and_succeeds_when_re_executed) {
  ASSERT_TRUE(call("CreateAsset", {"x1", "blue", "1", "alice", "1"}).committed);
  auto first = fixture->ledger().begin("asset");
  auto second = fixture->ledger().begin("asset");
  auto r1 = fixture->run("asset", "TransferAsset", {"x1", "bob"}, *first, false, "inv-x1-bob");
  auto r2 = fixture->run("asset", "TransferAsset", {"x1", "carol"}, *second, false, "inv-x1-carol");
  ASSERT_EQ(r1.result.status, execution_result::outcome::ok);
  ASSERT_EQ(r2.result.status, execution_result::outcome::ok);
  EXPECT_EQ(r2.output["payload"], "alice") << "both read the same committed owner";
  ASSERT_TRUE(fixture->ledger().commit(first->tx()));
  EXPECT_FALSE(fixture->ledger().commit(second->tx())) << "the read set carries versions: MVCC conflict";
  auto retried = call("TransferAsset", {"x1", "carol"});
  ASSERT_TRUE(retried.committed);
  EXPECT_EQ(payload(retried), "bob");
}

}  // namespace
}  // namespace vireo::peer
