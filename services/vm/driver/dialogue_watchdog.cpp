#include "services/vm/driver/dialogue_watchdog.hpp"

#include <signal.h>

#include <algorithm>

#include "support/thread_name.hpp"

namespace vireo::vm {
namespace {

int64_t to_ns(dialogue_watchdog::clock::time_point t) {
  const int64_t ns = std::chrono::duration_cast<std::chrono::nanoseconds>(t.time_since_epoch()).count();
  return std::max<int64_t>(ns, 1);  // > 0: an armed deadline, whatever the clock's epoch
}

}  // namespace

void dialogue_watchdog::slot::arm(pid_t pid, clock::time_point deadline) {
  pid_.store(pid);
  deadline_ns_.store(to_ns(deadline));
  owner_.armed();
}

bool dialogue_watchdog::slot::disarm() {
  int64_t deadline = deadline_ns_.load();
  if (deadline == idle) return false;
  if (deadline > 0 && deadline_ns_.compare_exchange_strong(deadline, idle)) return false;
  // The watchdog claimed this dialogue: the signal is a syscall away.
  while (deadline_ns_.load() != killed) std::this_thread::yield();
  deadline_ns_.store(idle);
  return true;
}

bool dialogue_watchdog::slot::check(int64_t now_ns) {
  int64_t deadline = deadline_ns_.load();
  if (deadline <= 0) return false;
  if (now_ns < deadline) return true;
  // Claimed only if the dialogue has not disarmed meanwhile: the pid is then
  // still the dialogue's child, unreaped, since disarm() waits for `killed`.
  if (!deadline_ns_.compare_exchange_strong(deadline, killing)) return false;
  ::kill(pid_.load(), SIGKILL);
  ++owner_.kills_;
  deadline_ns_.store(killed);
  return false;
}

dialogue_watchdog::dialogue_watchdog(std::chrono::milliseconds tick,
                                     std::chrono::milliseconds idle_before_sleep)
    : tick_(std::max(tick, std::chrono::milliseconds(1))),
      idle_ticks_before_sleep_(std::max<int64_t>(1, idle_before_sleep / tick_)),
      thread_(named_thread("vm-watchdog", [this] { run(); })) {}

dialogue_watchdog::~dialogue_watchdog() {
  {
    std::lock_guard<std::mutex> guard(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

dialogue_watchdog::slot& dialogue_watchdog::add_slot() {
  std::lock_guard<std::mutex> guard(mutex_);
  return slots_.emplace_back(*this);
}

void dialogue_watchdog::armed() {
  // Sequentially consistent with run(): either this load sees the thread
  // asleep, or the thread's re-check after setting asleep_ sees the deadline.
  if (!asleep_.load()) return;
  {
    std::lock_guard<std::mutex> guard(mutex_);
    wake_requested_ = true;
  }
  wake_.notify_one();
}

void dialogue_watchdog::run() {
  std::unique_lock<std::mutex> lock(mutex_);
  int64_t idle_ticks = 0;
  while (!stopping_) {
    const int64_t now = to_ns(clock::now());
    bool any_armed = false;
    for (slot& s : slots_) any_armed |= s.check(now);
    idle_ticks = any_armed ? 0 : idle_ticks + 1;
    if (idle_ticks < idle_ticks_before_sleep_) {
      wake_.wait_for(lock, tick_, [this] { return stopping_; });
      continue;
    }
    asleep_.store(true);
    const bool armed_meanwhile =
        std::any_of(slots_.begin(), slots_.end(), [](const slot& s) { return s.deadline_ns_.load() > 0; });
    if (!armed_meanwhile) wake_.wait(lock, [this] { return wake_requested_ || stopping_; });
    wake_requested_ = false;
    asleep_.store(false);
    idle_ticks = 0;
  }
}

}  // namespace vireo::vm
