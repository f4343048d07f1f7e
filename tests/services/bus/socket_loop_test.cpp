// The bus's socket loop with real ZeroMQ sockets: one thread serving both
// ends of an inproc:// link, as in a process holding the core and a worker.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/bus/socket_loop.hpp"

namespace vireo::bus {
namespace {

constexpr auto patience = std::chrono::seconds(10);

/// What a channel received, for the test thread to wait on.
class inbox {
 public:
  void add(std::string payload) {
    std::lock_guard<std::mutex> guard{mutex_};
    payloads_.push_back(std::move(payload));
    changed_.notify_all();
  }
  /// The payloads once there are `count`, or what came within the patience.
  std::vector<std::string> wait_for(size_t count) {
    std::unique_lock<std::mutex> lock{mutex_};
    changed_.wait_for(lock, patience, [&] { return payloads_.size() >= count; });
    return payloads_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<std::string> payloads_;
};

/// A ROUTER bound to `endpoint` and a DEALER ("worker-1") connected to it,
/// with room for `dealer_to_router` messages in the DEALER's pipe to the
/// ROUTER (each end holds that many). The other way has no limit: a ROUTER
/// drops what a full pipe cannot take (the dispatcher's deadline covers that).
struct linked_pair {
  zmq::socket_t router{process_context(), zmq::socket_type::router};
  zmq::socket_t dealer{process_context(), zmq::socket_type::dealer};

  linked_pair(const std::string& endpoint, int dealer_to_router) {
    for (auto* socket : {&router, &dealer})
      socket->set(zmq::sockopt::linger, 0);
    dealer.set(zmq::sockopt::sndhwm, dealer_to_router);
    router.set(zmq::sockopt::rcvhwm, dealer_to_router);
    router.set(zmq::sockopt::sndhwm, 0);
    dealer.set(zmq::sockopt::rcvhwm, 0);
    dealer.set(zmq::sockopt::routing_id, "worker-1");
    router.bind(endpoint);
    dealer.connect(endpoint);
  }
};

std::vector<std::string> numbers(size_t count) {
  std::vector<std::string> out;
  for (size_t i = 0; i < count; ++i)
    out.push_back(std::to_string(i));
  return out;
}

TEST(bus_loop, carries_frames_both_ways_between_its_own_sockets_past_a_full_pipe) {
  // 16 messages fill the pipe one way. Were the loop to wait for room there,
  // it would wait for itself: the reader of that pipe is the same thread.
  constexpr size_t count = 2000;
  linked_pair pair{"inproc://bus-loop-test-full-pipe", 8};
  socket_loop loop;
  inbox at_router, at_dealer;
  socket_loop::channel_id router = 0;
  router = loop.open(
      std::move(pair.router),
      [&](std::vector<zmq::message_t>& parts) {
        ASSERT_EQ(parts.size(), 2u);
        at_router.add(parts[1].to_string());
        loop.send(router, {parts[0].to_string(), "echo " + parts[1].to_string()});
      },
      [] {}, std::chrono::seconds(1));
  auto dealer = loop.open(
      std::move(pair.dealer),
      [&](std::vector<zmq::message_t>& parts) {
        ASSERT_EQ(parts.size(), 1u);
        at_dealer.add(parts[0].to_string());
      },
      [] {}, std::chrono::seconds(1));
  for (auto& number : numbers(count))
    loop.send(dealer, {number});

  EXPECT_EQ(at_router.wait_for(count), numbers(count));
  auto echoes = at_dealer.wait_for(count);
  ASSERT_EQ(echoes.size(), count);
  for (size_t i = 0; i < count; ++i)
    EXPECT_EQ(echoes[i], "echo " + std::to_string(i));
  loop.close(dealer);
  loop.close(router);
}

TEST(bus_loop, sends_what_was_queued_before_a_close_and_calls_nothing_after_it) {
  constexpr auto endpoint = "inproc://bus-loop-test-close";
  linked_pair pair{endpoint, 1000};
  socket_loop loop;
  inbox at_router;
  auto closed = std::make_shared<std::atomic<bool>>(false);
  auto router = loop.open(
      std::move(pair.router), [&](std::vector<zmq::message_t>& parts) { at_router.add(parts.back().to_string()); },
      [] {}, std::chrono::seconds(1));
  auto dealer = loop.open(
      std::move(pair.dealer), [closed](std::vector<zmq::message_t>&) { EXPECT_FALSE(*closed); },
      [closed] { EXPECT_FALSE(*closed); }, std::chrono::milliseconds(1));
  loop.send(dealer, {"hello"});
  loop.send(dealer, {"goodbye"});
  loop.close(dealer);
  *closed = true;
  loop.close(dealer);  // twice: harmless
  loop.send(dealer, {"after close"});
  loop.send(router, {"worker-1", "to the closed peer"});
  // The loop takes requests in order: once this arrives, the ones above
  // have been dealt with.
  zmq::socket_t another{process_context(), zmq::socket_type::dealer};
  another.set(zmq::sockopt::linger, 0);
  another.connect(endpoint);
  auto second = loop.open(std::move(another), [](std::vector<zmq::message_t>&) {}, [] {}, std::chrono::seconds(1));
  loop.send(second, {"last"});
  EXPECT_EQ(at_router.wait_for(3), (std::vector<std::string>{"hello", "goodbye", "last"}));
  loop.close(second);
  loop.close(router);
}

TEST(bus_loop, the_process_shares_one_loop_while_anyone_holds_it) {
  auto first = socket_loop::shared();
  auto second = socket_loop::shared();
  EXPECT_EQ(first, second);
  std::weak_ptr<socket_loop> held = first;
  first.reset();
  EXPECT_FALSE(held.expired());
  second.reset();
  EXPECT_TRUE(held.expired()) << "the last holder stops it";
}

}  // namespace
}  // namespace vireo::bus
