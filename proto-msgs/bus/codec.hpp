// Encoding and decoding of bus frames. Pure functions, thread-safe.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "proto-msgs/bus/messages.hpp"
#include "support/msgpack_bytes.hpp"

namespace vireo::bus {

/// A frame that cannot be decoded; code() says why, what() says where.
class decode_error : public std::runtime_error {
 public:
  decode_error(error_code code, const std::string& what) : std::runtime_error(what), code_(code) {}
  error_code code() const { return code_; }

 private:
  error_code code_;
};

/// Packs any msgpack-defined value (array form).
template <class T>
std::string pack(const T& value) {
  return msgpack_string(value);
}

/// Unpacks bytes made by pack<T>(). Throws decode_error(malformed).
template <class T>
T unpack(std::string_view bytes) {
  try {
    auto handle = msgpack_unpack(bytes);
    return handle.get().as<T>();
  } catch (const std::exception& e) {
    throw decode_error(error_code::malformed, std::string("malformed body: ") + e.what());
  }
}

/// An envelope of `type` around `body`.
template <class Body>
std::string encode(message_type type, uint64_t correlation_id, const Body& body) {
  return pack(envelope{protocol_version, static_cast<uint16_t>(type), correlation_id, pack(body)});
}

/// Decodes and checks an envelope: known version and type.
/// Throws decode_error (malformed, unsupported_version, unknown_type); when the
/// envelope itself parsed, `correlation_id` is set so the error can be answered.
envelope decode(std::string_view frame, uint64_t& correlation_id);

}  // namespace vireo::bus
