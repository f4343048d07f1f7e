// Unmodified Fabric chaincode (fabric-contract-api on npm fabric-shim 2.5.8)
// end to end through vireod: vireod launches and supervises the chaincode,
// INIT at deploy, serial and parallel invocations, state, history and events
// in the ledger, a chaincode error as a failed receipt, and conflicting
// parallel transactions re-executed so no transfer is lost.
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

std::string source_dir() {
  const char* dir = std::getenv("VIREO_SOURCE_DIR");
  return dir ? dir : ".";
}

class chaincode_contract : public ::testing::Test {
 protected:
  void SetUp() override { node_.start(); }
  node_api api() const { return node_api{node_.base_url()}; }

  /// Deploys the asset chaincode as contract `name`, launched by vireod, and
  /// waits until it is prepared (INIT done).
  json deploy(const std::string& name, const std::string& execution) {
    auto id = name + ":v1";
    auto launch = source_dir() + "/tests/node_modules/.bin/fabric-chaincode-node start --chaincode-id-name " + id +
                  " --module-path " + source_dir() + "/tests/interop/fabric/chaincodes/asset_contract";
    auto reply = api().deploy({{"name", name}, {"kind", "chaincode"}, {"execution", execution}, {"triggers", {name}},
                               {"env", {{"CORE_PEER_TLS_ENABLED", "false"}}},
                               {"runtime", {{"chaincode_id", id}, {"mode", "client"}, {"launch", launch},
                                            {"init", true}, {"init_function", "InitLedger"}}}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return api().wait_prepared(name);
  }

  json call(const std::string& contract, const std::string& function, const std::vector<std::string>& args) {
    auto id = api().submit_accepted(contract, {{"function", function}, {"args", args}});
    EXPECT_TRUE(id.has_value());
    return api().receipt(id.value_or(""), 30000).value_or(json::object());
  }

  vireod_process node_;
};

TEST_F(chaincode_contract, a_serial_chaincode_runs_init_and_keeps_state_history_and_events) {
  auto entry = deploy("asset", "serial");
  ASSERT_EQ(entry["state"], "active") << entry.dump();
  EXPECT_EQ(api().state("asset", "seed1").value_or(json())["Owner"], "Tomoko") << "INIT wrote the seeds";

  auto created = call("asset", "CreateAsset", {"a1", "green", "3", "ann", "100"});
  ASSERT_EQ(created["receipt"]["status"], "committed") << created.dump();
  ASSERT_EQ(created["events"].size(), 1u);
  EXPECT_EQ(created["events"][0]["name"], "AssetCreated");
  auto moved = call("asset", "TransferAsset", {"a1", "bob"});
  ASSERT_EQ(moved["receipt"]["status"], "committed") << moved.dump();
  EXPECT_EQ(api().state("asset", "a1").value_or(json())["Owner"], "bob");
  auto history = api().get("/v1/contracts/asset/state/a1/history").json()["history"];
  EXPECT_EQ(history.size(), 2u);

  auto read = call("asset", "ReadAsset", {"a1"});
  EXPECT_EQ(read["receipt"]["status"], "committed");
  EXPECT_EQ(read["output"]["payload"]["status"], 200);

  auto thrown = call("asset", "Throw", {"no luck"});
  EXPECT_EQ(thrown["receipt"]["status"], "failed");
  EXPECT_NE(thrown["receipt"]["reason"].get<std::string>().find("no luck"), std::string::npos) << thrown.dump();
  EXPECT_EQ(call("asset", "AssetExists", {"a1"})["receipt"]["status"], "committed") << "the next one still runs";
  auto metrics = api().get("/metrics").body;
  EXPECT_NE(metrics.find("vireo_chaincode_connections 1"), std::string::npos);
  EXPECT_NE(metrics.find("vireo_chaincode_launched{phase=\"running\"} 1"), std::string::npos);
  EXPECT_NE(metrics.find("vireo_chaincode_transactions_total{outcome=\"failed\"} 1"), std::string::npos);
}

TEST_F(chaincode_contract, parallel_transfers_of_one_asset_conflict_and_are_re_executed_without_loss) {
  ASSERT_EQ(deploy("passet", "parallel")["state"], "active");
  ASSERT_EQ(call("passet", "CreateAsset", {"hot", "red", "1", "start", "1"})["receipt"]["status"], "committed");
  auto ids = submit_from_threads(api(), "passet", 6, 1, [](int t, int) {
    return json{{"function", "TransferAsset"}, {"args", {"hot", "owner" + std::to_string(t)}}};
  });
  ASSERT_EQ(ids.size(), 6u);
  for (auto& id : ids)
    EXPECT_EQ((*api().receipt(id, 60000))["receipt"]["status"], "committed");
  // Each transfer read the asset and wrote it: seven writes in all, none lost.
  EXPECT_EQ(api().get("/v1/contracts/passet/state/hot/history").json()["history"].size(), 7u);
}

TEST_F(chaincode_contract, a_chaincode_invoking_another_commits_the_callees_writes_with_its_own) {
  ASSERT_EQ(deploy("caller", "serial")["state"], "active");
  ASSERT_EQ(deploy("callee", "parallel")["state"], "active");
  auto doc = call("caller", "CallOther", {"callee", "CreateAsset", R"(["x9","blue","1","carl","5"])"});
  ASSERT_EQ(doc["receipt"]["status"], "committed") << doc.dump();
  // The callee wrote in its own namespace, as part of the caller's invocation.
  EXPECT_EQ(api().state("callee", "x9").value_or(json())["Owner"], "carl");
  EXPECT_FALSE(api().state("caller", "x9").has_value());
  auto history = api().get("/v1/contracts/callee/state/x9/history").json()["history"];
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0]["invocation_id"], doc["receipt"]["invocation_id"]);
  auto unknown = call("caller", "CallOther", {"nobody", "ReadAsset", R"(["x9"])"});
  EXPECT_NE(unknown.dump().find("nobody"), std::string::npos) << "the caller learns the callee is unknown";
}

}  // namespace
}  // namespace vireo::testing
