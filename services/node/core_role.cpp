#include "services/node/core_role.hpp"

#include <filesystem>
#include <thread>

#include "actors/block_producer/block_producer.hpp"
#include "actors/committer/committer.hpp"
#include "actors/dispatcher/dispatcher.hpp"
#include "actors/invoker/router.hpp"
#include "actors/journal/journal.hpp"
#include "actors/registry/registry.hpp"
#include "support/actor_system.hpp"
#include "support/cpu_scheduling.hpp"
#include "support/logging.hpp"

namespace vireo::node {

core_role::core_role(const node_config& config, committer::receipt_listener listener) {
  configure_scheduler(caf_config_, scheduler_threads(config));
  name_system_threads(caf_config_, "core");
  system_ = std::make_unique<caf::actor_system>(caf_config_);
  std::filesystem::create_directories(config.data_dir);
  store_ = ledger::ledger_store::open(config.data_dir,
                                      {config.ledger_max_wal_mb << 20, config.ledger_delete_mb_per_s << 20});
  // What the process runs under (vireod's main applied node.cpu_scheduling).
  if (current_cpu_scheduling() == "batch")
    ledger::ledger_store::run_background_work_when_idle();
  auto* store = store_.get();

  blocks_ = system_->spawn<caf::detached>(block_producer::block_producer, store, config.blocks_interval_ms,
                                          config.blocks_max_transactions);
  journal_ = system_->spawn<caf::detached>(
      journal::journal, store, blocks_,
      journal::journal_settings{config.journal_max_batch, std::chrono::microseconds(config.journal_sync_linger_us)});
  committer_ = system_->spawn<caf::detached>(committer::committer, store, blocks_, std::move(listener),
                                             config.committer_max_batch);
  // The bus endpoint needs the dispatcher and the dispatcher sends through
  // the endpoint: the dispatcher gets a sender that reaches the endpoint
  // once it is bound (nothing is sent before a worker says hello).
  auto endpoint = std::make_shared<bus::core_endpoint*>(nullptr);
  dispatcher_ = system_->spawn(dispatcher::dispatcher,
                               [endpoint](const std::string& worker, uint64_t id, const bus::execute& body) {
                                 (*endpoint)->send_execute(worker, id, body);
                               });
  auto dispatcher = dispatcher_;
  bus_ = std::make_unique<bus::core_endpoint>(
      config.worker_bus_endpoint, std::chrono::milliseconds(config.worker_heartbeat_ms), *store,
      bus::core_callbacks{
          [dispatcher](const std::string& worker, const bus::hello& hello) {
            caf::anon_send(dispatcher, dispatcher::worker_joined{worker, hello.credits});
          },
          [dispatcher](const std::string& worker) { caf::anon_send(dispatcher, dispatcher::worker_lost{worker}); },
          [dispatcher](const std::string& worker, uint64_t id, bus::result&& result) {
            caf::anon_send(dispatcher, dispatcher::worker_result{worker, id, std::move(result)});
          }});
  *endpoint = bus_.get();

  invoker::router_settings settings;
  settings.max_backlog = config.invoker_max_backlog;
  settings.max_pending_per_contract = config.invoker_max_pending_per_contract;
  settings.serial_idle_ms = config.invoker_serial_idle_ms;
  settings.serial_batch_max = config.invoker_serial_batch_max;
  settings.parallel_batch_max = config.invoker_parallel_batch_max;
  settings.default_exec_timeout_ms = config.invoker_exec_timeout_ms;
  settings.mvcc_max_retries = config.invoker_mvcc_max_retries;
  router_ = system_->spawn(invoker::router, static_cast<const ledger::ledger_store*>(store), journal_, committer_,
                           dispatcher_, settings);
  registry_ = system_->spawn<caf::detached>(registry::registry, store, router_, dispatcher_, committer_,
                                            config.invoker_exec_timeout_ms);
  logger("node")->info("core started data_dir={} bus={}", config.data_dir, config.worker_bus_endpoint);
}

uint64_t core_role::drain(std::chrono::milliseconds timeout) {
  caf::scoped_actor self{*system_};
  auto deadline = std::chrono::steady_clock::now() + timeout;
  uint64_t left = 0;
  while (true) {
    self->request(router_, std::chrono::seconds(5), invoker::backlog_atom::value)
        .receive([&](uint64_t backlog) { left = backlog; }, [&](caf::error&) { left = UINT64_MAX; });
    if (left == 0 || std::chrono::steady_clock::now() >= deadline)
      return left;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

core_role::~core_role() {
  for (auto handle : {caf::actor_cast<caf::actor>(registry_), caf::actor_cast<caf::actor>(router_),
                      caf::actor_cast<caf::actor>(dispatcher_), caf::actor_cast<caf::actor>(committer_),
                      caf::actor_cast<caf::actor>(journal_), caf::actor_cast<caf::actor>(blocks_)})
    caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
  system_->await_all_actors_done();
  bus_->stop();
  bus_.reset();
  store_.reset();
  logger("node")->info("core stopped, ledger closed");
}

}  // namespace vireo::node
