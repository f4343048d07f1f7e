// The records the ledger keeps, as the core's actors exchange them.
//
// Transactions, contracts and blocks are kept as JSON (that is what the API
// serves and what HTTP functions receive); receipts, journal entries and
// events as msgpack records (record_codec.hpp), written for every invocation;
// state values are raw bytes with a version.
// These types travel only inside one process as CAF messages; what crosses a
// process boundary is defined in proto-msgs/.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace vireo::ledger {

/// `value` as compact JSON text, with U+FFFD for invalid UTF-8 in its strings
/// (where nlohmann::json::dump() throws): for text a worker or function sent.
std::string to_json_text(const nlohmann::json& value);

/// A transaction as submitted (or as output by an invocation).
struct transaction {
  std::string id;             ///< time-ordered, see support/ids.hpp
  std::string type;           ///< selects the contract it triggers
  std::string tag;            ///< free text; an invocation result may set it
  std::string invoker;        ///< set on output transactions: the causing id
  int64_t timestamp_ms = 0;   ///< when the node accepted it
  nlohmann::json payload;     ///< any JSON value

  nlohmann::json to_json() const;
  /// The document to_json().dump() makes, with `payload_json` as the payload
  /// instead of `payload`, kept as it is: an invocation's output stored
  /// without building its tree. Invalid UTF-8 in the strings becomes U+FFFD
  /// (ledger::to_json_text) where dump() would throw.
  /// REQUIRES: `payload_json` is one valid JSON value (nlohmann::json::accept).
  std::string to_json_text(std::string_view payload_json) const;
  /// The stored form: to_json().dump() without building the document (or
  /// copying the payload), invalid UTF-8 written as U+FFFD.
  std::string to_json_text() const;
  /// REQUIRES: `j` was made by to_json().
  static transaction from_json(const nlohmann::json& j);
};

/// Lifecycle of a contract (ARCHITECTURE.md §4).
enum class contract_state { pending, active, error, inactive, deleting };
const char* to_string(contract_state state);
std::optional<contract_state> parse_contract_state(const std::string& text);

/// A contract registry entry.
struct contract_entry {
  std::string name;
  std::string kind;                    ///< http | system | wasm | chaincode
  std::string execution;               ///< serial | parallel
  std::vector<std::string> triggers;   ///< transaction types that invoke it
  nlohmann::json runtime = nlohmann::json::object();  ///< kind-specific settings
  std::map<std::string, std::string> env;
  uint32_t exec_timeout_ms = 0;        ///< 0: the node's default
  contract_state state = contract_state::active;
  std::string error;                   ///< why it is in state `error`
  uint64_t revision = 0;               ///< bumped by every update
  int64_t created_ms = 0;
  int64_t updated_ms = 0;

  nlohmann::json to_json() const;
  /// Throws nlohmann::json::exception or std::invalid_argument on a bad entry.
  static contract_entry from_json(const nlohmann::json& j);
  bool serial() const { return execution == "serial"; }
};

/// Outcome of an invocation (ARCHITECTURE.md §4).
enum class receipt_status { committed, invalid, failed };
const char* to_string(receipt_status status);

/// The one receipt of an invocation, written atomically with its effects.
struct receipt {
  std::string invocation_id;
  std::string contract;
  receipt_status status = receipt_status::failed;
  std::string reason;          ///< invalid/failed: why
  uint32_t retries = 0;        ///< MVCC re-executions
  std::string output_tx_id;
  uint64_t commit_seq = 0;
  uint64_t journal_sequence = 0;  ///< the invocation's place in journal (serial) order
  int64_t submitted_ms = 0;
  int64_t committed_ms = 0;

  nlohmann::json to_json() const;
  /// The stored form (actors/ledger/record_codec.hpp).
  std::string encode() const;
  /// Throws storage_error on bytes encode() did not make.
  static receipt decode(std::string_view bytes);
};

/// A sealed block.
struct block {
  uint64_t height = 0;
  std::string hash;
  std::string previous_hash;
  int64_t time_ms = 0;
  std::vector<std::string> transaction_ids;
  std::string merkle_root;

  /// The SHA-256 (hex) of the header fields, which is `hash`.
  std::string compute_hash() const;
  nlohmann::json to_json() const;
  static block from_json(const nlohmann::json& j);
};

/// A durable invocation request: what the journal holds until its receipt.
struct journal_entry {
  uint64_t sequence = 0;       ///< journal order; serial order follows it
  std::string invocation_id;   ///< = the triggering transaction's id
  std::string contract;
  int64_t submitted_ms = 0;

  /// The stored form, without the sequence (that is the key).
  std::string encode() const;
  /// Throws storage_error on bytes encode() did not make.
  static journal_entry decode(uint64_t sequence, std::string_view bytes);
};

/// An event committed with an invocation.
struct event_record {
  std::string invocation_id;
  std::string contract;
  std::string name;
  std::string payload;  ///< raw bytes (hex in JSON)
  uint64_t commit_seq = 0;

  /// The stored form, without the commit sequence (that is in the key).
  std::string encode() const;
  /// Throws storage_error on bytes encode() did not make.
  static event_record decode(uint64_t commit_seq, std::string_view bytes);
};

}  // namespace vireo::ledger
