// WebAssembly contracts end to end through vireod: deploy (module validated,
// `init` run with runtime.init_args), serial and parallel invocations in
// vireo-vm children, state and events in the ledger, and hostile modules that
// fail only themselves. The modules are built from tests/interop/wasm/contracts.
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

std::string module_base64(const std::string& name) {
  std::ifstream in(bin_dir() + "/../wasm-contracts/" + name, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_FALSE(bytes.empty()) << name;
  std::string out(4 * ((bytes.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(bytes.data()),
                  static_cast<int>(bytes.size()));
  return out;
}

class wasm_contract : public ::testing::Test {
 protected:
  void SetUp() override { node_.start(); }
  node_api api() const { return node_api{node_.base_url()}; }

  /// Deploys `module` and waits until the registry has prepared it; returns the entry.
  json deploy(const std::string& name, const std::string& module, const std::string& execution,
              json runtime = json::object()) {
    auto reply = api().deploy({{"name", name}, {"kind", "wasm"}, {"execution", execution}, {"triggers", {name}},
                               {"runtime", runtime}, {"code", module_base64(module)}});
    EXPECT_EQ(reply.status, 201) << reply.body;
    return api().wait_prepared(name);
  }

  json call(const std::string& contract, const json& payload) {
    auto id = api().submit_accepted(contract, payload);
    EXPECT_TRUE(id.has_value());
    return api().receipt(id.value_or(""), 20000).value_or(json::object());
  }

  // Enough MVCC retries that concurrent increments all land.
  vireod_process node_{{"--set", "invoker.mvcc_max_retries=50"}};
};

const std::string alice = "0x" + std::string(64, 'a');
const std::string bob = "0x" + std::string(64, 'b');

TEST_F(wasm_contract, a_serial_counter_keeps_its_count_in_the_ledger) {
  ASSERT_EQ(deploy("counter", "counter_c.wasm", "serial")["state"], "active");
  auto ids = submit_from_threads(api(), "counter", 4, 5, [](int, int) { return json{{"function", "increment"}}; });
  ASSERT_EQ(ids.size(), 20u);
  for (auto& id : ids)
    ASSERT_EQ((*api().receipt(id))["receipt"]["status"], "committed");
  auto got = call("counter", {{"function", "get"}});
  EXPECT_EQ(got["output"]["payload"], json({{"return_code", 0}, {"return_data", {"14"}}}));
}

TEST_F(wasm_contract, a_parallel_counter_re_executes_conflicts_and_loses_no_increment) {
  ASSERT_EQ(deploy("pcounter", "counter_wat.wasm", "parallel")["state"], "active");
  auto ids = submit_from_threads(api(), "pcounter", 4, 5, [](int, int) { return json{{"function", "increment"}}; });
  uint32_t committed = 0;
  for (auto& id : ids)
    committed += (*api().receipt(id))["receipt"]["status"] == "committed";
  auto got = call("pcounter", {{"function", "get"}});
  char hex[3];
  std::snprintf(hex, sizeof(hex), "%02x", committed);
  EXPECT_EQ(got["output"]["payload"]["return_data"], json({hex}));
  EXPECT_EQ(committed, 20u);
}

TEST_F(wasm_contract, a_token_runs_init_at_deploy_and_emits_transfer_events) {
  auto entry = deploy("token", "token_c.wasm", "serial", {{"init_args", {"1000"}}, {"owner", alice}});
  ASSERT_EQ(entry["state"], "active") << entry.dump();
  auto transfer = call("token", {{"function", "transfer"}, {"args", {bob, "250"}}, {"caller", alice}});
  ASSERT_EQ(transfer["receipt"]["status"], "committed") << transfer.dump();
  ASSERT_EQ(transfer["events"].size(), 1u);
  auto balance = call("token", {{"function", "balanceOf"}, {"args", {bob}}});
  EXPECT_EQ(balance["output"]["payload"]["return_data"], json({"fa"}));
  auto overdraft = call("token", {{"function", "transfer"}, {"args", {alice, "999"}}, {"caller", bob}});
  EXPECT_EQ(overdraft["receipt"]["status"], "failed");
  EXPECT_NE(overdraft["receipt"]["reason"].get<std::string>().find("insufficient funds"), std::string::npos);
  auto after = call("token", {{"function", "balanceOf"}, {"args", {bob}}});
  EXPECT_EQ(after["output"]["payload"]["return_data"], json({"fa"})) << "a failed transfer changed nothing";
}

TEST_F(wasm_contract, a_module_with_an_unknown_import_is_rejected_at_deploy_naming_it) {
  auto entry = deploy("stranger", "unknown_import_wat.wasm", "parallel");
  EXPECT_EQ(entry["state"], "error");
  EXPECT_NE(entry["error"].get<std::string>().find("unknown import"), std::string::npos) << entry.dump();
  EXPECT_EQ(api().submit("stranger", json::object()).status, 409) << "a contract in error is not invoked";
}

TEST_F(wasm_contract, traps_and_endless_loops_fail_only_their_invocation) {
  ASSERT_EQ(deploy("rogue", "misbehave_c.wasm", "serial", {{"gas_limit", 1000000}})["state"], "active");
  auto trap = call("rogue", {{"function", "trap"}});
  EXPECT_EQ(trap["receipt"]["status"], "failed");
  auto spin = call("rogue", {{"function", "spin"}});
  EXPECT_EQ(spin["receipt"]["status"], "failed");
  EXPECT_NE(spin["receipt"]["reason"].get<std::string>().find("gas"), std::string::npos) << spin.dump();
  auto fine = call("rogue", {{"function", "recurse"}});
  EXPECT_TRUE(fine["receipt"].contains("status"));
  ASSERT_EQ(deploy("counter", "counter_c.wasm", "serial")["state"], "active");
  EXPECT_EQ(call("counter", {{"function", "increment"}})["receipt"]["status"], "committed");
}

TEST_F(wasm_contract, an_error_message_that_is_not_utf8_is_served_with_replacement_characters) {
  ASSERT_EQ(deploy("rogue", "misbehave_c.wasm", "parallel")["state"], "active");
  // A long poll whose receipt arrives while it waits is handed its receipt on
  // the committer's thread (answered on the server's): submit several, so
  // that some do.
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    auto id = api().submit_accepted("rogue", {{"function", "fail_with"}, {"args", {"0xff41"}}});
    ASSERT_TRUE(id);
    ids.push_back(*id);
  }
  for (auto& id : ids) {
    auto got = api().receipt(id, 20000);
    ASSERT_TRUE(got) << "receipt of " << id;
    EXPECT_EQ((*got)["receipt"]["status"], "failed");
    auto reason = (*got)["receipt"]["reason"].get<std::string>();
    EXPECT_NE(reason.find("\xef\xbf\xbd" "A"), std::string::npos) << reason;
    EXPECT_EQ((*got)["output"]["payload"]["error"], reason);
  }
  ASSERT_EQ(deploy("counter", "counter_c.wasm", "serial")["state"], "active");
  EXPECT_EQ(call("counter", {{"function", "increment"}})["receipt"]["status"], "committed") << "the node still serves";
}

}  // namespace
}  // namespace vireo::testing
