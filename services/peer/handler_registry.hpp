// The chaincodes connected to this peer and ready, by the id they registered
// with. One live handler per id, as in Fabric: a second registration under an
// id whose stream is still up is refused. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "services/peer/handler.hpp"

namespace vireo::peer {

class handler_registry {
 public:
  /// Publishes a ready handler. Returns the refusal reason, empty when added.
  std::string add(const std::shared_ptr<handler>& h);
  /// Removes `h` if it is the one published under its id.
  void remove(const std::shared_ptr<handler>& h);
  /// A ready handler serving `wanted` (see chaincode_id_matches), waiting until
  /// `deadline` for one to register; null when none did.
  std::shared_ptr<handler> wait_for(const std::string& wanted, std::chrono::steady_clock::time_point deadline);
  /// Every published handler.
  std::vector<std::shared_ptr<handler>> all() const;
  /// Registrations accepted so far (a sync point for tests: wait_registrations).
  uint64_t registrations() const;
  /// Waits until registrations() >= count or `deadline`; returns whether it did.
  bool wait_registrations(uint64_t count, std::chrono::steady_clock::time_point deadline) const;

 private:
  std::shared_ptr<handler> find_locked(const std::string& wanted) const;

  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::map<std::string, std::shared_ptr<handler>> by_id_;
  uint64_t registrations_ = 0;
};

}  // namespace vireo::peer
