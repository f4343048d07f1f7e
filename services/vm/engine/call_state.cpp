#include "services/vm/engine/call_state.hpp"

#include <wabt/interp/interp.h>

#include <cstring>
#include <limits>

#include "services/vm/engine/host_error.hpp"

namespace vireo::vm {

using vm_proto::return_code;

call_state::call_state(const vm_proto::call_input& input, storage_source& storage,
                       uint64_t gas_per_host_call)
    : input_(input),
      storage_(storage),
      gas_per_host_call_(gas_per_host_call),
      gas_remaining_(static_cast<int64_t>(
          std::min<uint64_t>(input.gas_limit, std::numeric_limits<int64_t>::max()))) {}

void call_state::charge_host_call() {
  gas_remaining_ -= static_cast<int64_t>(gas_per_host_call_);
  if (gas_remaining_ < 0) {
    throw host_error(return_code::out_of_gas,
                     "out of gas after " + std::to_string(input_.gas_limit) + " steps");
  }
}

std::string call_state::read_memory(uint32_t offset, uint32_t length) const {
  if (memory_ == nullptr) {
    throw host_error(return_code::execution_failed, "the contract exports no memory");
  }
  if (!memory_->IsValidAccess(offset, 0, length)) {
    throw host_error(return_code::execution_failed,
                     "memory read of " + std::to_string(length) + " bytes at " +
                         std::to_string(offset) + " is out of bounds");
  }
  return std::string(reinterpret_cast<const char*>(memory_->UnsafeData()) + offset, length);
}

void call_state::write_memory(uint32_t offset, const std::string& bytes) {
  if (memory_ == nullptr) {
    throw host_error(return_code::execution_failed, "the contract exports no memory");
  }
  if (!memory_->IsValidAccess(offset, 0, bytes.size())) {
    throw host_error(return_code::execution_failed,
                     "memory write of " + std::to_string(bytes.size()) + " bytes at " +
                         std::to_string(offset) + " is out of bounds");
  }
  std::memcpy(memory_->UnsafeData() + offset, bytes.data(), bytes.size());
}

bool call_state::has_argument(int32_t index) const {
  return index >= 0 && static_cast<size_t>(index) < input_.args.size();
}

const std::string& call_state::argument(int32_t index) const {
  if (!has_argument(index)) {
    throw host_error(return_code::user_error,
                     "argument index " + std::to_string(index) + " out of range (" +
                         std::to_string(input_.args.size()) + " arguments)");
  }
  return input_.args[static_cast<size_t>(index)].bytes;
}

std::optional<std::string> call_state::load(const std::string& key) {
  if (auto w = writes_.find(key); w != writes_.end()) return w->second;
  if (auto c = committed_.find(key); c != committed_.end()) return c->second;
  auto value = storage_.read(key);
  committed_.emplace(key, value);
  return value;
}

storage_status call_state::store(const std::string& key, const std::string& value) {
  const auto old = load(key);
  const bool had = old.has_value() && !old->empty();
  storage_status status;
  if (value.empty()) {
    status = had ? storage_status::deleted : storage_status::unchanged;
  } else if (!had) {
    status = storage_status::added;
  } else {
    status = (*old == value) ? storage_status::unchanged : storage_status::modified;
  }
  if (status != storage_status::unchanged) {
    writes_[key] = value.empty() ? std::nullopt : std::optional<std::string>(value);
  }
  return status;
}

int32_t call_state::new_big_int(big_int value) {
  big_ints_.push_back(std::move(value));
  return static_cast<int32_t>(big_ints_.size() - 1);
}

big_int& call_state::big(int32_t handle) {
  if (handle < 0 || static_cast<size_t>(handle) >= big_ints_.size()) {
    throw host_error(return_code::execution_failed,
                     "no big integer with handle " + std::to_string(handle));
  }
  return big_ints_[static_cast<size_t>(handle)];
}

}  // namespace vireo::vm
