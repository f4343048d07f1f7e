#include "proto-msgs/vm/frame.hpp"

#include <string>

namespace vireo::vm_proto {
namespace {

void put_u32_le(uint32_t v, char* out) {
  for (int i = 0; i < 4; ++i) out[i] = static_cast<char>((v >> (8 * i)) & 0xffu);
}

uint32_t get_u32_le(const char* in) {
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(static_cast<unsigned char>(in[i])) << (8 * i);
  return v;
}

}  // namespace

std::string kind_name(uint32_t kind) {
  switch (static_cast<frame_kind>(kind)) {
    case frame_kind::initialize: return "initialize";
    case frame_kind::stop: return "stop";
    case frame_kind::deploy_request: return "deploy_request";
    case frame_kind::call_request: return "call_request";
    case frame_kind::contract_response: return "contract_response";
    case frame_kind::version_request: return "version_request";
    case frame_kind::version_response: return "version_response";
    case frame_kind::storage_read_request: return "storage_read_request";
    case frame_kind::storage_read_response: return "storage_read_response";
    case frame_kind::code_request: return "code_request";
    case frame_kind::code_response: return "code_response";
    case frame_kind::log_record: return "log_record";
    case frame_kind::log_profile: return "log_profile";
  }
  return "kind " + std::to_string(kind);
}

void write_preamble(const preamble& p, char* out) {
  put_u32_le(p.length, out);
  put_u32_le(p.kind, out + 4);
}

preamble read_preamble(const char* in) { return preamble{get_u32_le(in), get_u32_le(in + 4)}; }

void check_frame_size(const preamble& p, uint32_t max_frame_bytes) {
  if (p.length > max_frame_bytes) {
    throw codec_error("frame of " + std::to_string(p.length) + " bytes (" + kind_name(p.kind) +
                      ") exceeds the maximum of " + std::to_string(max_frame_bytes) + " bytes");
  }
}

}  // namespace vireo::vm_proto
