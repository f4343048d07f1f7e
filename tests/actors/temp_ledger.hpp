// Shared fixtures of the actor tests: a real RocksDB ledger in a fresh
// temporary directory (removed at the end), and a CAF actor system that runs
// the ledger's writers for real (threads, fsync) or step by step.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include <caf/all.hpp>
#include <caf/scheduler/test_coordinator.hpp>
#include <gtest/gtest.h>

#include "actors/block_producer/block_producer.hpp"
#include "actors/ledger/ledger_store.hpp"

namespace vireo::testing {

/// A ledger_store on a fresh temporary directory; reopen() closes and opens
/// it again on the same directory, the destructor removes the directory.
class temp_ledger {
 public:
  temp_ledger() {
    auto pattern = (std::filesystem::temp_directory_path() / "vireo-ledger-XXXXXX").string();
    if (!mkdtemp(pattern.data()))
      throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
    store_ = ledger::ledger_store::open(dir_);
  }
  ~temp_ledger() {
    store_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  temp_ledger(const temp_ledger&) = delete;
  temp_ledger& operator=(const temp_ledger&) = delete;

  ledger::ledger_store& store() { return *store_; }
  const std::string& dir() const { return dir_; }
  void close() { store_.reset(); }
  void reopen() {
    store_.reset();
    store_ = ledger::ledger_store::open(dir_);
  }

  /// Writes `b` with fsync.
  void write(rocksdb::WriteBatch& b) { store_->write(b, true); }

 private:
  std::string dir_;
  std::unique_ptr<ledger::ledger_store> store_;
};

/// How an actor_system_fixture schedules its actors.
enum class scheduling {
  threaded,  ///< CAF's real scheduler; writers spawned detached as in the node
  stepped,   ///< caf::scheduler::test_coordinator: nothing runs until run()
};

/// A temp ledger, an actor system over it and a block producer, as the core
/// role wires them. Actors are stopped before the ledger closes.
class actor_system_fixture {
 public:
  explicit actor_system_fixture(scheduling mode = scheduling::threaded) : mode_(mode) { start(); }
  ~actor_system_fixture() { stop(); }

  /// Stops every actor, closes and reopens the ledger, starts a new system
  /// (as a node restart does); actors spawned before are gone.
  /// REQUIRES: as stop().
  void restart() {
    stop();
    ledger_.reopen();
    start();
  }

  /// Spawns `fun(self, args...)` detached (threaded) or on the test
  /// coordinator (stepped).
  template <class Fun, class... Ts>
  auto spawn_writer(Fun fun, Ts&&... xs) {
    if (mode_ == scheduling::threaded)
      return system_->spawn<caf::detached>(fun, std::forward<Ts>(xs)...);
    return system_->spawn(fun, std::forward<Ts>(xs)...);
  }

  /// Stepped mode: runs every actor until no message is left.
  void run() {
    if (mode_ == scheduling::stepped)
      dynamic_cast<caf::scheduler::test_coordinator&>(system_->scheduler()).run();
  }

  /// Stops every actor and waits for them.
  /// REQUIRES: the caller holds no handle to a detached actor of this system.
  void stop() {
    if (!system_)
      return;
    for (auto& handle : actors_)
      caf::anon_send_exit(handle, caf::exit_reason::user_shutdown);
    caf::anon_send_exit(blocks_, caf::exit_reason::user_shutdown);
    run();
    if (mode_ == scheduling::threaded)
      system_->await_all_actors_done();
    // A detached actor's thread ends only once no handle refers to it.
    actors_.clear();
    blocks_ = nullptr;
    system_.reset();
  }

  /// Remembers `handle` so stop() ends it.
  template <class Handle>
  Handle track(Handle handle) {
    actors_.push_back(caf::actor_cast<caf::actor>(handle));
    return handle;
  }

  caf::actor_system& system() { return *system_; }
  scheduling mode() const { return mode_; }
  ledger::ledger_store& store() { return ledger_.store(); }
  temp_ledger& ledger() { return ledger_; }
  block_producer::block_producer_actor blocks() const { return blocks_; }

 private:
  void start() {
    config_ = std::make_unique<caf::actor_system_config>();
    if (mode_ == scheduling::stepped)
      config_->set("scheduler.policy", caf::atom("testing"));
    config_->set("scheduler.max-threads", 2);
    system_ = std::make_unique<caf::actor_system>(*config_);
    // Blocks only every minute: the tests look at receipts, not blocks.
    blocks_ = spawn_writer(block_producer::block_producer, &ledger_.store(), 60000u, 1000000u);
  }

  scheduling mode_;
  temp_ledger ledger_;  // declared first: outlives the actor system
  std::unique_ptr<caf::actor_system_config> config_;
  std::unique_ptr<caf::actor_system> system_;
  block_producer::block_producer_actor blocks_;
  std::vector<caf::actor> actors_;
};

}  // namespace vireo::testing
