// At most one pending delayed message from an actor to itself.
//
// In CAF 0.17 a timer wakes the system's clock thread when it is armed and
// again when it fires. An actor that must look again "some time after" each
// of many events (a written batch, a started job, a moment idle) arms one,
// and when it fires, decides and arms the next, instead of one per event.
//
// REQUIRES: used by its actor only; the actor calls fired() first when the
// message arrives.
#pragma once

#include <chrono>
#include <utility>

namespace vireo {

class pending_timer {
 public:
  /// Sends `message` to `self` after `delay`, unless a send is pending.
  template <class Self, class Rep, class Period, class... Ts>
  void arm(Self* self, std::chrono::duration<Rep, Period> delay, Ts&&... message) {
    if (armed_)
      return;
    armed_ = true;
    self->delayed_send(self, delay, std::forward<Ts>(message)...);
  }

  /// The pending message arrived: the next arm() sends again.
  void fired() { armed_ = false; }

 private:
  bool armed_ = false;
};

}  // namespace vireo
