// Messages outside a deploy/call dialogue: the init pipe's initialize, stop,
// version query, and the log pipes. Each carries an explicit version first;
// a reader accepts arrays longer (newer fields ignored) or shorter (defaults).
#pragma once

#include <cstdint>
#include <string>

#include "proto-msgs/vm/blob.hpp"
#include "proto-msgs/vm/frame.hpp"

namespace vireo::vm_proto {

/// Node -> VM on the init pipe (fd 3), exactly once, before anything else.
struct init_message {
  static constexpr frame_kind kind = frame_kind::initialize;
  uint32_t version = 1;
  uint32_t protocol = protocol_version;
  std::string marshaler = "msgpack";  ///< the only payload encoding Vireo speaks
  uint32_t max_frame_bytes = default_max_frame_bytes;
  uint32_t log_level = 2;              ///< spdlog levels: 0 trace .. 6 off
  uint64_t gas_per_host_call = 100;    ///< steps charged for each host-API call
  uint32_t module_cache_entries = 64;  ///< decoded modules kept, least recently used evicted
  MSGPACK_DEFINE(version, protocol, marshaler, max_frame_bytes, log_level, gas_per_host_call,
                 module_cache_entries)
};

/// Node -> VM: finish and exit 0.
struct stop_message {
  static constexpr frame_kind kind = frame_kind::stop;
  uint32_t version = 1;
  MSGPACK_DEFINE(version)
};

struct version_request {
  static constexpr frame_kind kind = frame_kind::version_request;
  uint32_t version = 1;
  uint64_t nonce = 0;
  MSGPACK_DEFINE(version, nonce)
};

struct version_response {
  static constexpr frame_kind kind = frame_kind::version_response;
  uint32_t version = 1;
  uint64_t nonce = 0;
  uint32_t protocol = protocol_version;
  std::string vm_version;
  MSGPACK_DEFINE(version, nonce, protocol, vm_version)
};

/// VM -> node on the log pipe (fd 7).
struct log_record {
  static constexpr frame_kind kind = frame_kind::log_record;
  uint32_t version = 1;
  uint32_t level = 2;  ///< spdlog level
  std::string invocation_id;
  std::string message;
  MSGPACK_DEFINE(version, level, invocation_id, message)
};

/// Node -> VM on the log-profile pipe (fd 6): change the VM's log level.
struct log_profile {
  static constexpr frame_kind kind = frame_kind::log_profile;
  uint32_t version = 1;
  uint32_t log_level = 2;
  MSGPACK_DEFINE(version, log_level)
};

}  // namespace vireo::vm_proto
