// Pins the CAF 0.17 behaviour behind the rule in support/actor_system.hpp: a
// message from another actor system wakes an idle receiver on the sender's
// scheduler threads, a message from the receiver's own system on its own.
// If a CAF upgrade changes this, the rule (and this test) can go.
#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "support/actor_system.hpp"

namespace vireo {
namespace {

/// Thread ids of one actor system, collected through CAF's thread hook.
struct thread_registry {
  std::mutex mutex;
  std::set<std::thread::id> ids;
};

class recording_hook : public caf::thread_hook {
 public:
  explicit recording_hook(thread_registry* threads) : threads_(threads) {}
  void init(caf::actor_system&) override {}
  void thread_started() override {
    std::lock_guard<std::mutex> guard{threads_->mutex};
    threads_->ids.insert(std::this_thread::get_id());
  }
  void thread_terminates() override {}

 private:
  thread_registry* threads_;
};

/// Answers any integer with the thread it ran on.
caf::behavior thread_reporter(caf::event_based_actor*) {
  return {[](int) { return std::hash<std::thread::id>{}(std::this_thread::get_id()); }};
}

struct hooked_system {
  hooked_system() {
    configure_scheduler(config, 2);
    config.add_thread_hook<recording_hook>(&threads);
  }
  thread_registry threads;
  caf::actor_system_config config;
};

/// The thread `receiver` ran on when a scoped actor of `sender` asked it.
size_t thread_of_reply(caf::actor_system& sender, const caf::actor& receiver) {
  caf::scoped_actor self{sender};
  size_t thread_hash = 0;
  self->request(receiver, std::chrono::seconds(5), 1)
      .receive([&](size_t hash) { thread_hash = hash; },
               [&](caf::error& e) { ADD_FAILURE() << sender.render(e); });
  return thread_hash;
}

/// Waits until `actor` is idle: its mailbox blocked, so the next message
/// schedules it afresh. Right after answering it may still be finishing its
/// run on the thread that ran it, and then takes the next message there.
void wait_until_idle(const caf::actor& actor) {
  auto* scheduled = dynamic_cast<caf::scheduled_actor*>(caf::actor_cast<caf::abstract_actor*>(actor));
  ASSERT_NE(scheduled, nullptr);
  for (int i = 0; i < 5000 && !scheduled->mailbox().blocked(); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(scheduled->mailbox().blocked()) << "the receiver never went idle";
}

bool ran_on(thread_registry& threads, size_t thread_hash) {
  std::lock_guard<std::mutex> guard{threads.mutex};
  for (auto id : threads.ids)
    if (std::hash<std::thread::id>{}(id) == thread_hash)
      return true;
  return false;
}

TEST(actor_system, a_message_from_another_system_runs_the_receiver_on_the_senders_threads) {
  hooked_system core_setup, client_setup;
  caf::actor_system core{core_setup.config};
  caf::actor_system client{client_setup.config};
  auto reporter = core.spawn(thread_reporter);

  auto from_own_system = thread_of_reply(core, reporter);
  EXPECT_TRUE(ran_on(core_setup.threads, from_own_system));
  EXPECT_FALSE(ran_on(client_setup.threads, from_own_system));

  wait_until_idle(reporter);
  auto from_other_system = thread_of_reply(client, reporter);
  EXPECT_TRUE(ran_on(client_setup.threads, from_other_system));
  EXPECT_FALSE(ran_on(core_setup.threads, from_other_system));

  caf::anon_send_exit(reporter, caf::exit_reason::user_shutdown);
}

node_config with_roles(std::vector<std::string> roles, uint32_t configured_threads) {
  node_config config;
  config.roles = std::move(roles);
  config.node_scheduler_threads = configured_threads;
  return config;
}

TEST(actor_system, scheduler_threads_share_the_hardware_among_the_processs_systems) {
  size_t hardware = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(scheduler_threads(with_roles({"core", "worker", "gateway"}, 0)), std::max<size_t>(1, hardware / 2));
  EXPECT_EQ(scheduler_threads(with_roles({"core", "gateway"}, 0)), hardware) << "the gateway has no system of its own";
  EXPECT_EQ(scheduler_threads(with_roles({"worker"}, 0)), hardware);
  EXPECT_EQ(scheduler_threads(with_roles({"core", "worker"}, 3)), 3u) << "a configured count wins";
}

TEST(actor_system, a_system_runs_the_configured_number_of_scheduler_threads) {
  caf::actor_system_config config;
  configure_scheduler(config, scheduler_threads(with_roles({"core", "worker"}, 3)));
  caf::actor_system system{config};
  EXPECT_EQ(system.scheduler().num_workers(), 3u);
}

}  // namespace
}  // namespace vireo
