// The dialogue watchdog against real child processes: a dialogue past its
// deadline has its child SIGKILLed and disarm() says so; one disarmed in time
// leaves its child alone; a watchdog asleep after idling wakes for the next
// dialogue. Waits are for events (the child's exit, the thread falling
// asleep), each bounded by a generous limit; no duration is asserted.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "services/vm/driver/dialogue_watchdog.hpp"

namespace vireo::vm {
namespace {

using namespace std::chrono_literals;
using clock = std::chrono::steady_clock;

/// A child that waits for a signal; killed and reaped by the destructor.
class sleeping_child {
 public:
  sleeping_child() : pid_(::fork()) {
    if (pid_ == 0) {
      for (;;) ::pause();
    }
  }
  ~sleeping_child() {
    ::kill(pid_, SIGKILL);
    reap();
  }
  pid_t pid() const { return pid_; }

  /// Waits until the child exits, without reaping it (the watchdog's pid stays valid).
  bool exited_within(std::chrono::seconds limit) {
    const auto until = clock::now() + limit;
    while (clock::now() < until) {
      siginfo_t info{};
      const int r = ::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT);
      if (r == 0 && info.si_pid == pid_) return true;
      std::this_thread::sleep_for(1ms);
    }
    return false;
  }

  /// Reaps the child; its wait status.
  int reap() {
    if (reaped_) return status_;
    ::waitpid(pid_, &status_, 0);
    reaped_ = true;
    return status_;
  }

 private:
  pid_t pid_;
  int status_ = 0;
  bool reaped_ = false;
};

TEST(dialogue_watchdog, a_dialogue_past_its_deadline_is_killed_and_disarm_says_so) {
  dialogue_watchdog watchdog(1ms, 1000ms);
  auto& slot = watchdog.add_slot();
  sleeping_child child;
  slot.arm(child.pid(), clock::now() + 20ms);
  ASSERT_TRUE(child.exited_within(10s));
  EXPECT_TRUE(slot.disarm());
  const int status = child.reap();
  ASSERT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_EQ(watchdog.kills(), 1u);
}

TEST(dialogue_watchdog, a_dialogue_disarmed_in_time_leaves_its_child_alone) {
  dialogue_watchdog watchdog(1ms, 1000ms);
  auto& slot = watchdog.add_slot();
  sleeping_child child;
  for (int dialogue = 0; dialogue < 1000; ++dialogue) {
    slot.arm(child.pid(), clock::now() + 1h);
    EXPECT_FALSE(slot.disarm());
  }
  EXPECT_FALSE(slot.disarm()) << "disarming an idle slot is a no-op";
  EXPECT_EQ(::kill(child.pid(), 0), 0) << "still running";
  EXPECT_EQ(watchdog.kills(), 0u);
}

TEST(dialogue_watchdog, each_slot_is_judged_by_its_own_deadline) {
  dialogue_watchdog watchdog(1ms, 1000ms);
  auto& late = watchdog.add_slot();
  auto& early = watchdog.add_slot();
  sleeping_child late_child, early_child;
  late.arm(late_child.pid(), clock::now() + 1h);
  early.arm(early_child.pid(), clock::now());
  ASSERT_TRUE(early_child.exited_within(10s));
  EXPECT_TRUE(early.disarm());
  EXPECT_FALSE(late.disarm());
  EXPECT_EQ(::kill(late_child.pid(), 0), 0);
}

TEST(dialogue_watchdog, an_asleep_watchdog_wakes_for_the_next_dialogue) {
  dialogue_watchdog watchdog(1ms, 5ms);
  auto& slot = watchdog.add_slot();
  const auto until = clock::now() + 10s;
  while (!watchdog.asleep() && clock::now() < until) std::this_thread::sleep_for(1ms);
  ASSERT_TRUE(watchdog.asleep());
  sleeping_child child;
  slot.arm(child.pid(), clock::now() + 10ms);
  ASSERT_TRUE(child.exited_within(10s));
  EXPECT_TRUE(slot.disarm());
  EXPECT_EQ(watchdog.kills(), 1u);
}

}  // namespace
}  // namespace vireo::vm
