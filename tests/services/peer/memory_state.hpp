// An in-memory ledger and state_access for the chaincode peer's tests and
// benchmark. It stands in for the core's state service (which lives behind
// the bus in a real deployment) with the same simulation semantics: every
// committed write gets a version, reads return committed values and are
// recorded with their versions, writes are buffered until commit, there is no
// read-your-writes, and commit() validates the read set (MVCC) first.
// A transaction spans namespaces (one per chaincode) so that a chaincode-to-
// chaincode invoke sees the callee's own state within the same transaction.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "services/worker/executor.hpp"

namespace vireo::peer::testing {

class memory_ledger;

/// The read and write sets of one transaction, across namespaces.
struct memory_tx {
  std::string invocation_id;
  std::map<std::string, std::map<std::string, uint64_t>> reads;                      // ns -> key -> version
  std::map<std::string, std::map<std::string, std::optional<std::string>>> writes;  // nullopt: delete
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> ranges;  // ns -> [start, end)
};

/// One transaction's view of one namespace.
class memory_state final : public worker::state_access {
 public:
  memory_state(memory_ledger& ledger, std::shared_ptr<memory_tx> tx, std::string ns)
      : ledger_(ledger), tx_(std::move(tx)), ns_(std::move(ns)) {}

  worker::state_value get(const std::string& key) override;
  std::vector<std::pair<std::string, worker::state_value>> range(const std::string& start_key,
                                                                 const std::string& end_key,
                                                                 uint32_t limit) override;
  std::vector<worker::state_history_entry> history(const std::string& key) override;
  void put(const std::string& key, const std::string& value) override { tx_->writes[ns_][key] = value; }
  void del(const std::string& key) override { tx_->writes[ns_][key] = std::nullopt; }

  /// The same transaction seen in namespace `ns` (a callee's state).
  std::unique_ptr<memory_state> in_namespace(const std::string& ns) const {
    return std::make_unique<memory_state>(ledger_, tx_, ns);
  }
  memory_tx& tx() { return *tx_; }
  const std::string& ns() const { return ns_; }

 private:
  memory_ledger& ledger_;
  std::shared_ptr<memory_tx> tx_;
  std::string ns_;
};

/// Committed state of every namespace, with versions and history. Thread-safe.
class memory_ledger {
 public:
  struct record {
    std::string value;
    uint64_t version = 0;
  };

  /// A new transaction on namespace `ns`.
  std::unique_ptr<memory_state> begin(const std::string& ns, const std::string& invocation_id = "") {
    auto tx = std::make_shared<memory_tx>();
    tx->invocation_id = invocation_id.empty() ? "inv-" + std::to_string(++ids_) : invocation_id;
    return std::make_unique<memory_state>(*this, std::move(tx), ns);
  }

  /// Validates the read set against current versions and applies the writes.
  /// False (nothing applied) on an MVCC conflict.
  bool commit(const memory_tx& tx) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [ns, keys] : tx.reads)
      for (const auto& [key, version] : keys)
        if (version_locked(ns, key) != version) return false;
    auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch()).count();
    for (const auto& [ns, keys] : tx.writes) {
      for (const auto& [key, value] : keys) {
        const uint64_t version = ++version_;
        worker::state_history_entry h{tx.invocation_id, value.value_or(""), !value.has_value(), version, now};
        history_[ns][key].push_back(h);
        if (value) committed_[ns][key] = record{*value, version};
        else committed_[ns].erase(key);
      }
    }
    return true;
  }

  /// Writes a committed value directly (test set-up).
  void seed(const std::string& ns, const std::string& key, const std::string& value) {
    memory_tx tx;
    tx.invocation_id = "seed";
    tx.writes[ns][key] = value;
    commit(tx);
  }

  std::optional<std::string> value(const std::string& ns, const std::string& key) const {
    std::lock_guard<std::mutex> lock(mu_);
    auto n = committed_.find(ns);
    if (n == committed_.end()) return std::nullopt;
    auto it = n->second.find(key);
    if (it == n->second.end()) return std::nullopt;
    return it->second.value;
  }

 private:
  friend class memory_state;
  uint64_t version_locked(const std::string& ns, const std::string& key) const {
    auto n = committed_.find(ns);
    if (n == committed_.end()) return 0;
    auto it = n->second.find(key);
    return it == n->second.end() ? 0 : it->second.version;
  }

  mutable std::mutex mu_;
  std::map<std::string, std::map<std::string, record>> committed_;
  std::map<std::string, std::map<std::string, std::vector<worker::state_history_entry>>> history_;
  uint64_t version_ = 0;
  uint64_t ids_ = 0;
};

inline worker::state_value memory_state::get(const std::string& key) {
  std::lock_guard<std::mutex> lock(ledger_.mu_);
  worker::state_value out;
  auto n = ledger_.committed_.find(ns_);
  if (n != ledger_.committed_.end()) {
    if (auto it = n->second.find(key); it != n->second.end()) out = {true, it->second.value, it->second.version};
  }
  tx_->reads[ns_].emplace(key, out.version);
  return out;
}

inline std::vector<std::pair<std::string, worker::state_value>> memory_state::range(const std::string& start_key,
                                                                                    const std::string& end_key,
                                                                                    uint32_t limit) {
  std::lock_guard<std::mutex> lock(ledger_.mu_);
  std::vector<std::pair<std::string, worker::state_value>> out;
  tx_->ranges[ns_].emplace_back(start_key, end_key);
  auto n = ledger_.committed_.find(ns_);
  if (n == ledger_.committed_.end()) return out;
  for (auto it = n->second.lower_bound(start_key); it != n->second.end() && out.size() < limit; ++it) {
    if (!end_key.empty() && it->first >= end_key) break;
    out.push_back({it->first, {true, it->second.value, it->second.version}});
    tx_->reads[ns_].emplace(it->first, it->second.version);
  }
  return out;
}

inline std::vector<worker::state_history_entry> memory_state::history(const std::string& key) {
  std::lock_guard<std::mutex> lock(ledger_.mu_);
  auto n = ledger_.history_.find(ns_);
  if (n == ledger_.history_.end()) return {};
  auto it = n->second.find(key);
  return it == n->second.end() ? std::vector<worker::state_history_entry>{} : it->second;
}

}  // namespace vireo::peer::testing
