// The registry for real over a RocksDB ledger, with the real committer and
// dispatcher. Two parts are stand-ins, because the real ones need a whole
// node: the worker (the dispatcher's bus sender records the deploy step and
// the test answers it) and the router (an actor that records what the
// registry tells it).
#include "actors/registry/registry.hpp"

#include <mutex>
#include <thread>

#include <gtest/gtest.h>

#include "actors/committer/committer.hpp"
#include "actors/dispatcher/dispatcher.hpp"
#include "tests/actors/temp_ledger.hpp"

namespace vireo::registry::test {

/// What the stand-in router has been told, oldest first.
struct router_log {
  std::vector<invoker::contract_changed> changes;
};

}  // namespace vireo::registry::test

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::test::router_log)

namespace vireo::registry {
namespace {

using test::router_log;
using seen_atom = caf::atom_constant<caf::atom("seen")>;
constexpr auto answer_wait = std::chrono::seconds(10);

/// Records every contract_changed; `seen` answers with them.
caf::behavior recording_router(caf::stateful_actor<router_log>* self) {
  return {
      [=](invoker::contract_changed& change) { self->state.changes.push_back(std::move(change)); },
      [=](seen_atom) { return self->state; },
  };
}

class registry_test : public ::testing::Test {
 protected:
  registry_test() : self_(actors_.system()) {
    router_ = actors_.track(actors_.system().spawn(recording_router));
    dispatcher_ = actors_.track(actors_.system().spawn(
        dispatcher::dispatcher, [this](const std::string&, uint64_t correlation_id, const bus::execute& body) {
          std::lock_guard<std::mutex> guard{mutex_};
          deploy_steps_.emplace_back(correlation_id, body.invocation_id);
        }));
    caf::anon_send(dispatcher_, dispatcher::worker_joined{"w1", 4});
    auto committer = actors_.track(actors_.spawn_writer(&committer::committer, &actors_.store(), actors_.blocks(),
                                                        committer::receipt_listener{}, 64u));
    registry_ = actors_.track(actors_.spawn_writer(&registry, &actors_.store(),
                                                   caf::actor_cast<invoker::router_actor>(router_), dispatcher_,
                                                   committer, 10000u));
  }

  template <class Reply, class Message>
  Reply ask(Message message) {
    Reply out;
    self_->request(registry_, answer_wait, std::move(message))
        .receive([&](Reply& reply) { out = std::move(reply); },
                 [&](caf::error& e) { ADD_FAILURE() << actors_.system().render(e); });
    return out;
  }

  registry_reply deploy_wasm(const std::string& name) {
    nlohmann::json spec{{"name", name}, {"kind", "wasm"}, {"execution", "serial"}, {"triggers", {name}}};
    return ask<registry_reply>(deploy_contract{spec, false, std::string("\0asm\1\0\0\0", 8)});
  }

  /// Waits for the registry's deploy step to reach the worker and answers it.
  void answer_deploy_step(bool ok) {
    std::pair<uint64_t, std::string> step;
    for (auto deadline = std::chrono::steady_clock::now() + answer_wait;;) {
      {
        std::lock_guard<std::mutex> guard{mutex_};
        if (!deploy_steps_.empty()) {
          step = deploy_steps_.front();
          deploy_steps_.erase(deploy_steps_.begin());
          break;
        }
      }
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "no deploy step reached the worker";
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    bus::result result;
    result.invocation_id = step.second;
    result.ok = ok;
    result.output_json = "{}";
    result.error = ok ? "" : "module rejected";
    caf::anon_send(dispatcher_, dispatcher::worker_result{"w1", step.first, result});
  }

  /// Asks the registry for `name` until the entry is no longer pending (up to 10 s).
  registry_reply find_once_prepared(const std::string& name) {
    auto deadline = std::chrono::steady_clock::now() + answer_wait;
    auto found = ask<registry_reply>(find_contract{name});
    while (found.entry.state == ledger::contract_state::pending && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      found = ask<registry_reply>(find_contract{name});
    }
    return found;
  }

  std::vector<invoker::contract_changed> router_heard() {
    std::vector<invoker::contract_changed> out;
    self_->request(router_, answer_wait, seen_atom::value)
        .receive([&](router_log& seen) { out = std::move(seen.changes); },
                 [&](caf::error& e) { ADD_FAILURE() << actors_.system().render(e); });
    return out;
  }

  testing::actor_system_fixture actors_;
  caf::scoped_actor self_;
  caf::actor router_;
  dispatcher::dispatcher_actor dispatcher_;
  registry_actor registry_;
  std::mutex mutex_;
  std::vector<std::pair<uint64_t, std::string>> deploy_steps_;
};

TEST_F(registry_test, reports_a_prepared_contract_active_only_once_the_router_knows) {
  ASSERT_EQ(deploy_wasm("counter").entry.state, ledger::contract_state::pending);
  answer_deploy_step(true);
  auto found = find_once_prepared("counter");
  ASSERT_EQ(found.code, registry_code::ok);
  EXPECT_EQ(found.entry.state, ledger::contract_state::active);
  // The router's mailbox took the change before the registry answered, so
  // it has handled it by the time it answers this later question.
  auto heard = router_heard();
  ASSERT_FALSE(heard.empty());
  EXPECT_EQ(heard.back().entry.name, "counter");
  EXPECT_EQ(heard.back().entry.state, ledger::contract_state::active);
  EXPECT_EQ(actors_.store().get_contract("counter")->state, ledger::contract_state::active);
}

TEST_F(registry_test, a_failed_deploy_step_leaves_the_contract_in_error_with_the_reason) {
  deploy_wasm("broken");
  answer_deploy_step(false);
  auto found = find_once_prepared("broken");
  EXPECT_EQ(found.entry.state, ledger::contract_state::error);
  EXPECT_EQ(found.entry.error, "module rejected");
  auto heard = router_heard();
  ASSERT_FALSE(heard.empty());
  EXPECT_EQ(heard.back().entry.state, ledger::contract_state::error);
}

TEST_F(registry_test, finds_and_lists_only_what_it_holds) {
  deploy_wasm("zeta");
  deploy_wasm("alpha");
  auto missing = ask<registry_reply>(find_contract{"nobody"});
  EXPECT_EQ(missing.code, registry_code::not_found);
  EXPECT_EQ(missing.message, "no contract named 'nobody'");
  auto list = ask<contract_list>(list_contracts{});
  ASSERT_EQ(list.entries.size(), 2u);
  EXPECT_EQ(list.entries[0].name, "alpha");
  EXPECT_EQ(list.entries[1].name, "zeta");
  ask<registry_reply>(remove_contract{"zeta"});
  EXPECT_EQ(ask<registry_reply>(find_contract{"zeta"}).code, registry_code::not_found);
  EXPECT_EQ(ask<contract_list>(list_contracts{}).entries.size(), 1u);
}

}  // namespace
}  // namespace vireo::registry
