// An engine with the test contracts loaded and a map standing in for committed
// storage, for in-process tests of the host API and the limits.
#pragma once

#include <gtest/gtest.h>

#include <map>

#include "services/vm/engine/engine.hpp"
#include "tests/services/vm/test_support.hpp"

namespace vireo::vm::test {

class map_storage : public storage_source {
 public:
  std::optional<std::string> read(const std::string& key) override {
    ++reads;
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
  }
  std::map<std::string, std::string> values;
  int reads = 0;
};

class engine_fixture : public ::testing::Test {
 protected:
  /// Loads build/wasm-contracts/<file> under the hash "<file>".
  void load(const std::string& file) {
    auto invalid = engine_.load(file, contract_bytes(file));
    ASSERT_FALSE(invalid.has_value()) << *invalid;
  }

  call_outcome call(const std::string& file, const std::string& function,
                    std::vector<std::string> args = {}) {
    input_.function = function;
    input_.args.assign(args.begin(), args.end());
    return engine_.run(file, call_kind::call, input_, storage_);
  }

  static std::vector<std::string> hex_all(const std::vector<std::string>& data) {
    std::vector<std::string> out;
    for (const auto& d : data) out.push_back(hex(d));
    return out;
  }

  engine engine_;
  map_storage storage_;
  vm_proto::call_input input_ = [] {
    vm_proto::call_input in;
    in.gas_limit = 1'000'000;
    in.memory_limit_pages = 256;
    return in;
  }();
};

}  // namespace vireo::vm::test
