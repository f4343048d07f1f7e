// Chaincode as a service: the peer dials protos.Chaincode/Connect. Both the
// low-level ChaincodeInterface (shim.server) and fabric-contract-api
// (`fabric-chaincode-node server`), and a cross-chaincode invoke from a
// client-mode contract into a server-mode chaincode in one transaction.
#include <gtest/gtest.h>

#include "tests/interop/fabric/chaincode_fixture.hpp"

namespace vireo::peer {
namespace {

using worker::execution_result;
using json = nlohmann::json;

class server_mode : public ::testing::Test {
 protected:
  // Each chaincode is started by the first test that needs it (ctest runs
  // every test in its own process: only what a test uses is started).
  static void SetUpTestSuite() { fixture = new testing::chaincode_fixture("server-mode"); }
  static void need_lowlevel() {
    if (started_lowlevel) return;
    started_lowlevel = true;
    const std::string address = "127.0.0.1:" + std::to_string(testing::free_port());
    fixture->spawn({"node", (testing::chaincode_dir("asset_lowlevel") / "index.js").string()},
                   {{"CORE_CHAINCODE_ID", "lowlevel:v1"}, {"CORE_CHAINCODE_ADDRESS", address}});
    fixture->deploy_spec("lowlevel", {{"chaincode_id", "lowlevel:v1"}, {"mode", "server"}, {"address", address},
                                      {"init", true}});
  }
  static void need_served() {
    if (started_served) return;
    started_served = true;
    const std::string address = "127.0.0.1:" + std::to_string(testing::free_port());
    fixture->spawn({testing::node_bin("fabric-chaincode-node"), "server", "--module-path",
                    testing::chaincode_dir("asset_contract").string()},
                   {{"CORE_CHAINCODE_ID", "served:v1"}, {"CORE_CHAINCODE_ADDRESS", address}});
    fixture->deploy_spec("served", {{"chaincode_id", "served:v1"}, {"mode", "server"}, {"address", address}});
  }
  static void need_caller() {
    if (started_caller) return;
    started_caller = true;
    fixture->start_contract_client("asset_contract", "caller:v1");
    fixture->deploy_spec("caller", {{"chaincode_id", "caller"}, {"mode", "client"}});
  }
  static void TearDownTestSuite() {
    delete fixture;
    fixture = nullptr;
  }
  static testing::invocation call(const std::string& contract, const std::string& fn,
                                  const std::vector<std::string>& args = {}) {
    return fixture->invoke(contract, fn, args);
  }
  static std::string payload(const testing::invocation& i) { return i.output.value("payload", ""); }
  static testing::chaincode_fixture* fixture;
  static bool started_lowlevel, started_served, started_caller;
};
testing::chaincode_fixture* server_mode::fixture = nullptr;
bool server_mode::started_lowlevel = false;
bool server_mode::started_served = false;
bool server_mode::started_caller = false;

TEST_F(server_mode, low_level_chaincode_runs_init_and_the_asset_lifecycle) {
  need_lowlevel();
  auto init = fixture->invoke("lowlevel", "", {}, true);
  ASSERT_TRUE(init.committed) << init.result.error;
  auto with_arg = fixture->invoke("lowlevel", "init", {"seeded"}, true);
  ASSERT_TRUE(with_arg.committed) << with_arg.result.error;
  EXPECT_EQ(fixture->ledger().value("lowlevel", "init"), "seeded");

  auto created = call("lowlevel", "create", {"L1", "alice", "10"});
  ASSERT_TRUE(created.committed) << created.result.error;
  ASSERT_EQ(created.result.events.size(), 1u);
  EXPECT_EQ(created.result.events[0].name, "created");
  EXPECT_EQ(json::parse(payload(call("lowlevel", "read", {"L1"})))["owner"], "alice");
  auto moved = call("lowlevel", "transfer", {"L1", "bob"});
  ASSERT_TRUE(moved.committed);
  EXPECT_EQ(payload(moved), "alice");
  ASSERT_TRUE(call("lowlevel", "update", {"L1", "bob", "20"}).committed);
  ASSERT_TRUE(call("lowlevel", "create", {"L2", "carol", "1"}).committed);
  EXPECT_EQ(json::parse(payload(call("lowlevel", "range", {"L", "M"}))), json({"L1", "L2"}));
  ASSERT_TRUE(call("lowlevel", "delete", {"L1"}).committed);
  auto history = json::parse(payload(call("lowlevel", "history", {"L1"})));
  ASSERT_EQ(history.size(), 4u);
  EXPECT_TRUE(history[0].is_null()) << "newest first: the delete";
  EXPECT_EQ(json::parse(history[3].get<std::string>())["owner"], "alice");
  auto missing = call("lowlevel", "read", {"L1"});
  EXPECT_EQ(missing.result.status, execution_result::outcome::failed);
  EXPECT_EQ(missing.result.error, "chaincode returned an error status: status 500: asset L1 not found");
}

TEST_F(server_mode, a_binary_payload_is_returned_as_base64) {
  need_lowlevel();
  auto bin = call("lowlevel", "binary");
  ASSERT_EQ(bin.result.status, execution_result::outcome::ok) << bin.result.error;
  EXPECT_EQ(payload(bin), "/wAB");
}

TEST_F(server_mode, contract_api_chaincode_served_by_fabric_chaincode_node_server) {
  need_served();
  auto created = call("served", "CreateAsset", {"s1", "blue", "1", "alice", "5"});
  ASSERT_TRUE(created.committed) << created.result.error;
  EXPECT_EQ(json::parse(payload(call("served", "ReadAsset", {"s1"})))["Owner"], "alice");
  auto me = json::parse(payload(call("served", "WhoAmI")));
  EXPECT_EQ(me["mspid"], "VireoTestMSP");
  auto streams = fixture->service().connections();
  EXPECT_TRUE(std::any_of(streams.begin(), streams.end(),
                          [](const chaincode_status& s) { return s.mode == "server" && s.chaincode_id == "served:v1"; }));
}

TEST_F(server_mode, a_client_mode_contract_invokes_a_server_mode_chaincode_in_the_same_transaction) {
  need_lowlevel();
  need_caller();
  auto state = fixture->ledger().begin("caller");
  auto called = fixture->run("caller", "CallOther", {"lowlevel", "create", R"(["X1", "zoe", "3"])"}, *state, false,
                             state->tx().invocation_id);
  ASSERT_EQ(called.result.status, execution_result::outcome::ok) << called.result.error;
  auto inner = json::parse(payload(called));
  EXPECT_EQ(inner["status"], 200);
  EXPECT_EQ(inner["payload"], "X1");
  EXPECT_TRUE(state->tx().writes["lowlevel"].count("X1")) << "the callee wrote in its own namespace";
  EXPECT_FALSE(fixture->ledger().value("lowlevel", "X1")) << "nothing is visible before commit";
  ASSERT_TRUE(fixture->ledger().commit(state->tx()));
  EXPECT_EQ(json::parse(payload(call("lowlevel", "read", {"X1"})))["owner"], "zoe");

  auto reads = json::parse(payload(call("caller", "CallOther", {"lowlevel/vireo", "read", R"(["X1"])"})));
  EXPECT_EQ(json::parse(reads["payload"].get<std::string>())["owner"], "zoe");
  auto failed = json::parse(payload(call("caller", "CallOther", {"lowlevel", "read", R"(["nope"])"})));
  EXPECT_EQ(failed["status"], 500) << "the callee's error status reaches the caller";
}

TEST_F(server_mode, invoking_an_unknown_chaincode_fails_the_caller_with_the_reason) {
  need_caller();
  auto unknown = call("caller", "CallOther", {"ghost", "read", "[]"});
  EXPECT_EQ(unknown.result.status, execution_result::outcome::failed);
  EXPECT_NE(unknown.result.error.find("no chaincode contract named 'ghost'"), std::string::npos) << unknown.result.error;
  auto other_channel = call("caller", "CallOther", {"lowlevel/elsewhere", "read", "[]"});
  EXPECT_NE(other_channel.result.error.find("another channel"), std::string::npos) << other_channel.result.error;
}

}  // namespace
}  // namespace vireo::peer
