// Enforces the wall deadline of VM dialogues whose reads block. The driver
// reads a child's frames with blocking reads, as a raw pipe round trip does: a
// poll before each response cost 0.8 us of a 8.7 us counter call on one CPU.
// The deadline is kept by this watchdog instead: one thread per pool that,
// every tick while any dialogue runs, SIGKILLs the child of each dialogue past
// its deadline. The blocked read then sees the pipe close, and the client
// reports a timeout because disarm() says the watchdog fired.
//
// Arming and disarming are two atomic operations on the dialogue's path. The
// thread sleeps after a while without dialogues (a second in the pool); arming
// wakes it.
// Thread-safe: each slot is armed and disarmed by one thread at a time.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>

namespace vireo::vm {

class dialogue_watchdog {
 public:
  using clock = std::chrono::steady_clock;

  /// One client's dialogue, as the watchdog sees it.
  class slot {
   public:
    explicit slot(dialogue_watchdog& owner) : owner_(owner) {}

    /// Until disarm(): `pid` is killed once `deadline` passes.
    /// REQUIRES: disarmed, and `pid` stays unreaped until disarm() returns.
    void arm(pid_t pid, clock::time_point deadline);

    /// Ends the watch. True when the watchdog fired: it has sent SIGKILL to
    /// the child by the time this returns (reaping it is the caller's).
    bool disarm();

   private:
    friend class dialogue_watchdog;
    static constexpr int64_t idle = 0;
    static constexpr int64_t killing = -1;  // claimed by the watchdog, signal on its way
    static constexpr int64_t killed = -2;

    /// Kills the child when the dialogue is past its deadline; returns whether one is armed.
    bool check(int64_t now_ns);

    dialogue_watchdog& owner_;
    std::atomic<int64_t> deadline_ns_{idle};  // or killing / killed
    std::atomic<pid_t> pid_{0};
  };

  /// `tick`: how often armed deadlines are checked, so how late a kill can be.
  /// `idle_before_sleep`: how long without an armed slot before the thread sleeps.
  dialogue_watchdog(std::chrono::milliseconds tick, std::chrono::milliseconds idle_before_sleep);
  ~dialogue_watchdog();
  dialogue_watchdog(const dialogue_watchdog&) = delete;
  dialogue_watchdog& operator=(const dialogue_watchdog&) = delete;

  /// A new slot, valid as long as the watchdog.
  slot& add_slot();

  /// Dialogues the watchdog killed so far.
  uint64_t kills() const { return kills_.load(); }
  /// True while the thread sleeps until the next arm().
  bool asleep() const { return asleep_.load(); }

 private:
  void run();
  /// Called by arm(): wakes the thread if it sleeps.
  void armed();

  const std::chrono::milliseconds tick_;
  const int64_t idle_ticks_before_sleep_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<slot> slots_;  // guarded by mutex_; a deque: slots never move once handed out
  std::atomic<bool> asleep_{false};
  bool wake_requested_ = false;  // guarded by mutex_
  bool stopping_ = false;        // guarded by mutex_
  std::atomic<uint64_t> kills_{0};
  std::thread thread_;
};

}  // namespace vireo::vm
