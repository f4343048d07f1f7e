// Messages of a deploy/call dialogue on the node->VM (fd 4) and VM->node (fd 5)
// pipes. Nonces run across both directions: request 1, hook call 2, hook reply 3,
// ..., response N; a receiver expects exactly its last nonce + 1.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "proto-msgs/vm/blob.hpp"
#include "proto-msgs/vm/frame.hpp"

namespace vireo::vm_proto {

struct block_info {
  uint64_t timestamp = 0;  ///< Unix seconds
  uint64_t nonce = 0;
  uint64_t round = 0;
  uint64_t epoch = 0;
  MSGPACK_DEFINE(timestamp, nonce, round, epoch)
};

/// What a contract function sees of its invocation.
struct call_input {
  std::string function;
  std::vector<blob> args;
  blob caller;      ///< 32 bytes
  blob sc_address;  ///< 32 bytes
  blob owner;       ///< 32 bytes
  blob call_value;  ///< unsigned big-endian, minimal (empty = 0)
  block_info block;
  uint64_t gas_limit = 0;  ///< interpreter steps (plus host-call charges)
  uint32_t memory_limit_pages = 0;
  MSGPACK_DEFINE(function, args, caller, sc_address, owner, call_value, block, gas_limit,
                 memory_limit_pages)
};

/// Validate and cache a module, then run its `init` (if exported) with `input`.
struct deploy_request {
  static constexpr frame_kind kind = frame_kind::deploy_request;
  uint32_t version = 1;
  uint64_t nonce = 0;
  std::string invocation_id;
  std::string code_hash;
  blob code;
  call_input input;
  MSGPACK_DEFINE(version, nonce, invocation_id, code_hash, code, input)
};

/// A committed storage value the node sends ahead of the read, so that the VM
/// answers the contract's storageLoad of `key` without a storage_read hook.
struct prefetched_value {
  blob key;
  bool found = false;
  blob value;
  MSGPACK_DEFINE(key, found, value)
};

/// Call a function of the module cached under `code_hash` (a code_request hook
/// fetches it when the VM does not have it).
/// Version 2 appends `prefetched` and `log_profile_sent`; a version-1 VM
/// ignores them and reads every key through the hook, which stays correct.
struct call_request {
  static constexpr frame_kind kind = frame_kind::call_request;
  uint32_t version = 2;
  uint64_t nonce = 0;
  std::string invocation_id;
  std::string code_hash;
  call_input input;
  /// Values the VM answers reads of from here instead of a hook, distinct keys.
  /// The node records a key as read only when the response lists it in
  /// `prefetch_used`, so a key the contract did not read stays out of the read set.
  std::vector<prefetched_value> prefetched;
  /// True when the node wrote a log_profile frame on fd 6 before this request:
  /// a version-2 VM reads the profile pipe only then (version 1: every dialogue).
  bool log_profile_sent = false;
  MSGPACK_DEFINE(version, nonce, invocation_id, code_hash, input, prefetched, log_profile_sent)
};

struct storage_write {
  blob key;
  blob value;
  bool deleted = false;
  MSGPACK_DEFINE(key, value, deleted)
};

struct log_entry {
  std::vector<blob> topics;  ///< 32 bytes each
  blob data;
  MSGPACK_DEFINE(topics, data)
};

/// The last message of a dialogue. A contract failure travels here; it is not
/// a protocol error.
struct contract_response {
  static constexpr frame_kind kind = frame_kind::contract_response;
  uint32_t version = 2;
  uint64_t nonce = 0;
  uint32_t return_code = 0;  ///< vm_proto::return_code
  std::string message;       ///< why, when return_code != ok
  std::vector<blob> return_data;
  std::vector<storage_write> writes;  ///< in key order, last write of a key wins
  std::vector<log_entry> logs;
  uint64_t gas_used = 0;
  /// Version 2: indices into the request's `prefetched` of the values the
  /// contract read, each once (absent from a version-1 VM, which used none).
  std::vector<uint32_t> prefetch_used;
  MSGPACK_DEFINE(version, nonce, return_code, message, return_data, writes, logs, gas_used,
                 prefetch_used)
};

struct storage_read_request {
  static constexpr frame_kind kind = frame_kind::storage_read_request;
  uint32_t version = 1;
  uint64_t nonce = 0;
  blob key;
  MSGPACK_DEFINE(version, nonce, key)
};

struct storage_read_response {
  static constexpr frame_kind kind = frame_kind::storage_read_response;
  uint32_t version = 1;
  uint64_t nonce = 0;
  bool found = false;
  blob value;
  MSGPACK_DEFINE(version, nonce, found, value)
};

struct code_request {
  static constexpr frame_kind kind = frame_kind::code_request;
  uint32_t version = 1;
  uint64_t nonce = 0;
  std::string code_hash;
  MSGPACK_DEFINE(version, nonce, code_hash)
};

struct code_response {
  static constexpr frame_kind kind = frame_kind::code_response;
  uint32_t version = 1;
  uint64_t nonce = 0;
  bool found = false;
  blob code;
  MSGPACK_DEFINE(version, nonce, found, code)
};

}  // namespace vireo::vm_proto
