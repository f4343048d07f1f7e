#include "services/vm/engine/warm_instance.hpp"

#include <algorithm>
#include <cstring>

#include "services/vm/engine/memory_scrub.hpp"

namespace vireo::vm {

using namespace wabt::interp;

namespace {

/// Zero bytes a memory run may span before it is split in two: fewer, longer
/// copies beat many short ones.
constexpr uint64_t run_gap_bytes = 64;

}  // namespace

std::unique_ptr<warm_instance> warm_instance::create(Store& store, Module& module, const RefVec& imports,
                                                     bool reusable, Trap::Ptr* out_trap) {
  Instance::Ptr instance = Instance::Instantiate(store, module.self(), imports, out_trap);
  if (!instance) return nullptr;
  std::unique_ptr<warm_instance> warm(new warm_instance(store, std::move(instance)));
  warm->reusable_ = reusable;
  if (reusable) warm->snapshot();
  return warm;
}

bool warm_instance::reusable(const ModuleDesc& desc) {
  const auto passive = [](const auto& segment) { return segment.mode == wabt::SegmentKind::Passive; };
  return std::none_of(desc.datas.begin(), desc.datas.end(), passive) &&
         std::none_of(desc.elems.begin(), desc.elems.end(), passive);
}

warm_instance::warm_instance(Store& store, Instance::Ptr instance)
    : store_(store), instance_(std::move(instance)) {}

void warm_instance::snapshot() {
  for (const Ref ref : instance_->memories()) {
    memory_snapshot snap;
    snap.memory = store_.UnsafeGet<Memory>(ref).get();
    snap.pages = snap.memory->PageSize();
    const uint8_t* data = snap.memory->UnsafeData();
    const uint64_t size = snap.memory->ByteSize();
    for (uint64_t at = 0; at < size;) {
      if (data[at] == 0) {
        ++at;
        continue;
      }
      uint64_t end = at + 1;  // one past the run's last non-zero byte
      for (uint64_t probe = end; probe < size && probe - end < run_gap_bytes; ++probe) {
        if (data[probe] != 0) end = probe + 1;
      }
      snap.runs.push_back(memory_run{at, std::string(reinterpret_cast<const char*>(data + at), end - at)});
      at = end;
    }
    snap.run_blocks.assign(size / scrub_block_bytes, false);
    for (const memory_run& run : snap.runs) {
      const uint64_t last = run.offset + run.bytes.size() - 1;
      for (uint64_t b = run.offset / scrub_block_bytes; b <= last / scrub_block_bytes; ++b) snap.run_blocks[b] = true;
    }
    memories_.push_back(std::move(snap));
  }
  for (const Ref ref : instance_->globals()) {
    Global* global = store_.UnsafeGet<Global>(ref).get();
    if (global->type().mut == Mutability::Var) globals_.push_back(global_snapshot{global, global->Get()});
  }
  for (const Ref ref : instance_->tables()) {
    Table* table = store_.UnsafeGet<Table>(ref).get();
    tables_.push_back(table_snapshot{table, table->elements()});
  }
}

bool warm_instance::restorable() const {
  if (!reusable_) return false;
  const auto same_pages = [](const memory_snapshot& m) { return m.memory->PageSize() == m.pages; };
  const auto same_size = [](const table_snapshot& t) { return t.table->size() == t.elements.size(); };
  return std::all_of(memories_.begin(), memories_.end(), same_pages) &&
         std::all_of(tables_.begin(), tables_.end(), same_size);
}

void warm_instance::restore() {
  for (const memory_snapshot& m : memories_) {
    uint8_t* data = m.memory->UnsafeData();
    scrub_memory(data, m.memory->ByteSize(), m.run_blocks);
    for (const memory_run& run : m.runs) std::memcpy(data + run.offset, run.bytes.data(), run.bytes.size());
  }
  for (const global_snapshot& g : globals_) g.global->UnsafeSet(g.value);
  for (const table_snapshot& t : tables_) {
    for (uint32_t i = 0; i < t.elements.size(); ++i) t.table->Set(store_, i, t.elements[i]);
  }
}

bool warm_instance::ready_for_call() {
  if (used_) {
    if (!restorable()) return false;
    restore();
  }
  used_ = true;
  return true;
}

}  // namespace vireo::vm
