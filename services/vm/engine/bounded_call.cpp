#include "services/vm/engine/bounded_call.hpp"

#include <algorithm>

namespace vireo::vm {
namespace {

using wabt::interp::DefinedFunc;
using wabt::interp::RunResult;
using wabt::interp::Thread;
using wabt::interp::Trap;
using wabt::interp::Values;
using wabt::interp::ValueTypes;

// Access to private members through an explicit instantiation, where the
// language does not check access ([temp.explicit]/12). Each tag names one member.
template <typename Tag, typename Tag::type Member>
struct expose {
  friend typename Tag::type member_of(Tag) { return Member; }
};

struct push_values_tag {
  using type = void (Thread::*)(const ValueTypes&, const Values&);
  friend type member_of(push_values_tag);
};
struct push_call_tag {
  using type = RunResult (Thread::*)(const DefinedFunc&, Trap::Ptr*);
  friend type member_of(push_call_tag);
};
struct pop_values_tag {
  using type = void (Thread::*)(const ValueTypes&, Values*);
  friend type member_of(pop_values_tag);
};

template struct expose<push_values_tag, &Thread::PushValues>;
template struct expose<push_call_tag, &Thread::PushCall>;
template struct expose<pop_values_tag, &Thread::PopValues>;

run_report trapped(run_report report, const Trap::Ptr& trap, const char* fallback) {
  report.end = run_end::trapped;
  report.trap_message = trap ? trap->message() : fallback;
  return report;
}

}  // namespace

run_report run_bounded(Thread& thread, const DefinedFunc& func,
                       const std::function<int64_t()>& steps_left,
                       const std::function<void(int64_t)>& consume) {
  run_report report;
  Trap::Ptr trap;
  (thread.*member_of(push_values_tag{}))(func.type().params, Values{});
  if ((thread.*member_of(push_call_tag{}))(func, &trap) == RunResult::Trap) {
    return trapped(report, trap, "call failed");
  }
  for (;;) {
    const int64_t left = steps_left();
    if (left <= 0) {
      report.end = run_end::out_of_steps;
      return report;
    }
    const int slice = static_cast<int>(std::min<int64_t>(left, run_slice_steps));
    const RunResult result = thread.Run(slice, &trap);
    consume(slice);
    report.steps += static_cast<uint64_t>(slice);
    switch (result) {
      case RunResult::Ok:
        continue;
      case RunResult::Return: {
        Values results;
        (thread.*member_of(pop_values_tag{}))(func.type().results, &results);
        report.end = run_end::returned;
        return report;
      }
      case RunResult::Trap:
        return trapped(report, trap, "trap");
      case RunResult::Exception:
        return trapped(report, Trap::Ptr{}, "uncaught exception");
    }
  }
}

}  // namespace vireo::vm
