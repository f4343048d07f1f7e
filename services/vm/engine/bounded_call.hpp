// Runs one exported function under a step budget with WABT's bounded
// Thread::Run(n). WABT 1.0.32 only exposes unbounded Func::Call, so this file
// reaches the three Thread members Func::Call itself uses (PushValues, PushCall,
// PopValues); see bounded_call.cpp.
#pragma once

#include <wabt/interp/interp.h>

#include <cstdint>
#include <functional>
#include <string>

namespace vireo::vm {

enum class run_end {
  returned,      ///< the function returned; results were popped
  trapped,       ///< a trap (unreachable, bounds, host error, stack exhaustion)
  out_of_steps,  ///< the budget ran out before the function returned
};

struct run_report {
  run_end end = run_end::trapped;
  std::string trap_message;
  uint64_t steps = 0;  ///< steps granted to the interpreter (whole slices)
};

/// Steps the interpreter runs between budget checks.
constexpr int run_slice_steps = 1000;

/// Runs `func` (no parameters) on `thread`. `budget` is asked before each slice
/// for the steps left (host calls may lower it in between) and told how many
/// steps each slice was granted.
/// After any end but `returned` the thread holds stale frames: drop it.
run_report run_bounded(wabt::interp::Thread& thread, const wabt::interp::DefinedFunc& func,
                       const std::function<int64_t()>& steps_left,
                       const std::function<void(int64_t)>& consume);

}  // namespace vireo::vm
