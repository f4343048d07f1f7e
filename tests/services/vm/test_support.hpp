// Shared helpers of the VM tests: contract bytes, hex, and an in-memory
// state_access that stands in for the core's state service (reads see committed
// values only, writes are buffered until commit(), as the core does).
#pragma once

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "services/worker/executor.hpp"

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

/// Stands in for the core's state service in unit and driver tests. Each
/// commit of a key bumps its version; get() records the key and the version
/// it returned in `read_set`, as the core's read set for MVCC validation.
class memory_state : public worker::state_access {
 public:
  worker::state_value get(const std::string& key) override {
    ++reads;
    const worker::state_value value = current(key);
    read_set[key] = value.version;
    return value;
  }
  std::optional<worker::state_value> peek(const std::string& key) override {
    ++peeks;
    return current(key);
  }
  std::vector<std::pair<std::string, worker::state_value>> range(const std::string&, const std::string&,
                                                                 uint32_t) override {
    return {};
  }
  std::vector<worker::state_history_entry> history(const std::string&) override { return {}; }
  void put(const std::string& key, const std::string& value) override { pending[key] = value; }
  void del(const std::string& key) override { pending[key] = std::nullopt; }

  /// Applies the buffered writes, as the committer would.
  void commit() {
    for (auto& [key, value] : pending) {
      ++versions[key];
      if (value) {
        committed[key] = *value;
      } else {
        committed.erase(key);
      }
    }
    pending.clear();
  }

  /// The core's MVCC check at commit: every key read still has the version read.
  bool read_set_valid() const {
    for (const auto& [key, version] : read_set) {
      if (current(key).version != version) return false;
    }
    return true;
  }

  std::map<std::string, std::string> committed;
  std::map<std::string, std::optional<std::string>> pending;
  std::map<std::string, uint64_t> versions;  ///< commits per key
  std::map<std::string, uint64_t> read_set;  ///< key -> version read
  int reads = 0;
  int peeks = 0;

 private:
  worker::state_value current(const std::string& key) const {
    const auto version = versions.find(key);
    worker::state_value value;
    value.version = version == versions.end() ? 0 : version->second;
    if (auto it = committed.find(key); it != committed.end()) {
      value.found = true;
      value.value = it->second;
    }
    return value;
  }
};

}  // namespace vireo::vm::test
