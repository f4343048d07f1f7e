// The handler's state machine and routing, driven message by message through a
// recording sink (no gRPC, no process).
#include <gtest/gtest.h>

#include "peer/chaincode.pb.h"
#include "services/peer/handler.hpp"
#include "tests/services/peer/recording_sink.hpp"

namespace vireo::peer {
namespace {

using testing::message;
using testing::recording_sink;
using type = protos::ChaincodeMessage;

std::string chaincode_id_payload(const std::string& name) {
  protos::ChaincodeID id;
  id.set_name(name);
  return id.SerializeAsString();
}

struct handler_fixture : ::testing::Test {
  std::shared_ptr<recording_sink> sink = std::make_shared<recording_sink>();
  std::string refusal;
  int ready_calls = 0, closed_calls = 0;
  std::shared_ptr<handler> h = std::make_shared<handler>(
      sink,
      handler::hooks{[this](const std::shared_ptr<handler>&) { ++ready_calls; return refusal; },
                     [this](const std::shared_ptr<handler>&) { ++closed_calls; }},
      "test");

  void register_as(const std::string& name) {
    h->on_message(message(type::REGISTER, chaincode_id_payload(name)));
    ASSERT_EQ(sink->next()->type(), type::REGISTERED);
    ASSERT_EQ(sink->next()->type(), type::READY);
  }

  /// The reader reports the stream's end: `box` fails with the reason, the
  /// handler is closed and has told its owner once.
  void close_and_expect_failed(tx_mailbox& box) {
    h->on_stream_closed("connection reset");
    protos::ChaincodeMessage got;
    std::string reason;
    ASSERT_EQ(box.next(std::chrono::steady_clock::now(), got, reason), tx_mailbox::wait_result::failed);
    EXPECT_EQ(reason, "chaincode stream lost: connection reset");
    EXPECT_EQ(closed_calls, 1);
    EXPECT_EQ(h->current_state(), handler::state::closed);
  }
};

TEST_F(handler_fixture, answers_register_with_registered_then_ready) {
  register_as("asset:abc");
  EXPECT_EQ(h->current_state(), handler::state::ready);
  EXPECT_EQ(h->chaincode_id(), "asset:abc");
  EXPECT_EQ(ready_calls, 1);
  EXPECT_FALSE(sink->closed());
}

TEST_F(handler_fixture, closes_with_error_when_the_first_message_is_not_register) {
  h->on_message(message(type::GET_STATE, "", "tx1"));
  auto reply = sink->next();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->type(), type::ERROR);
  EXPECT_EQ(reply->txid(), "tx1");
  EXPECT_NE(reply->payload().find("expected REGISTER first, got GET_STATE"), std::string::npos) << reply->payload();
  EXPECT_TRUE(sink->closed());
  EXPECT_NE(sink->close_reason().find("protocol violation"), std::string::npos);
}

TEST_F(handler_fixture, closes_when_register_has_no_chaincode_name) {
  h->on_message(message(type::REGISTER, "\xff\xff\xff"));
  EXPECT_EQ(sink->next()->type(), type::ERROR);
  EXPECT_TRUE(sink->closed());
  EXPECT_EQ(ready_calls, 0);
}

TEST_F(handler_fixture, closes_on_a_second_register) {
  register_as("asset:abc");
  h->on_message(message(type::REGISTER, chaincode_id_payload("asset:abc")));
  auto reply = sink->next();
  EXPECT_EQ(reply->type(), type::ERROR);
  EXPECT_NE(reply->payload().find("never sends REGISTER"), std::string::npos) << reply->payload();
  EXPECT_TRUE(sink->closed());
}

TEST_F(handler_fixture, closes_on_an_unknown_message_type) {
  register_as("asset:abc");
  h->on_message(message(static_cast<type::Type>(99)));
  EXPECT_EQ(sink->next()->type(), type::ERROR);
  EXPECT_NE(sink->close_reason().find("99"), std::string::npos) << sink->close_reason();
}

TEST_F(handler_fixture, closes_when_the_registry_refuses_the_registration) {
  refusal = "chaincode asset:abc is already registered";
  h->on_message(message(type::REGISTER, chaincode_id_payload("asset:abc")));
  EXPECT_EQ(sink->next()->type(), type::REGISTERED);
  EXPECT_EQ(sink->next()->type(), type::READY);
  auto reply = sink->next();
  EXPECT_EQ(reply->type(), type::ERROR);
  EXPECT_NE(reply->payload().find("already registered"), std::string::npos);
  EXPECT_TRUE(sink->closed());
}

TEST_F(handler_fixture, ignores_keepalive_from_the_chaincode) {
  register_as("asset:abc");
  h->on_message(message(type::KEEPALIVE));
  EXPECT_EQ(sink->pending(), 0u);
  EXPECT_FALSE(sink->closed());
}

TEST_F(handler_fixture, routes_messages_to_their_transaction_by_channel_and_txid) {
  register_as("asset:abc");
  std::string why;
  auto a = h->open_transaction("ch", "tx-a", why);
  auto b = h->open_transaction("ch", "tx-b", why);
  ASSERT_TRUE(a && b);
  h->on_message(message(type::GET_STATE, "", "tx-b"));
  h->on_message(message(type::COMPLETED, "", "tx-a"));
  protos::ChaincodeMessage got;
  std::string reason;
  auto soon = std::chrono::steady_clock::now() + std::chrono::seconds(1);
  ASSERT_EQ(a->next(soon, got, reason), tx_mailbox::wait_result::message);
  EXPECT_EQ(got.type(), type::COMPLETED);
  ASSERT_EQ(b->next(soon, got, reason), tx_mailbox::wait_result::message);
  EXPECT_EQ(got.type(), type::GET_STATE);
  EXPECT_EQ(h->in_flight(), 2u);
}

TEST_F(handler_fixture, refuses_a_txid_already_in_flight) {
  register_as("asset:abc");
  std::string why;
  ASSERT_TRUE(h->open_transaction("ch", "tx", why));
  EXPECT_FALSE(h->open_transaction("ch", "tx", why));
  EXPECT_NE(why.find("already in flight"), std::string::npos);
  EXPECT_TRUE(h->open_transaction("other", "tx", why)) << "the key is (channel, txid)";
}

TEST_F(handler_fixture, answers_a_talkback_for_no_transaction_with_error_and_keeps_the_stream) {
  register_as("asset:abc");
  h->on_message(message(type::PUT_STATE, "", "ghost"));
  auto reply = sink->next();
  EXPECT_EQ(reply->type(), type::ERROR);
  EXPECT_EQ(reply->txid(), "ghost");
  EXPECT_FALSE(sink->closed());
  h->on_message(message(type::COMPLETED, "", "late"));
  EXPECT_EQ(sink->pending(), 0u) << "a late COMPLETED is dropped silently";
}

TEST_F(handler_fixture, fails_transactions_in_flight_when_the_stream_closes) {
  register_as("asset:abc");
  std::string why;
  auto box = h->open_transaction("ch", "tx", why);
  ASSERT_TRUE(box);
  close_and_expect_failed(*box);
  EXPECT_FALSE(h->open_transaction("ch", "tx2", why));
}

TEST_F(handler_fixture, takes_no_new_transaction_once_a_write_failed_and_the_reader_still_fails_the_rest) {
  register_as("asset:abc");
  std::string why;
  auto box = h->open_transaction("ch", "tx", why);
  ASSERT_TRUE(box);
  sink->close("killed");  // the chaincode died; the reader has not seen it yet
  EXPECT_FALSE(h->send(message(type::RESPONSE, "")));
  EXPECT_EQ(h->current_state(), handler::state::lost);
  EXPECT_FALSE(h->open_transaction("ch", "tx2", why));
  EXPECT_EQ(why, "chaincode not connected: chaincode asset:abc is lost");
  EXPECT_EQ(closed_calls, 0);
  close_and_expect_failed(*box);
}

TEST_F(handler_fixture, a_registration_whose_answer_cannot_be_written_is_never_ready) {
  sink->close("killed");
  h->on_message(message(type::REGISTER, chaincode_id_payload("asset:abc")));
  EXPECT_NE(h->current_state(), handler::state::ready);
  EXPECT_EQ(ready_calls, 0);
}

TEST_F(handler_fixture, ignores_messages_after_close) {
  register_as("asset:abc");
  h->on_stream_closed("gone");
  h->on_message(message(type::REGISTER, chaincode_id_payload("x")));
  EXPECT_EQ(sink->pending(), 0u);
}

}  // namespace
}  // namespace vireo::peer
