// Shared helpers of the VM tests: contract bytes, hex, and the in-memory
// state_access of tests/fixtures/memory_state.hpp.
#pragma once

#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>

#include "tests/fixtures/memory_state.hpp"

namespace vireo::vm::test {

/// The bytes of the file at `path`; throws naming it and how to get it when
/// it cannot be read.
inline std::string file_bytes(const std::string& path, const std::string& how_to_get_it) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("missing " + path + " (" + how_to_get_it + ")");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

/// A test contract built into <build>/wasm-contracts.
inline std::string contract_bytes(const std::string& file) {
  return file_bytes(std::string(VIREO_WASM_DIR) + "/" + file, "build vireo_wasm_contracts");
}

inline std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xf]);
  }
  return out;
}

inline std::string unhex(const std::string& text) {
  std::string out;
  for (size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16)));
  }
  return out;
}

using testing::memory_state;

}  // namespace vireo::vm::test
