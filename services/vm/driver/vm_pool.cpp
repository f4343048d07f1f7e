#include "services/vm/driver/vm_pool.hpp"

#include <csignal>

namespace vireo::vm {

namespace {

/// How late past its deadline a dialogue may be killed.
constexpr std::chrono::milliseconds watchdog_tick{1};
/// A pool without dialogues this long stops waking every tick.
constexpr std::chrono::milliseconds watchdog_idle_before_sleep{1000};

}  // namespace

vm_pool::vm_pool(vm_settings settings)
    : settings_(std::move(settings)), watchdog_(watchdog_tick, watchdog_idle_before_sleep) {
  // A child dying mid-write must surface as EPIPE on our side, not kill the process.
  std::signal(SIGPIPE, SIG_IGN);
  const std::string binary = locate_vm_binary(settings_.vm_binary);
  const size_t n = std::max<uint32_t>(1, settings_.pool_size);
  for (size_t i = 0; i < n; ++i) {
    clients_.push_back(std::make_unique<vm_client>(settings_, binary, watchdog_.add_slot()));
    free_.push_back(n - 1 - i);
  }
}

vm_pool::lease::~lease() {
  if (pool_ != nullptr) pool_->release(index_);
}

std::optional<vm_pool::lease> vm_pool::acquire(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (!freed_.wait_until(lock, deadline, [this] { return !free_.empty(); })) return std::nullopt;
  const size_t index = free_.back();
  free_.pop_back();
  return lease(*this, index);
}

void vm_pool::release(size_t index) {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    free_.push_back(index);
  }
  freed_.notify_one();
}

void vm_pool::warm_up() {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (auto& client : clients_) client->start(deadline);
}

}  // namespace vireo::vm
