// One VM IPC frame: an 8-byte little-endian preamble (payload length as uint32,
// message kind as uint32) followed by the msgpack payload (PROTOCOLS.md §2).
// Pure functions; safe to call from any thread.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace vireo::vm_proto {

/// Message kinds. Values are part of the wire format: append, never renumber.
enum class frame_kind : uint32_t {
  initialize = 1,
  stop = 2,
  deploy_request = 3,
  call_request = 4,
  contract_response = 5,
  version_request = 6,
  version_response = 7,
  storage_read_request = 16,  ///< hook: VM asks the node for a state value
  storage_read_response = 17,
  code_request = 18,  ///< hook: VM asks the node for module bytes by code hash
  code_response = 19,
  log_record = 32,   ///< VM -> node on the log pipe
  log_profile = 33,  ///< node -> VM on the log-profile pipe
};

/// A short name for a kind ("call_request"); "kind <n>" when unknown.
std::string kind_name(uint32_t kind);

constexpr size_t preamble_bytes = 8;

/// Default largest payload either side accepts. Default: 16 MiB.
constexpr uint32_t default_max_frame_bytes = 16u << 20;

/// Version of the VM IPC protocol as a whole (sent in initialize/version).
constexpr uint32_t protocol_version = 1;

struct preamble {
  uint32_t length = 0;
  uint32_t kind = 0;
};

/// Thrown on any malformed frame or payload; the dialogue is then broken.
class codec_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Writes the 8 preamble bytes (little-endian on every host) to `out`.
void write_preamble(const preamble& p, char* out);

/// Reads a preamble from 8 bytes.
preamble read_preamble(const char* in);

/// Throws codec_error when `p.length` exceeds `max_frame_bytes`.
void check_frame_size(const preamble& p, uint32_t max_frame_bytes);

}  // namespace vireo::vm_proto
