// Encoding a message into a whole frame and decoding a payload into a message.
// Stateless; safe from any thread.
#pragma once

#include <msgpack.hpp>
#include <string>
#include <string_view>

#include "proto-msgs/vm/frame.hpp"

namespace vireo::vm_proto {

/// Preamble + msgpack payload of `msg`, kind taken from Msg::kind.
template <typename Msg>
std::string encode_frame(const Msg& msg) {
  msgpack::sbuffer buf;
  buf.write("\0\0\0\0\0\0\0\0", preamble_bytes);
  msgpack::pack(buf, msg);
  std::string out(buf.data(), buf.size());
  write_preamble(preamble{static_cast<uint32_t>(out.size() - preamble_bytes),
                          static_cast<uint32_t>(Msg::kind)},
                 out.data());
  return out;
}

/// Decodes a payload (the bytes after the preamble). Throws codec_error when it
/// is not one msgpack array convertible to Msg, or carries trailing bytes.
template <typename Msg>
Msg decode_payload(std::string_view payload) {
  try {
    std::size_t offset = 0;
    msgpack::object_handle handle = msgpack::unpack(payload.data(), payload.size(), offset);
    if (offset != payload.size()) throw codec_error("trailing bytes after the payload");
    const msgpack::object& obj = handle.get();
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
