// Where the engine reads committed contract storage from. In vireo-vm this is a
// storage_read hook over the pipe; in tests, a map.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>

namespace vireo::vm {

/// Thrown by a storage_source that cannot answer (the pipe broke). The engine
/// abandons the call and rethrows it from engine::run: it is not a contract error.
class storage_failure : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A source of committed storage values for one dialogue.
/// REQUIRES: called only from the thread running the call.
class storage_source {
 public:
  virtual ~storage_source() = default;
  /// The committed value of `key`, or nullopt when it has none.
  virtual std::optional<std::string> read(const std::string& key) = 0;
};

}  // namespace vireo::vm
