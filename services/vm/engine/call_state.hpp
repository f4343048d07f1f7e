// Everything one contract call sees and produces: its input, return data,
// storage view (committed reads cached, writes buffered), logs, big integers and
// remaining gas. Created per call by the engine; host functions mutate it.
// REQUIRES: used by one thread (the VM's interpreter thread).
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "proto-msgs/vm/dialogue_messages.hpp"
#include "services/vm/engine/storage_source.hpp"

namespace wabt::interp {
class Memory;
}

namespace vireo::vm {

using big_int = boost::multiprecision::cpp_int;

/// Arwen's storageStore results.
enum class storage_status : int32_t { unchanged = 0, modified = 1, added = 2, deleted = 3 };

class call_state {
 public:
  call_state(const vm_proto::call_input& input, storage_source& storage, uint64_t gas_per_host_call);

  const vm_proto::call_input& input() const { return input_; }

  // --- gas ---
  int64_t gas_remaining() const { return gas_remaining_; }
  /// Consumes interpreter steps already run.
  void consume_steps(int64_t steps) { gas_remaining_ -= steps; }
  /// Charges one host call; throws host_error(out_of_gas) when the budget is gone.
  void charge_host_call();

  // --- memory of the running instance ---
  void set_memory(wabt::interp::Memory* memory) { memory_ = memory; }
  std::string read_memory(uint32_t offset, uint32_t length) const;
  void write_memory(uint32_t offset, const std::string& bytes);

  // --- arguments and return data ---
  const std::string& argument(int32_t index) const;  ///< throws user_error on a bad index
  bool has_argument(int32_t index) const;
  void finish(std::string bytes) { return_data_.push_back(std::move(bytes)); }
  std::vector<std::string>& return_data() { return return_data_; }

  // --- storage: a call sees its own writes; committed reads go through the cache ---
  std::optional<std::string> load(const std::string& key);
  storage_status store(const std::string& key, const std::string& value);
  /// Writes of this call: key -> value, nullopt for a delete.
  const std::map<std::string, std::optional<std::string>>& writes() const { return writes_; }

  // --- events ---
  void add_log(vm_proto::log_entry entry) { logs_.push_back(std::move(entry)); }
  std::vector<vm_proto::log_entry>& logs() { return logs_; }

  // --- big integers by handle ---
  int32_t new_big_int(big_int value);
  big_int& big(int32_t handle);  ///< throws execution_failed on a bad handle

 private:
  const vm_proto::call_input& input_;
  storage_source& storage_;
  uint64_t gas_per_host_call_;
  int64_t gas_remaining_;
  wabt::interp::Memory* memory_ = nullptr;
  std::vector<std::string> return_data_;
  std::map<std::string, std::optional<std::string>> committed_;  // read cache
  std::map<std::string, std::optional<std::string>> writes_;
  std::vector<vm_proto::log_entry> logs_;
  std::vector<big_int> big_ints_;
};

}  // namespace vireo::vm
