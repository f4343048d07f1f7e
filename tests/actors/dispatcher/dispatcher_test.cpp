// The dispatcher for real, on CAF's scheduler, with a bus sender that records
// what would go to the workers. Its deadlines are the contract's timeout plus
// a 2 s grace, so a test of a missed deadline waits about 2 s.
#include "actors/dispatcher/dispatcher.hpp"

#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>


namespace vireo::dispatcher {
namespace {

constexpr auto answer_wait = std::chrono::seconds(10);

struct sent_execute {
  std::string worker;
  uint64_t correlation_id = 0;
  std::string invocation_id;
};

class dispatcher_test : public ::testing::Test {
 protected:
  dispatcher_test() : system_(config_) {
    dispatcher_ = system_.spawn(dispatcher, [this](const std::string& worker, uint64_t id, const bus::execute& body) {
      std::lock_guard<std::mutex> guard{mutex_};
      sent_.push_back({worker, id, body.invocation_id});
    });
    caf::anon_send(dispatcher_, worker_joined{"w1", 4});
  }
  ~dispatcher_test() override { caf::anon_send_exit(dispatcher_, caf::exit_reason::user_shutdown); }

  static execute_request execute(const std::string& invocation_id, uint32_t timeout_ms) {
    execute_request r;
    r.body.invocation_id = invocation_id;
    r.body.contract = "c";
    r.body.exec_timeout_ms = timeout_ms;
    return r;
  }

  std::vector<sent_execute> sent() {
    std::lock_guard<std::mutex> guard{mutex_};
    return sent_;
  }

  caf::actor_system_config config_;
  caf::actor_system system_;
  dispatcher_actor dispatcher_;
  std::mutex mutex_;
  std::vector<sent_execute> sent_;
};

TEST_F(dispatcher_test, fails_an_execute_the_worker_does_not_answer_by_its_deadline) {
  caf::scoped_actor self{system_};
  bus::result answer;
  self->request(dispatcher_, answer_wait, execute("slow", 100))
      .receive([&](bus::result& r) { answer = std::move(r); },
               [&](caf::error& e) { FAIL() << system_.render(e); });
  EXPECT_FALSE(answer.ok);
  EXPECT_EQ(answer.invocation_id, "slow");
  EXPECT_EQ(answer.error, "worker did not answer within 2100 ms");
  ASSERT_EQ(sent().size(), 1u);
  EXPECT_EQ(sent()[0].worker, "w1");
}

TEST_F(dispatcher_test, answers_with_the_worker_result_and_later_expires_nothing) {
  caf::scoped_actor self{system_};
  auto pending = self->request(dispatcher_, answer_wait, execute("quick", 50));
  while (sent().empty())
    std::this_thread::yield();
  bus::result ok;
  ok.invocation_id = "quick";
  ok.ok = true;
  self->send(dispatcher_, worker_result{"w1", sent()[0].correlation_id, ok});
  pending.receive([&](bus::result& r) { EXPECT_TRUE(r.ok); }, [&](caf::error& e) { FAIL() << system_.render(e); });
  // Past the answered execute's deadline, a later one still gets its own
  // answer, and no stale deadline touches it.
  bus::result late;
  self->request(dispatcher_, answer_wait, execute("after", 400))
      .receive([&](bus::result& r) { late = std::move(r); },
               [&](caf::error& e) { FAIL() << system_.render(e); });
  EXPECT_EQ(late.invocation_id, "after");
  EXPECT_EQ(late.error, "worker did not answer within 2400 ms");
}

TEST_F(dispatcher_test, expires_executes_in_deadline_order_not_dispatch_order) {
  caf::scoped_actor self{system_};
  // Plain sends: the answers arrive as messages, in the order they were given.
  self->send(dispatcher_, execute("long", 600));
  self->send(dispatcher_, execute("short", 100));
  std::vector<std::string> failed;
  for (int i = 0; i < 2; ++i)
    self->receive([&](bus::result& r) { failed.push_back(r.invocation_id); },
                  caf::after(answer_wait) >> [&] { FAIL() << "no answer"; });
  EXPECT_EQ(failed, (std::vector<std::string>{"short", "long"}));
}

}  // namespace
}  // namespace vireo::dispatcher
