// The executor interface: how the worker role runs one invocation on one runtime
// (http, system, wasm, chaincode).
//
// An executor is a plain object, built from its settings, whose execute() blocks
// until the invocation has finished or its deadline has passed. The worker calls
// execute() on a detached executor actor (never on a CAF scheduler thread), one
// invocation at a time per executor instance; an executor kind that can run
// several invocations at once (a VM pool, a chaincode stream) is given one
// instance per concurrent slot or guards its own shared parts.
//
// State is reached only through `state_access`: reads go to the core (recorded
// in the read set, cached for the rest of the invocation), writes are buffered in
// the write set and applied by the committer after validation. Nothing an
// executor does touches the ledger directly.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vireo::worker {

/// A committed value of one state key as the core sees it.
struct state_value {
  bool found = false;      ///< false: the key has no value (never written or deleted)
  std::string value;       ///< raw bytes; empty when !found
  uint64_t version = 0;    ///< commit sequence of the last write; 0 when never written
};

/// One entry of a key's history, oldest first.
struct state_history_entry {
  std::string invocation_id;  ///< the invocation whose commit wrote it
  std::string value;          ///< empty for a delete
  bool is_delete = false;
  uint64_t version = 0;
  int64_t timestamp_ms = 0;   ///< commit time, Unix milliseconds
};

/// An event an invocation emits; committed with the invocation, never before.
struct emitted_event {
  std::string name;
  std::string payload;  ///< raw bytes
};

/// The state of the invoked contract, as one invocation sees it: Fabric's
/// simulation semantics (reads return committed values, writes are buffered,
/// no read-your-writes) so that a conflicting parallel invocation can be
/// re-executed at commit.
/// REQUIRES: used by one thread at a time (the executor running the invocation).
class state_access {
 public:
  virtual ~state_access() = default;

  /// Committed value of `key`; recorded in the read set.
  virtual state_value get(const std::string& key) = 0;

  /// Committed value of `key` as get(key) would return it, NOT recorded in the
  /// read set; a later get(key) in this invocation returns this same value and
  /// records it. Lets an executor send a value ahead to a runtime that may not
  /// read it. nullopt: this state cannot peek (default), the caller uses get().
  virtual std::optional<state_value> peek(const std::string& key) {
    (void)key;
    return std::nullopt;
  }

  /// Committed keys in [start_key, end_key) in key order (end_key empty: to the
  /// end), at most `limit` entries; recorded in the read set for phantom checks.
  virtual std::vector<std::pair<std::string, state_value>> range(const std::string& start_key,
                                                                 const std::string& end_key,
                                                                 uint32_t limit) = 0;

  /// Every committed write of `key`, oldest first.
  virtual std::vector<state_history_entry> history(const std::string& key) = 0;

  /// Buffers a write; the last write of a key wins.
  virtual void put(const std::string& key, const std::string& value) = 0;

  /// Buffers a delete.
  virtual void del(const std::string& key) = 0;

  /// Another contract's state within the same invocation (a chaincode's
  /// INVOKE_CHAINCODE), committed together with this one; null when this
  /// state cannot reach other contracts. The view must not outlive `this`.
  virtual std::unique_ptr<state_access> nested(const std::string& contract) {
    (void)contract;
    return nullptr;
  }
};

/// The registry entry of a contract, as the worker needs it.
struct contract_spec {
  std::string name;
  std::string kind;        ///< "http" | "system" | "wasm" | "chaincode"
  std::string execution;   ///< "serial" | "parallel"
  std::string runtime;     ///< runtime settings, a JSON object (kind-specific)
  std::map<std::string, std::string> env;
  uint32_t exec_timeout_ms = 10000;
};

/// One invocation to execute.
struct execution_request {
  std::string invocation_id;    ///< the id of the transaction that triggered it
  contract_spec contract;
  std::string transaction_json; ///< the full triggering transaction, payload included
  std::chrono::steady_clock::time_point deadline;
};

/// What an execution produced. The write set lives in the state_access.
struct execution_result {
  enum class outcome { ok, failed };
  outcome status = outcome::failed;
  /// ok: the output transaction's payload (JSON text). failed: empty.
  std::string output_json;
  /// failed: why, for the receipt and the output transaction ("timeout after
  /// 2000 ms", "function not found", "trap: unreachable", ...).
  std::string error;
  /// A string `tag` the contract asked for on its output transaction.
  std::optional<std::string> tag;
  std::vector<emitted_event> events;

  static execution_result failure(std::string why) {
    execution_result r;
    r.status = outcome::failed;
    r.error = std::move(why);
    return r;
  }
};

/// A runtime that executes invocations. See the file comment for threading.
class executor {
 public:
  virtual ~executor() = default;

  /// Runs one invocation to completion or to its deadline. Never throws: every
  /// failure (timeout, transport error, contract error) is a failed result.
  virtual execution_result execute(const execution_request& request, state_access& state) = 0;

  /// Prepares a contract when it is deployed or updated (validate WASM code and
  /// run its `init`, send chaincode INIT, ...). Writes go to `state` and are
  /// committed like an invocation's. A failed result puts the contract in
  /// lifecycle state `error` with the reason. Default: nothing to prepare.
  virtual execution_result deploy(const execution_request& request, state_access& state) {
    (void)request;
    (void)state;
    execution_result ok;
    ok.status = execution_result::outcome::ok;
    return ok;
  }
};

}  // namespace vireo::worker
