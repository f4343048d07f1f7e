// Peer settings, contract runtime settings, transaction arguments and result
// mapping of the chaincode executor.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/peer/chaincode_executor.hpp"
#include "services/peer/payload_text.hpp"
#include "services/peer/peer_settings.hpp"
#include "services/peer/runtime_settings.hpp"

namespace vireo::peer {
namespace {

TEST(peer_settings, keeps_defaults_for_absent_keys) {
  auto s = parse_peer_settings(nlohmann::json::object());
  EXPECT_EQ(s.exec_timeout_ms, 30000u);
  EXPECT_EQ(s.keepalive_interval_ms, 0u) << "KEEPALIVE is off by default";
  EXPECT_LE(s.min_recv_ping_interval_ms, 60000u);
  EXPECT_FALSE(s.tls.enabled);
}

TEST(peer_settings, reads_known_keys_and_rejects_unknown_ones) {
  auto s = parse_peer_settings({{"exec_timeout_ms", 1500}, {"mspid", "Org1MSP"}, {"tls", {{"enabled", false}}}});
  EXPECT_EQ(s.exec_timeout_ms, 1500u);
  EXPECT_EQ(s.mspid, "Org1MSP");
  EXPECT_THROW(parse_peer_settings({{"exec_timeout", 1}}), std::invalid_argument);
  EXPECT_THROW(parse_peer_settings({{"tls", {{"cert", "x"}}}}), std::invalid_argument);
  EXPECT_THROW(parse_peer_settings({{"exec_timeout_ms", "soon"}}), std::invalid_argument);
  EXPECT_THROW(parse_peer_settings({{"min_recv_ping_interval_ms", 300000}}), std::invalid_argument);
  try {
    parse_peer_settings({{"tls", {{"enable", true}}}});
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "invalid peer settings: 'tls.enable' is not a known setting");
  }
}

TEST(chaincode_runtime, parses_both_modes_and_rejects_mistakes) {
  auto r = parse_chaincode_runtime(R"({"chaincode_id":"asset:1","mode":"server","address":"h:9","init":true})");
  EXPECT_EQ(r.mode, chaincode_runtime::mode_kind::server);
  EXPECT_EQ(r.address, "h:9");
  EXPECT_TRUE(r.init);
  EXPECT_EQ(r.channel_id, "vireo");
  EXPECT_THROW(parse_chaincode_runtime(R"({"mode":"client"})"), std::invalid_argument);
  EXPECT_THROW(parse_chaincode_runtime(R"({"chaincode_id":"a","mode":"server"})"), std::invalid_argument);
  EXPECT_THROW(parse_chaincode_runtime(R"({"chaincode_id":"a","colour":"red"})"), std::invalid_argument);
  EXPECT_THROW(parse_chaincode_runtime("not json"), std::invalid_argument);
}

TEST(chaincode_runtime, matches_a_plain_name_to_any_hash_of_it) {
  EXPECT_TRUE(chaincode_id_matches("asset", "asset:abc"));
  EXPECT_TRUE(chaincode_id_matches("asset:abc", "asset:abc"));
  EXPECT_FALSE(chaincode_id_matches("asset:abd", "asset:abc"));
  EXPECT_FALSE(chaincode_id_matches("asse", "asset:abc"));
}

TEST(chaincode_args, are_function_then_args_from_the_payload) {
  EXPECT_EQ(chaincode_args(R"({"payload":{"function":"transfer","args":["a1","bob",3]}})"),
            (std::vector<std::string>{"transfer", "a1", "bob", "3"}));
  EXPECT_EQ(chaincode_args(R"({"payload":"{\"function\":\"read\",\"args\":[\"a1\"]}"})"),
            (std::vector<std::string>{"read", "a1"}));
  EXPECT_THROW(chaincode_args(R"({"payload":{"args":["a"]}})"), std::invalid_argument);
  EXPECT_TRUE(chaincode_args(R"({"payload":{}})", true).empty());
}

TEST(chaincode_result, maps_status_payload_and_event) {
  chaincode_outcome done;
  done.result = chaincode_outcome::kind::completed;
  done.response.set_status(200);
  done.response.set_message("ok");
  done.response.set_payload("{\"id\":\"a1\"}");
  done.completed.mutable_chaincode_event()->set_event_name("Created");
  done.completed.mutable_chaincode_event()->set_payload("a1");
  auto r = to_execution_result(done);
  ASSERT_EQ(r.status, worker::execution_result::outcome::ok);
  auto out = nlohmann::json::parse(r.output_json);
  EXPECT_EQ(out["status"], 200);
  EXPECT_EQ(out["message"], "ok");
  EXPECT_EQ(out["payload"], "{\"id\":\"a1\"}");
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(r.events[0].name, "Created");
  EXPECT_EQ(r.events[0].payload, "a1");

  done.response.set_payload(std::string("\xff\x00\x01", 3));
  EXPECT_EQ(nlohmann::json::parse(to_execution_result(done).output_json)["payload"], "/wAB");

  done.response.set_status(500);
  done.response.set_message("asset a9 does not exist");
  r = to_execution_result(done);
  EXPECT_EQ(r.status, worker::execution_result::outcome::failed);
  EXPECT_EQ(r.error, "chaincode returned an error status: status 500: asset a9 does not exist");
  EXPECT_TRUE(r.events.empty());
}

TEST(payload_text, keeps_utf8_and_base64_encodes_the_rest) {
  EXPECT_TRUE(is_valid_utf8("h\xc3\xa9llo \xf0\x9f\x98\x80"));
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));        // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));    // surrogate
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));        // truncated
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
}

}  // namespace
}  // namespace vireo::peer
