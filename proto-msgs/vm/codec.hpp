// Encoding a message into a whole frame and decoding a payload into a message.
// Stateless; safe from any thread.
#pragma once

#include <msgpack.hpp>
#include <string>
#include <string_view>

#include "proto-msgs/vm/frame.hpp"
#include "support/msgpack_bytes.hpp"

namespace vireo::vm_proto {

/// A msgpack output stream that appends to a std::string, so a frame is packed
/// in place instead of through an sbuffer and a copy.
struct string_sink {
  std::string& out;
  void write(const char* data, size_t n) { out.append(data, n); }
};

/// Replaces `out` with the frame of `msg` (preamble + msgpack payload, kind
/// taken from Msg::kind), reusing its capacity.
template <typename Msg>
void encode_frame_into(const Msg& msg, std::string& out) {
  out.assign(preamble_bytes, '\0');
  string_sink sink{out};
  msgpack::pack(sink, msg);
  write_preamble(preamble{static_cast<uint32_t>(out.size() - preamble_bytes), static_cast<uint32_t>(Msg::kind)},
                 out.data());
}

/// Preamble + msgpack payload of `msg`, kind taken from Msg::kind.
template <typename Msg>
std::string encode_frame(const Msg& msg) {
  std::string out;
  out.reserve(256);  // most frames fit: one allocation
  encode_frame_into(msg, out);
  return out;
}

namespace detail {

/// Strings and binaries stay in the payload rather than being copied into the
/// zone: the payload outlives the msgpack object, converted at once.
inline bool reference_all(msgpack::type::object_type, std::size_t, void*) { return true; }

/// The zone decode_payload unpacks into, one per thread, cleared per use so its
/// first chunk is allocated once.
inline msgpack::zone& decode_zone() {
  thread_local msgpack::zone zone;
  return zone;
}

}  // namespace detail

/// Decodes a payload (the bytes after the preamble). Throws codec_error when it
/// is not one msgpack array convertible to Msg, or carries trailing bytes.
template <typename Msg>
Msg decode_payload(std::string_view payload) {
  try {
    msgpack::zone& zone = detail::decode_zone();
    zone.clear();
    std::size_t offset = 0;
    const msgpack::object obj =
        msgpack::unpack(zone, payload.data(), payload.size(), offset, &detail::reference_all, nullptr,
                        msgpack_limits_for(payload.size()));
    if (offset != payload.size()) throw codec_error("trailing bytes after the payload");
    if (obj.type != msgpack::type::ARRAY) throw codec_error("payload is not a msgpack array");
    Msg msg;
    obj.convert(msg);
    return msg;
  } catch (const codec_error&) {
    throw;
  } catch (const std::exception& e) {
    throw codec_error(std::string("bad ") + kind_name(static_cast<uint32_t>(Msg::kind)) +
                      " payload: " + e.what());
  }
}

}  // namespace vireo::vm_proto
