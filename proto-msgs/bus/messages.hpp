// The bus protocol between the core and its workers (and later gateways).
//
// Every frame on the bus is one msgpack `envelope` (array form):
//   [version, type, correlation_id, body]
// where `body` is the msgpack encoding (array form) of the struct named by
// `type`. A peer that receives an unknown version or type answers with an
// `error` message carrying the same correlation id and never crashes.
//
// Correlation: a request's correlation id is chosen by its sender and echoed
// by the reply (execute -> result, state_read -> state_value, ...).
//
// Versioning: `protocol_version` is bumped on any incompatible change; fields
// are only appended, so a reader can decode older bodies with defaults.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <msgpack.hpp>

namespace vireo::bus {

inline constexpr uint16_t protocol_version = 1;

/// What an envelope's body is.
enum class message_type : uint16_t {
  hello = 1,          ///< worker -> core: I exist; body hello
  heartbeat = 2,      ///< both ways: still alive; body heartbeat
  goodbye = 3,        ///< worker -> core: leaving, fail my in-flight work; body heartbeat
  execute = 4,        ///< core -> worker: run one invocation; body execute
  result = 5,         ///< worker -> core: reply to execute; body result
  state_read = 6,     ///< worker -> core: one committed key; body state_read
  state_value = 7,    ///< core -> worker: reply to state_read; body state_value
  range_read = 8,     ///< worker -> core: committed keys in a range; body range_read
  range_value = 9,    ///< core -> worker: reply to range_read; body range_value
  history_read = 10,  ///< worker -> core: a key's history; body state_read
  history_value = 11, ///< core -> worker: reply to history_read; body history_value
  code_read = 12,     ///< worker -> core: module bytes by hash; body code_read
  code_value = 13,    ///< core -> worker: reply to code_read; body code_value
  error = 14,         ///< either way: the request could not be served; body error
  contract_read = 15, ///< worker -> core: the contract a chaincode name names; body contract_read
  contract_value = 16,///< core -> worker: reply to contract_read; body contract_value
};

/// The last message type this version knows.
inline constexpr message_type last_message_type = message_type::contract_value;

struct envelope {
  uint16_t version = protocol_version;
  uint16_t type = 0;
  uint64_t correlation_id = 0;
  std::string body;
  MSGPACK_DEFINE(version, type, correlation_id, body)
};

struct hello {
  std::string worker_id;
  uint32_t credits = 0;  ///< invocations the worker runs at once
  MSGPACK_DEFINE(worker_id, credits)
};

struct heartbeat {
  std::string peer_id;
  MSGPACK_DEFINE(peer_id)
};

/// The version a worker sees for a staged write: it has no commit sequence yet.
inline constexpr uint64_t staged_version = UINT64_MAX;

/// A staged (executed, not yet durable) write a serial invocation must see.
struct overlay_entry {
  std::string key;
  bool found = false;
  std::string value;
  uint64_t version = 0;
  MSGPACK_DEFINE(key, found, value, version)
};

/// A later invocation of the same serial contract, run after the one before
/// it in the same execute message (see execute::chained).
struct chained_invocation {
  std::string invocation_id;
  std::string transaction_json;
  MSGPACK_DEFINE(invocation_id, transaction_json)
};

/// Runs one invocation, then each of `chained` in order (queued invocations
/// of one contract, sent as one message so the round trip is paid once).
/// Each has its own exec_timeout_ms from its own start. For a serial
/// contract every chained invocation sees the overlay plus the writes of the
/// ok invocations before it in the message; those of a parallel contract all
/// read committed state only (their reads are validated at commit).
struct execute {
  std::string invocation_id;
  std::string contract;
  std::string kind;
  std::string execution;
  std::string runtime_json;
  std::map<std::string, std::string> env;
  uint32_t exec_timeout_ms = 0;
  std::string transaction_json;
  std::vector<overlay_entry> overlay;
  bool deploy = false;  ///< run the executor's deploy step instead of execute
  std::vector<chained_invocation> chained;
  MSGPACK_DEFINE(invocation_id, contract, kind, execution, runtime_json, env, exec_timeout_ms,
                 transaction_json, overlay, deploy, chained)
};

struct key_version {
  std::string key;
  uint64_t version = 0;  ///< 0: absent when read
  MSGPACK_DEFINE(key, version)
};

/// A range read, with what it returned, for phantom checks at commit.
struct range_record {
  std::string start_key;
  std::string end_key;
  uint32_t limit = 0;
  std::vector<key_version> returned;
  MSGPACK_DEFINE(start_key, end_key, limit, returned)
};

struct write_entry {
  std::string key;
  bool deleted = false;
  std::string value;
  MSGPACK_DEFINE(key, deleted, value)
};

/// `write` as the staged write a later serial invocation sees.
inline overlay_entry staged(const write_entry& write) {
  return {write.key, !write.deleted, write.value, staged_version};
}

struct event_entry {
  std::string name;
  std::string payload;
  MSGPACK_DEFINE(name, payload)
};

/// What an invocation read and wrote in another contract's state (a
/// chaincode's INVOKE_CHAINCODE runs the callee in the caller's transaction);
/// committed, and validated, with the invocation's own sets.
struct nested_sets {
  std::string contract;
  std::vector<key_version> reads;
  std::vector<range_record> ranges;
  std::vector<write_entry> writes;
  MSGPACK_DEFINE(contract, reads, ranges, writes)
};

struct result {
  std::string invocation_id;
  bool ok = false;
  std::string output_json;
  std::string error;
  bool has_tag = false;
  std::string tag;
  std::vector<event_entry> events;
  std::vector<key_version> reads;
  std::vector<range_record> ranges;
  std::vector<write_entry> writes;
  std::vector<nested_sets> nested;
  std::vector<result> chained;  ///< results of execute::chained, in the same order
  MSGPACK_DEFINE(invocation_id, ok, output_json, error, has_tag, tag, events, reads, ranges, writes, nested, chained)
};

struct state_read {
  std::string contract;
  std::string key;
  MSGPACK_DEFINE(contract, key)
};

struct state_value {
  bool found = false;
  std::string value;
  uint64_t version = 0;
  MSGPACK_DEFINE(found, value, version)
};

struct range_read {
  std::string contract;
  std::string start_key;
  std::string end_key;
  uint32_t limit = 0;
  MSGPACK_DEFINE(contract, start_key, end_key, limit)
};

struct range_entry {
  std::string key;
  std::string value;
  uint64_t version = 0;
  MSGPACK_DEFINE(key, value, version)
};

struct range_value {
  std::vector<range_entry> entries;
  MSGPACK_DEFINE(entries)
};

struct history_item {
  std::string invocation_id;
  std::string value;
  bool is_delete = false;
  uint64_t version = 0;
  int64_t timestamp_ms = 0;
  MSGPACK_DEFINE(invocation_id, value, is_delete, version, timestamp_ms)
};

struct history_value {
  std::vector<history_item> entries;
  MSGPACK_DEFINE(entries)
};

struct code_read {
  std::string code_hash;
  MSGPACK_DEFINE(code_hash)
};

struct code_value {
  bool found = false;
  std::string code;
  MSGPACK_DEFINE(found, code)
};

/// Finds the deployed chaincode contract a chaincode calls by name: the one
/// whose runtime.chaincode_id is `name` or `name:<anything>`.
struct contract_read {
  std::string name;
  MSGPACK_DEFINE(name)
};

struct contract_value {
  bool found = false;
  std::string entry_json;  ///< the registry entry (docs/api.md), when found
  MSGPACK_DEFINE(found, entry_json)
};

/// Why a request failed.
enum class error_code : uint16_t {
  unsupported_version = 1,
  unknown_type = 2,
  malformed = 3,
  storage = 4,
  unknown_peer = 5,
};

struct error {
  uint16_t code = 0;
  std::string message;
  MSGPACK_DEFINE(code, message)
};

}  // namespace vireo::bus
