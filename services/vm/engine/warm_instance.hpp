// An instance of a cached module kept across calls and put back, before each
// reuse, into the state Instance::Instantiate left it in: memory zeroed
// (memory_scrub.hpp: only the blocks that are not zero) with the data segments
// written, globals at their initial values, tables as the
// element segments filled them. A call thus sees what a fresh instance would
// show it, without the per-call allocations, module walk and store collection
// of instantiating.
//
// What WABT cannot undo makes an instance unrestorable: a grown memory or
// table (neither shrinks), a dropped passive segment (data.drop, elem.drop).
// A module with passive segments is never reused; an instance that grew is
// dropped and the module is instantiated per call from then on.
// REQUIRES: used by one thread (the VM's interpreter thread).
#pragma once

#include <wabt/interp/interp.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vireo::vm {

class warm_instance {
 public:
  /// Instantiates `module`; nullptr with `out_trap` set when that fails.
  /// `reusable`: snapshot the state so that restore() can bring it back.
  static std::unique_ptr<warm_instance> create(wabt::interp::Store& store, wabt::interp::Module& module,
                                               const wabt::interp::RefVec& imports, bool reusable,
                                               wabt::interp::Trap::Ptr* out_trap);

  /// True when no segment of `desc` is passive (see the header comment).
  static bool reusable(const wabt::interp::ModuleDesc& desc);

  wabt::interp::Instance& instance() { return *instance_; }

  /// Readies the instance for a call: the first time as instantiated, after
  /// that restored. False when it cannot be (not reusable, or its memory or a
  /// table grew): the caller instantiates a fresh one.
  bool ready_for_call();

 private:
  /// Non-zero bytes of a memory, from offset on; the rest of it is zero.
  struct memory_run {
    uint64_t offset = 0;
    std::string bytes;
  };
  struct memory_snapshot {
    wabt::interp::Memory* memory = nullptr;
    uint64_t pages = 0;
    std::vector<memory_run> runs;
    std::vector<bool> run_blocks;  // per scrub block: a run touches it
  };
  struct global_snapshot {
    wabt::interp::Global* global = nullptr;
    wabt::interp::Value value;
  };
  struct table_snapshot {
    wabt::interp::Table* table = nullptr;
    wabt::interp::RefVec elements;
  };

  warm_instance(wabt::interp::Store& store, wabt::interp::Instance::Ptr instance);
  void snapshot();
  bool restorable() const;
  void restore();

  wabt::interp::Store& store_;
  wabt::interp::Instance::Ptr instance_;
  bool reusable_ = false;
  bool used_ = false;  // a call ran since the instantiation or the last restore
  std::vector<memory_snapshot> memories_;
  std::vector<global_snapshot> globals_;
  std::vector<table_snapshot> tables_;
};

}  // namespace vireo::vm
