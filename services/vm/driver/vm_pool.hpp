// A fixed set of vm_clients (one vireo-vm child each) shared by the wasm
// executors of a worker: each invocation leases one client for its dialogue, so
// up to pool_size WASM invocations run at once. Order between invocations is
// the caller's business (a serial contract calls execute() one at a time).
// Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "services/vm/driver/vm_client.hpp"
#include "services/vm/driver/vm_settings.hpp"

namespace vireo::vm {

class vm_pool {
 public:
  /// Locates the vireo-vm binary (throws std::runtime_error when it cannot).
  /// Children start on first use or with warm_up(). Sets SIGPIPE to ignored for
  /// the whole process, so that a child dying mid-write is an EPIPE error.
  explicit vm_pool(vm_settings settings);

  /// A client held for one dialogue; returned to the pool on destruction.
  class lease {
   public:
    lease(vm_pool& pool, size_t index) : pool_(&pool), index_(index) {}
    lease(lease&& other) noexcept : pool_(std::exchange(other.pool_, nullptr)), index_(other.index_) {}
    lease& operator=(lease&&) = delete;
    ~lease();
    vm_client& client() const { return *pool_->clients_[index_]; }

   private:
    vm_pool* pool_;
    size_t index_;
  };

  /// Waits for a free client until `deadline`; nullopt when none freed up.
  std::optional<lease> acquire(std::chrono::steady_clock::time_point deadline);

  /// Starts every child now. Throws when one cannot start.
  /// REQUIRES: no invocation is running on the pool yet.
  void warm_up();

  /// Changes every child's log level (applied from each one's next dialogue).
  void set_log_level(uint32_t level) {
    for (auto& client : clients_) client->set_log_level(level);
  }

  const vm_settings& settings() const { return settings_; }
  size_t size() const { return clients_.size(); }
  /// For tests: client `i` (not leased).
  vm_client& client(size_t i) { return *clients_[i]; }

 private:
  void release(size_t index);

  vm_settings settings_;
  dialogue_watchdog watchdog_;  // before clients_: their slots outlive them
  std::vector<std::unique_ptr<vm_client>> clients_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<size_t> free_;  // indexes of idle clients, most recently used last
};

}  // namespace vireo::vm
