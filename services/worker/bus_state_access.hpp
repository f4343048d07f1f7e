// state_access for one invocation, served by the core over the bus.
//
// Reads: the overlay (staged writes of the serial invocations before this
// one) first, then a state_read to the core; each key is fetched once per
// invocation (cached) and recorded with its version in the read set.
// Writes: buffered; the last write of a key wins; no read-your-writes.
// Nested: a chaincode's INVOKE_CHAINCODE runs another contract in the same
// transaction; nested(contract) gives a view on that contract's state whose
// reads and writes are kept apart and exported as nested sets, committed and
// validated together with the invocation's own.
// REQUIRES: used by one thread (the executor running the invocation).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <stdexcept>

#include "proto-msgs/bus/messages.hpp"
#include "services/bus/worker_endpoint.hpp"
#include "services/worker/executor.hpp"

namespace vireo::worker {

/// The core did not answer a state read in time, or answered with an error.
class state_unavailable : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class bus_state_access : public state_access {
 public:
  bus_state_access(bus::worker_endpoint& bus, std::string contract, const std::vector<bus::overlay_entry>& overlay,
                   std::chrono::steady_clock::time_point deadline);

  state_value get(const std::string& key) override { return get_in(contract_, key); }
  std::optional<state_value> peek(const std::string& key) override { return peek_in(contract_, key); }
  std::vector<std::pair<std::string, state_value>> range(const std::string& start_key, const std::string& end_key,
                                                         uint32_t limit) override {
    return range_in(contract_, start_key, end_key, limit);
  }
  std::vector<state_history_entry> history(const std::string& key) override { return history_in(contract_, key); }
  void put(const std::string& key, const std::string& value) override { sets_[contract_].writes[key] = value; }
  void del(const std::string& key) override { sets_[contract_].writes[key] = std::nullopt; }

  std::unique_ptr<state_access> nested(const std::string& contract) override;

  /// Moves the read set, range reads and write set (own and nested) into `out`.
  void export_sets(bus::result& out);

 private:
  class view;
  struct contract_sets {
    std::map<std::string, state_value> cache;   ///< what was read: the read set
    std::map<std::string, state_value> peeked;  ///< asked of the core, not (yet) read
    std::vector<bus::range_record> ranges;
    std::map<std::string, std::optional<std::string>> writes;
  };

  state_value get_in(const std::string& contract, const std::string& key);
  std::optional<state_value> peek_in(const std::string& contract, const std::string& key);
  /// The value this invocation already knows for `key` of `contract` (whose
  /// sets are `sets`): staged, read or peeked.
  std::optional<state_value> known(const std::string& contract, const contract_sets& sets,
                                   const std::string& key) const;
  state_value read_from_core(const std::string& contract, const std::string& key);
  std::vector<std::pair<std::string, state_value>> range_in(const std::string& contract, const std::string& start_key,
                                                            const std::string& end_key, uint32_t limit);
  std::vector<state_history_entry> history_in(const std::string& contract, const std::string& key);
  template <class Reply, class Request>
  Reply ask(bus::message_type type, bus::message_type expected, const Request& request);

  bus::worker_endpoint& bus_;
  std::string contract_;
  std::chrono::steady_clock::time_point deadline_;
  std::map<std::string, state_value> overlay_;  ///< the invoked contract's staged writes
  std::map<std::string, contract_sets> sets_;   ///< by contract
};

}  // namespace vireo::worker
