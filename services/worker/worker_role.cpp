#include "services/worker/worker_role.hpp"

#include <unistd.h>

#include "services/worker/http_executor.hpp"
#include "services/worker/system_executor.hpp"
#include "support/actor_system.hpp"
#include "support/ids.hpp"

namespace vireo::worker {

executor_factories builtin_executors(const node_config&) {
  return {
      {"http", [](bus::worker_endpoint&) { return std::make_unique<http_executor>(); }},
      {"system", [](bus::worker_endpoint&) { return std::make_unique<system_executor>(); }},
  };
}

worker_role::worker_role(const node_config& config, executor_factories factories)
    : factories_(std::move(factories)) {
  configure_scheduler(caf_config_, scheduler_threads(config));
  name_system_threads(caf_config_, "worker");
  system_ = std::make_unique<caf::actor_system>(caf_config_);
  char host[256] = "worker";
  gethostname(host, sizeof(host) - 1);
  auto worker_id = std::string(host) + "-" + std::to_string(getpid()) + "-" + new_transaction_id().substr(20);
  // The endpoint hands executes to the pool, which exists only after the
  // executors (they need the endpoint); the core sends nothing before announce().
  auto pool_handle = std::make_shared<executor_pool_actor>();
  bus_ = std::make_unique<bus::worker_endpoint>(
      config.worker_bus_endpoint, worker_id, config.worker_executors,
      std::chrono::milliseconds(config.worker_heartbeat_ms),
      [pool_handle](uint64_t correlation_id, bus::execute&& body) {
        caf::anon_send(*pool_handle, incoming_execute{correlation_id, std::move(body)});
      });
  for (uint32_t i = 0; i < config.worker_executors; ++i)
    executors_.push_back(system_->spawn<caf::detached>(executor_actor_impl, bus_.get(), &factories_));
  pool_ = system_->spawn(executor_pool, executors_, std::chrono::milliseconds(config.worker_batch_help_after_ms));
  *pool_handle = pool_;
  bus_->announce();
}

worker_role::~worker_role() {
  bus_->stop();
  caf::anon_send_exit(pool_, caf::exit_reason::user_shutdown);
  for (auto& executor : executors_)
    caf::anon_send_exit(executor, caf::exit_reason::user_shutdown);
  system_->await_all_actors_done();
}

}  // namespace vireo::worker
