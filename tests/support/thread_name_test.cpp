// Thread names as a node gives them: a system's own threads take the system's
// name, and a detached actor that names its thread in its body keeps that
// name for every message it handles (so CAF runs the body on the actor's own
// thread, after the system's hook); an actor on the scheduler leaves the
// shared threads as they are.
#include <future>
#include <string>
#include <thread>

#include <caf/all.hpp>
#include <gtest/gtest.h>

#include "support/actor_system.hpp"
#include "support/thread_name.hpp"

namespace vireo {
namespace {

using name_atom = caf::atom_constant<caf::atom("name")>;

/// Answers name_atom with the name of the thread it runs on.
caf::behavior name_reporter(caf::event_based_actor*) {
  return {[](name_atom) { return this_thread_name(); }};
}

/// Names its thread `name` in its body if detached, then reports like
/// name_reporter.
caf::behavior self_naming_reporter(caf::event_based_actor* self, std::string name) {
  name_detached_thread(self, name);
  return {[](name_atom) { return this_thread_name(); }};
}

std::string ask_thread_name(caf::actor_system& system, const caf::actor& reporter) {
  caf::scoped_actor self{system};
  std::string name;
  self->request(reporter, std::chrono::seconds(5), name_atom::value)
      .receive([&](std::string& reported) { name = std::move(reported); },
               [&](caf::error& e) { ADD_FAILURE() << system.render(e); });
  return name;
}

TEST(thread_name, a_named_thread_runs_under_its_name_and_keeps_fifteen_bytes) {
  std::promise<std::string> given_name;
  std::promise<std::string> long_name;
  named_thread("core-journal", [&] {
    given_name.set_value(this_thread_name());
    name_this_thread("a-name-longer-than-fifteen");
    long_name.set_value(this_thread_name());
  }).join();
  EXPECT_EQ(given_name.get_future().get(), "core-journal");
  EXPECT_EQ(long_name.get_future().get(), "a-name-longer-t");
}

TEST(thread_name, a_systems_threads_take_its_name_and_only_a_detached_actor_renames_its_own) {
  caf::actor_system_config config;
  configure_scheduler(config, 1);
  name_system_threads(config, "test-system");
  caf::actor_system system{config};

  EXPECT_EQ(ask_thread_name(system, system.spawn(name_reporter)), "test-system");
  EXPECT_EQ(ask_thread_name(system, system.spawn<caf::detached>(name_reporter)), "test-system");
  auto named = system.spawn<caf::detached>(self_naming_reporter, std::string("test-own"));
  EXPECT_EQ(ask_thread_name(system, named), "test-own");
  EXPECT_EQ(ask_thread_name(system, named), "test-own");
  auto scheduled = system.spawn(self_naming_reporter, std::string("test-not-mine"));
  EXPECT_EQ(ask_thread_name(system, scheduled), "test-system");
}

}  // namespace
}  // namespace vireo
