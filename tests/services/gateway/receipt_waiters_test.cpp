// The long-poll registry between the committer's thread and the gateway's
// connections (receipt_waiters), with real threads.
#include "services/gateway/receipt_waiters.hpp"

#include <future>
#include <mutex>
#include <thread>

#include <gtest/gtest.h>

namespace vireo::gateway {
namespace {

ledger::receipt receipt_of(const std::string& invocation_id) {
  ledger::receipt r;
  r.invocation_id = invocation_id;
  return r;
}

TEST(receipt_waiters, call_each_waiter_once_with_its_receipt) {
  receipt_waiters waiters;
  std::vector<std::string> heard;
  auto token = waiters.wait("a", [&](const ledger::receipt& r) { heard.push_back("a1:" + r.invocation_id); });
  waiters.wait("a", [&](const ledger::receipt& r) { heard.push_back("a2:" + r.invocation_id); });
  waiters.wait("b", [&](const ledger::receipt& r) { heard.push_back("b:" + r.invocation_id); });
  waiters.publish({receipt_of("a"), receipt_of("c")});
  waiters.publish({receipt_of("a")});
  EXPECT_EQ(heard, (std::vector<std::string>{"a1:a", "a2:a"}));
  EXPECT_FALSE(waiters.cancel("a", token)) << "already called";
}

TEST(receipt_waiters, call_no_waiter_once_closed_and_keep_none_registered_after) {
  receipt_waiters waiters;
  int calls = 0;
  waiters.wait("a", [&](const ledger::receipt&) { ++calls; });
  waiters.close();
  auto late = waiters.wait("b", [&](const ledger::receipt&) { ++calls; });
  waiters.publish({receipt_of("a"), receipt_of("b")});
  EXPECT_EQ(calls, 0);
  EXPECT_FALSE(waiters.cancel("b", late)) << "a wait after close is not kept";
}

TEST(receipt_waiters, close_returns_only_after_a_waiter_that_is_running_has_returned) {
  receipt_waiters waiters;
  std::mutex order_mutex;
  std::vector<std::string> order;
  auto note = [&](const char* what) {
    std::lock_guard<std::mutex> guard{order_mutex};
    order.push_back(what);
  };
  std::promise<void> entered, release;
  auto released = release.get_future().share();
  waiters.wait("a", [&, released](const ledger::receipt&) {
    entered.set_value();
    released.wait();
    note("waiter returned");
  });
  std::thread committer{[&] { waiters.publish({receipt_of("a")}); }};
  entered.get_future().wait();
  auto closed = std::async(std::launch::async, [&] {
    waiters.close();
    note("close returned");
  });
  // A close() that did not wait would return now; give it the chance.
  EXPECT_EQ(closed.wait_for(std::chrono::milliseconds(50)), std::future_status::timeout);
  release.set_value();
  closed.wait();
  committer.join();
  EXPECT_EQ(order, (std::vector<std::string>{"waiter returned", "close returned"}));
}

}  // namespace
}  // namespace vireo::gateway
