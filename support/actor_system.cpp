#include "support/actor_system.hpp"

#include <algorithm>
#include <thread>
#include <utility>

#include <caf/thread_hook.hpp>

#include "support/thread_name.hpp"

namespace vireo {

namespace {

class naming_hook : public caf::thread_hook {
 public:
  explicit naming_hook(std::string name) : name_(std::move(name)) {}
  void init(caf::actor_system&) override {}
  void thread_started() override { name_this_thread(name_); }
  void thread_terminates() override {}

 private:
  std::string name_;
};

}  // namespace

size_t scheduler_threads(const node_config& config) {
  if (config.node_scheduler_threads > 0)
    return config.node_scheduler_threads;
  auto has_system = [](const std::string& role) { return role == "core" || role == "worker"; };
  auto systems = static_cast<size_t>(std::count_if(config.roles.begin(), config.roles.end(), has_system));
  return std::max<size_t>(1, std::thread::hardware_concurrency() / std::max<size_t>(1, systems));
}

void configure_scheduler(caf::actor_system_config& config, size_t threads) {
  config.set("scheduler.max-threads", threads);
  config.set("work-stealing.moderate-poll-attempts", size_t{0});
}

void name_system_threads(caf::actor_system_config& config, const std::string& name) {
  config.add_thread_hook<naming_hook>(name);
}

void name_detached_thread(const caf::abstract_actor* self, const std::string& name) {
  if (self->getf(caf::abstract_actor::is_detached_flag))
    name_this_thread(name);
}

}  // namespace vireo
