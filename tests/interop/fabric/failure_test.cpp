// Chaincode failures, each of which must fail only its own invocation with a
// clear reason while the next invocation succeeds: a thrown Invoke (no answer
// -> timeout), status 500, kill -9 mid-transaction (the launched process is
// restarted by the supervisor), out-of-order messages and garbage on the wire.
#include <future>

#include <gtest/gtest.h>

#include "tests/interop/fabric/chaincode_fixture.hpp"

namespace vireo::peer {
namespace {

using worker::execution_result;

// A state_access that reports when the chaincode reads `trigger`: a sync point
// telling the test the transaction is running inside the chaincode.
class signalling_state final : public worker::state_access {
 public:
  signalling_state(worker::state_access& inner, std::string trigger) : inner_(inner), trigger_(std::move(trigger)) {}
  std::future<void> reached() { return reached_.get_future(); }
  worker::state_value get(const std::string& key) override {
    auto v = inner_.get(key);
    if (key == trigger_) reached_.set_value();
    return v;
  }
  std::vector<std::pair<std::string, worker::state_value>> range(const std::string& s, const std::string& e,
                                                                 uint32_t limit) override {
    return inner_.range(s, e, limit);
  }
  std::vector<worker::state_history_entry> history(const std::string& key) override { return inner_.history(key); }
  void put(const std::string& key, const std::string& value) override { inner_.put(key, value); }
  void del(const std::string& key) override { inner_.del(key); }

 private:
  worker::state_access& inner_;
  std::string trigger_;
  std::promise<void> reached_;
};

class chaincode_failures : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    fixture = new testing::chaincode_fixture("failures", {{"exec_timeout_ms", 1500}});
    const std::string faulty = "node " + (testing::chaincode_dir("faulty") / "index.js").string();
    fixture->deploy_spec("faulty", {{"chaincode_id", "faulty:v1"}, {"mode", "client"}, {"launch", faulty}});
    auto deployed = fixture->invoke("faulty", "", {}, true);
    if (deployed.result.status != execution_result::outcome::ok) setup_error = "deploy: " + deployed.result.error;
  }
  // The rogue chaincode is started by the first test that needs it.
  static void need_rogue() {
    if (rogue_started) return;
    rogue_started = true;
    fixture->start_script_client("rogue", "rogue:v1");
    fixture->deploy_spec("rogue", {{"chaincode_id", "rogue:v1"}, {"mode", "client"}});
  }
  // gtest reports a failed SetUpTestSuite as skipped tests: fail each test instead.
  void SetUp() override { ASSERT_EQ(setup_error, ""); }
  static void TearDownTestSuite() {
    delete fixture;
    fixture = nullptr;
  }
  static void expect_next_succeeds(const std::string& contract) {
    auto next = fixture->invoke(contract, "ok");
    EXPECT_TRUE(next.committed) << contract << ": " << next.result.error;
  }
  static void expect_failure(const testing::invocation& i, const std::string& reason) {
    EXPECT_EQ(i.result.status, execution_result::outcome::failed);
    EXPECT_NE(i.result.error.find(reason), std::string::npos) << i.result.error;
  }
  static testing::chaincode_fixture* fixture;
  static std::string setup_error;
  static bool rogue_started;
};
bool chaincode_failures::rogue_started = false;
testing::chaincode_fixture* chaincode_failures::fixture = nullptr;
std::string chaincode_failures::setup_error;

TEST_F(chaincode_failures, deploy_launched_the_chaincode_and_shows_its_state) {
  auto status = fixture->service().launched("faulty:v1");
  ASSERT_TRUE(status);
  EXPECT_EQ(status->current, launch_status::phase::running);
  EXPECT_GT(status->pid, 0);
}

TEST_F(chaincode_failures, an_invoke_that_throws_never_answers_and_times_out) {
  auto thrown = fixture->invoke("faulty", "throw");
  expect_failure(thrown, "chaincode timeout: no COMPLETED within 1500 ms");
  EXPECT_FALSE(thrown.committed);
  expect_next_succeeds("faulty");
}

TEST_F(chaincode_failures, status_500_fails_with_the_chaincode_message) {
  auto failed = fixture->invoke("faulty", "fail500", {"bad input"});
  EXPECT_EQ(failed.result.error, "chaincode returned an error status: status 500: bad input");
  expect_next_succeeds("faulty");
}

TEST_F(chaincode_failures, kill_9_mid_transaction_fails_it_and_the_restarted_chaincode_serves_the_next) {
  const uint32_t starts_before = fixture->service().launched("faulty:v1")->starts;
  auto state = fixture->ledger().begin("faulty");
  signalling_state signalling(*state, "hang");
  auto inside = signalling.reached();
  auto pending = std::async(std::launch::async, [&] { return fixture->run("faulty", "hang", {}, signalling); });
  ASSERT_EQ(inside.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  ASSERT_EQ(::kill(fixture->service().launched("faulty:v1")->pid, SIGKILL), 0);
  auto killed = pending.get();
  expect_failure(killed, "chaincode stream lost");
  expect_next_succeeds("faulty");
  auto status = fixture->service().launched("faulty:v1");
  EXPECT_EQ(status->starts, starts_before + 1);
  EXPECT_EQ(status->last_exit, "signal 9");
}

TEST_F(chaincode_failures, an_out_of_order_register_closes_the_stream_and_fails_only_that_invocation) {
  need_rogue();
  auto out_of_order = fixture->invoke("rogue", "register_again");
  expect_failure(out_of_order, "chaincode protocol violation: a chaincode never sends REGISTER (state ready)");
  expect_next_succeeds("rogue");
}

TEST_F(chaincode_failures, a_message_type_that_does_not_exist_is_a_protocol_violation) {
  need_rogue();
  auto bogus = fixture->invoke("rogue", "bogus_type");
  expect_failure(bogus, "chaincode protocol violation: a chaincode never sends 99");
  expect_next_succeeds("rogue");
}

TEST_F(chaincode_failures, a_garbage_payload_fails_the_invocation_and_keeps_the_stream) {
  need_rogue();
  expect_next_succeeds("rogue");  // registered before we count
  const uint64_t registrations = fixture->service().registry().registrations();
  auto garbage = fixture->invoke("rogue", "garbage");
  expect_failure(garbage, "malformed message from chaincode: GET_STATE payload does not parse");
  expect_next_succeeds("rogue");
  EXPECT_EQ(fixture->service().registry().registrations(), registrations) << "no reconnect was needed";
}

TEST_F(chaincode_failures, an_unregistered_chaincode_fails_after_the_register_wait) {
  testing::chaincode_fixture quick("failures-unregistered", {{"register_wait_ms", 200}});
  quick.deploy_spec("absent", {{"chaincode_id", "absent:v1"}});
  auto absent = quick.invoke("absent", "ok");
  EXPECT_EQ(absent.result.error, "chaincode not connected: no chaincode registered as 'absent:v1' within 200 ms");
}

}  // namespace
}  // namespace vireo::peer
