// One transaction driven end to end on a handler, with the test playing the
// chaincode through a recording sink: the exchange, timeouts, lost streams,
// nested invokes, many transactions in flight on one stream.
#include <future>
#include <thread>

#include <gtest/gtest.h>

#include "peer/chaincode.pb.h"
#include "peer/proposal_response.pb.h"
#include "services/peer/transaction_runner.hpp"
#include "tests/services/peer/memory_state.hpp"
#include "tests/services/peer/recording_sink.hpp"

namespace vireo::peer {
namespace {

using testing::message;
using type = protos::ChaincodeMessage;
using namespace std::chrono_literals;

std::string response(int status, const std::string& text, const std::string& payload = "") {
  protos::Response r;
  r.set_status(status);
  r.set_message(text);
  r.set_payload(payload);
  return r.SerializeAsString();
}

struct runner_fixture : ::testing::Test {
  std::shared_ptr<testing::recording_sink> sink = std::make_shared<testing::recording_sink>();
  std::shared_ptr<handler> h = std::make_shared<handler>(sink, handler::hooks{}, "test");
  testing::memory_ledger ledger;
  invoke_hook no_invoke = [](const protos::ChaincodeMessage& m, const chaincode_call&, worker::state_access&) {
    return message(type::ERROR, "no invoke in this test", m.txid(), m.channel_id());
  };

  void SetUp() override {
    protos::ChaincodeID id;
    id.set_name("cc:1");
    h->on_message(message(type::REGISTER, id.SerializeAsString()));
    sink->next();
    sink->next();
  }
  chaincode_call call(const std::string& txid, std::chrono::milliseconds timeout = 5000ms) {
    chaincode_call c;
    c.chaincode_id = "cc:1";
    c.channel_id = "ch";
    c.txid = txid;
    c.input.add_args("fn");
    c.deadline = std::chrono::steady_clock::now() + timeout;
    c.timeout_ms = static_cast<uint32_t>(timeout.count());
    return c;
  }
  std::future<chaincode_outcome> start(chaincode_call c, worker::state_access& state) {
    return std::async(std::launch::async, [this, c, &state] { return run_transaction(*h, c, state, 100, no_invoke); });
  }
};

TEST_F(runner_fixture, sends_the_transaction_serves_talkbacks_and_returns_completed) {
  ledger.seed("cc", "k", "committed");
  auto state = ledger.begin("cc");
  auto done = start(call("tx1"), *state);
  auto tx = sink->next();
  ASSERT_EQ(tx->type(), type::TRANSACTION);
  EXPECT_EQ(tx->txid(), "tx1");
  EXPECT_EQ(tx->channel_id(), "ch");
  protos::ChaincodeInput input;
  ASSERT_TRUE(input.ParseFromString(tx->payload()));
  EXPECT_EQ(input.args(0), "fn");
  protos::GetState get;
  get.set_key("k");
  h->on_message(message(type::GET_STATE, get.SerializeAsString(), "tx1"));
  auto value = sink->next();
  EXPECT_EQ(value->type(), type::RESPONSE);
  EXPECT_EQ(value->payload(), "committed");
  EXPECT_EQ(value->txid(), "tx1");
  h->on_message(message(type::COMPLETED, response(200, "fine", "out"), "tx1"));
  auto out = done.get();
  ASSERT_EQ(out.result, chaincode_outcome::kind::completed) << out.reason;
  EXPECT_EQ(out.response.status(), 200);
  EXPECT_EQ(out.response.payload(), "out");
  EXPECT_EQ(out.talkbacks, 1u);
  EXPECT_EQ(h->in_flight(), 0u);
}

TEST_F(runner_fixture, sends_init_for_an_init_call) {
  auto state = ledger.begin("cc");
  auto c = call("tx-init");
  c.init = true;
  auto done = start(c, *state);
  EXPECT_EQ(sink->next()->type(), type::INIT);
  h->on_message(message(type::COMPLETED, response(200, ""), "tx-init"));
  EXPECT_EQ(done.get().result, chaincode_outcome::kind::completed);
}

TEST_F(runner_fixture, reports_the_chaincode_error_message) {
  auto state = ledger.begin("cc");
  auto done = start(call("tx1"), *state);
  sink->next();
  h->on_message(message(type::ERROR, "Invoke failed: boom", "tx1"));
  auto out = done.get();
  EXPECT_EQ(out.result, chaincode_outcome::kind::error);
  EXPECT_EQ(out.reason, "chaincode error: Invoke failed: boom");
}

TEST_F(runner_fixture, times_out_and_drops_the_late_completed) {
  auto state = ledger.begin("cc");
  auto out = start(call("slow", 50ms), *state).get();
  EXPECT_EQ(out.result, chaincode_outcome::kind::failed);
  EXPECT_EQ(out.reason, "chaincode timeout: no COMPLETED within 50 ms (chaincode cc:1, tx slow)");
  EXPECT_EQ(h->in_flight(), 0u);
  sink->next();  // the TRANSACTION
  h->on_message(message(type::COMPLETED, response(200, ""), "slow"));
  EXPECT_EQ(sink->pending(), 0u);
}

TEST_F(runner_fixture, fails_when_the_stream_is_lost_mid_transaction) {
  auto state = ledger.begin("cc");
  auto done = start(call("tx1"), *state);
  sink->next();
  h->on_stream_closed("killed");
  auto out = done.get();
  EXPECT_EQ(out.result, chaincode_outcome::kind::failed);
  EXPECT_EQ(out.reason, "chaincode stream lost: killed (chaincode cc:1, tx tx1)");
}

TEST_F(runner_fixture, fails_only_the_transaction_that_sent_a_malformed_talkback) {
  auto state_a = ledger.begin("cc");
  auto state_b = ledger.begin("cc");
  auto a = start(call("a"), *state_a);
  sink->next();
  auto b = start(call("b"), *state_b);
  sink->next();
  h->on_message(message(type::GET_STATE, "\x0a\xff", "a"));
  EXPECT_EQ(sink->next()->type(), type::ERROR);
  auto out_a = a.get();
  EXPECT_EQ(out_a.result, chaincode_outcome::kind::failed);
  EXPECT_NE(out_a.reason.find("GET_STATE payload does not parse"), std::string::npos) << out_a.reason;
  h->on_message(message(type::COMPLETED, response(200, "b ok"), "b"));
  auto out_b = b.get();
  EXPECT_EQ(out_b.result, chaincode_outcome::kind::completed);
  EXPECT_EQ(out_b.response.message(), "b ok");
}

TEST_F(runner_fixture, runs_many_transactions_on_one_stream_answered_out_of_order) {
  constexpr int n = 8;
  std::vector<std::unique_ptr<testing::memory_state>> states;
  std::vector<std::future<chaincode_outcome>> outs;
  for (int i = 0; i < n; ++i) {
    states.push_back(ledger.begin("cc"));
    outs.push_back(start(call("tx" + std::to_string(i)), *states.back()));
  }
  for (int i = 0; i < n; ++i) ASSERT_EQ(sink->next()->type(), type::TRANSACTION);
  EXPECT_EQ(h->in_flight(), static_cast<size_t>(n));
  for (int i = n - 1; i >= 0; --i)
    h->on_message(message(type::COMPLETED, response(200, "r" + std::to_string(i)), "tx" + std::to_string(i)));
  for (int i = 0; i < n; ++i) EXPECT_EQ(outs[i].get().response.message(), "r" + std::to_string(i));
}

TEST_F(runner_fixture, hands_invoke_chaincode_to_the_hook_and_relays_its_reply) {
  auto state = ledger.begin("cc");
  std::string seen_callee;
  invoke_hook hook = [&](const protos::ChaincodeMessage& m, const chaincode_call& caller, worker::state_access&) {
    protos::ChaincodeSpec spec;
    spec.ParseFromString(m.payload());
    seen_callee = spec.chaincode_id().name() + "@" + caller.txid;
    return message(type::RESPONSE, "callee-completed", m.txid(), m.channel_id());
  };
  auto c = call("tx1");
  auto done = std::async(std::launch::async, [&] { return run_transaction(*h, c, *state, 100, hook); });
  sink->next();
  protos::ChaincodeSpec spec;
  spec.mutable_chaincode_id()->set_name("other");
  h->on_message(message(type::INVOKE_CHAINCODE, spec.SerializeAsString(), "tx1"));
  auto reply = sink->next();
  EXPECT_EQ(reply->type(), type::RESPONSE);
  EXPECT_EQ(reply->payload(), "callee-completed");
  h->on_message(message(type::COMPLETED, response(200, ""), "tx1"));
  EXPECT_EQ(done.get().result, chaincode_outcome::kind::completed);
  EXPECT_EQ(seen_callee, "other@tx1");
}

}  // namespace
}  // namespace vireo::peer
