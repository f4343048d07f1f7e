// A contract compiled for Arwen, unchanged: Elrond's genesis delegation
// contract (sc-delegation-rs 0.4.0, Rust with elrond-wasm; 57 KB, 30 env
// imports), as MultiversX nodes deploy it at genesis. The module comes from
// the npm package @xsuite/full-simulnet (pinned in tests/package.json), whose
// node configuration ships it; scripts/setup.sh installs it. Deployed and
// called through the wasm executor and a real vireo-vm child.
#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

using outcome = worker::execution_result::outcome;
using nlohmann::json;

const std::string auction_address = "0x" + std::string(62, '0') + "01";

class delegation_test : public driver_fixture {
 protected:
  delegation_test() {
    store_genesis_code("delegation.wasm");
    owner_ = sender_;  // Arwen's owner is the deployer
    // The genesis parameters of MultiversX's genesisSmartContracts.json:
    // auction address, service fee 1000/10000, owner's minimum stake share 0,
    // 200000 blocks before a forced unstake and before unbonding.
    const auto deployed = deploy("delegation.wasm", {auction_address, 1000, "0x00", 200000, 200000});
    EXPECT_EQ(deployed.status, outcome::ok) << deployed.error;
  }

  /// Stores one of the genesis contracts @xsuite/full-simulnet ships under the code hash "<file>".
  void store_genesis_code(const std::string& file) {
    code_[file] = file_bytes(std::string(VIREO_ARWEN_CONTRACTS_DIR) + "/" + file,
                             "scripts/setup.sh installs it from npm");
  }

  /// The return data of a successful call, hex.
  json returns(const std::string& function, json args = json::array()) {
    const auto result = call("delegation.wasm", function, std::move(args));
    EXPECT_EQ(result.status, outcome::ok) << function << ": " << result.error;
    return result.status == outcome::ok ? json::parse(result.output_json)["return_data"] : json();
  }
};

TEST_F(delegation_test, init_stores_the_genesis_settings_and_registers_the_owner) {
  EXPECT_EQ(returns("version"), json::array({"302e342e30"})) << "\"0.4.0\"";
  EXPECT_EQ(returns("getAuctionContractAddress"), json::array({auction_address.substr(2)}));
  EXPECT_EQ(returns("getNumBlocksBeforeForceUnstake"), json::array({"030d40"}));
  EXPECT_EQ(returns("getNumBlocksBeforeUnBond"), json::array({"030d40"}));
  EXPECT_EQ(returns("getNumUsers"), json::array({"01"}));
  EXPECT_EQ(returns("getUserId", {sender_}), json::array({"01"}));
  EXPECT_EQ(returns("getUserId", {"0x" + std::string(64, 'b')}), json::array({""})) << "not a user";
  EXPECT_EQ(returns("totalStake"), json::array({""}));
  // This build's init checks the owner's share and then stores it under the
  // service fee's key (in its disassembly, init, func 135, passes the share to
  // the service-fee setter, func 132), so the fee reads as the share: 0.
  EXPECT_EQ(returns("getServiceFee"), json::array({""}));
}

TEST_F(delegation_test, only_the_owner_sets_the_service_fee_and_only_within_range) {
  sender_ = "0x" + std::string(64, 'b');
  const auto stranger = call("delegation.wasm", "setServiceFee", {500});
  EXPECT_EQ(stranger.status, outcome::failed);
  EXPECT_EQ(stranger.error, "user_error (return code 4): only owner can change service fee");
  sender_ = owner_;

  const auto too_high = call("delegation.wasm", "setServiceFee", {10001});
  EXPECT_EQ(too_high.status, outcome::failed);
  EXPECT_EQ(too_high.error, "user_error (return code 4): service fee out of range");
  EXPECT_EQ(returns("getServiceFee"), json::array({""})) << "neither failed call wrote";

  EXPECT_EQ(returns("setServiceFee", {500}), json::array());
  EXPECT_EQ(returns("getServiceFee"), json::array({"01f4"}));
  EXPECT_EQ(state_.committed.at("service_fee"), std::string("\x01\xf4", 2));
}

TEST_F(delegation_test, the_owner_switches_settings_that_others_cannot) {
  EXPECT_EQ(returns("anyoneCanActivate"), json::array({""}));
  EXPECT_EQ(returns("setAnyoneCanActivate"), json::array());
  EXPECT_EQ(returns("anyoneCanActivate"), json::array({"01"}));
  sender_ = "0x" + std::string(64, 'c');
  const auto stranger = call("delegation.wasm", "setOnlyOwnerCanActivate");
  EXPECT_EQ(stranger.error, "user_error (return code 4): only owner can disable auto activation");
  EXPECT_EQ(returns("anyoneCanActivate"), json::array({"01"}));
}

TEST_F(delegation_test, a_contract_on_the_managed_api_is_refused_at_deploy_naming_the_import) {
  store_genesis_code("dns.wasm");
  const auto refused = deploy("dns.wasm", {"0x00"});
  EXPECT_EQ(refused.status, outcome::failed);
  EXPECT_EQ(refused.error, "contract_invalid (return code 9): unknown import env.mBufferNewFromBytes");
  EXPECT_EQ(returns("version"), json::array({"302e342e30"})) << "the VM serves on";
}

}  // namespace
}  // namespace vireo::vm::test
