// A wasm executor over real vireo-vm children, with a code store and an
// in-memory state standing in for the core's, for the driver tests.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>

#include "services/vm/driver/wasm_executor.hpp"
#include "tests/services/vm/test_support.hpp"

namespace vireo::vm::test {

inline std::string vm_binary_for_tests() {
  const char* dir = std::getenv("VIREO_BIN_DIR");
  return std::string(dir != nullptr ? dir : "build/bin") + "/vireo-vm";
}

class driver_fixture : public ::testing::Test {
 protected:
  explicit driver_fixture(uint32_t pool_size = 1, std::vector<std::string> extra_env = {},
                          uint32_t max_frame_bytes = 16u << 20) {
    settings_.pool_size = pool_size;
    settings_.max_frame_bytes = max_frame_bytes;
    settings_.vm_binary = vm_binary_for_tests();
    settings_.extra_env = std::move(extra_env);
    settings_.restart_backoff_initial_ms = 1;
    settings_.restart_backoff_max_ms = 5;
    pool_ = make_vm_pool(settings_);
    executor_ = make_wasm_executor(pool_, [this](const std::string& hash) -> std::optional<std::string> {
      auto it = code_.find(hash);
      if (it == code_.end()) return std::nullopt;
      return it->second;
    });
  }

  /// Stores build/wasm-contracts/<file> under the code hash "<file>".
  void store_code(const std::string& file) { code_[file] = contract_bytes(file); }

  worker::execution_request request(const std::string& code_hash, const std::string& function,
                                    nlohmann::json args = nlohmann::json::array(),
                                    std::chrono::milliseconds budget = std::chrono::seconds(20)) {
    worker::execution_request r;
    r.invocation_id = "inv-" + std::to_string(++invocations_);
    r.contract.name = "contract-" + code_hash;
    r.contract.kind = "wasm";
    nlohmann::json runtime{{"code_hash", code_hash}};
    if (!owner_.empty()) runtime["owner"] = owner_;
    r.contract.runtime = runtime.dump();
    r.transaction_json =
        nlohmann::json{{"header", {{"txn_id", r.invocation_id}, {"sender", sender_}}},
                       {"payload", {{"function", function}, {"args", args}}}}
            .dump();
    r.deadline = std::chrono::steady_clock::now() + budget;
    return r;
  }

  /// One invocation, its writes committed; state_.read_set is this invocation's.
  worker::execution_result call(const std::string& code_hash, const std::string& function,
                                nlohmann::json args = nlohmann::json::array()) {
    state_.read_set.clear();
    auto result = executor_->execute(request(code_hash, function, std::move(args)), state_);
    state_.commit();
    return result;
  }

  worker::execution_result deploy(const std::string& code_hash, nlohmann::json args = nlohmann::json::array()) {
    auto result = executor_->deploy(request(code_hash, "init", std::move(args)), state_);
    state_.commit();
    return result;
  }

  /// The counter's value after one more increment, checking the call succeeded.
  void expect_increment_returns(const std::string& code_hash, const std::string& hex_value) {
    const auto result = call(code_hash, "increment");
    ASSERT_EQ(result.status, worker::execution_result::outcome::ok) << result.error;
    EXPECT_EQ(nlohmann::json::parse(result.output_json)["return_data"][0], hex_value);
  }

  vm_settings settings_;
  std::shared_ptr<vm_pool> pool_;
  std::unique_ptr<worker::executor> executor_;
  std::map<std::string, std::string> code_;
  memory_state state_;
  std::string sender_ = "0x" + std::string(64, 'a');
  std::string owner_;  ///< the runtime's owner ("": none, the zero address)
  int invocations_ = 0;
};

}  // namespace vireo::vm::test
