// Clients waiting for receipts (long-poll GET /v1/receipts/{id}?wait_ms=N).
//
// The committer publishes every durable receipt; a waiter registered for
// that invocation is called once, on the committer's thread, and must only
// hand the answer to its connection. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/ledger/records.hpp"

namespace vireo::gateway {

class receipt_waiters {
 public:
  using waiter = std::function<void(const ledger::receipt&)>;

  /// Registers `on_receipt` for `invocation_id`; returns a token for cancel().
  uint64_t wait(const std::string& invocation_id, waiter on_receipt);

  /// Removes a waiter; returns false when it was already called or removed.
  bool cancel(const std::string& invocation_id, uint64_t token);

  /// Calls (and removes) the waiters of each receipt.
  void publish(const std::vector<ledger::receipt>& receipts);

  /// Drops every waiter and every later wait(), and returns once no waiter
  /// is running: after it, nothing calls into the connections or the server
  /// the waiters answer through (the gateway closes them before it goes,
  /// while the core may still commit).
  void close();

 private:
  std::mutex calling_;  ///< held by publish() while it calls waiters, and by close()
  bool closed_ = false;
  std::mutex mutex_;
  uint64_t next_token_ = 1;
  std::unordered_map<std::string, std::vector<std::pair<uint64_t, waiter>>> waiting_;
};

}  // namespace vireo::gateway
