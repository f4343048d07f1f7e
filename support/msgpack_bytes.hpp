// msgpack to and from byte strings, shared by the bus's frames, the VM pipe's
// payloads and the ledger's records.
//
// Decoding is bounded by the buffer's size. msgpack-c allocates room for a
// container's declared element count before it reads the elements, so a
// count that is corrupt or hostile asks for up to 2^32 elements, a zone of
// some 100 GB. No well-formed buffer declares more elements than it has bytes
// for: an array element takes at least one byte, a map entry two, a string or
// binary its own length. These limits reject the other counts before anything
// is allocated; msgpack-c throws a msgpack::size_overflow ("array size
// overflow", ...) for them.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include <msgpack.hpp>

namespace vireo {

/// The unpack_limit for decoding `size` bytes.
inline msgpack::unpack_limit msgpack_limits_for(std::size_t size) {
  return msgpack::unpack_limit(size, size / 2, size, size, size);
}

/// `value` packed (array form for MSGPACK_DEFINE types and tuples).
template <class T>
std::string msgpack_string(const T& value) {
  msgpack::sbuffer buffer;
  msgpack::pack(buffer, value);
  return std::string(buffer.data(), buffer.size());
}

/// `bytes` unpacked under msgpack_limits_for(bytes.size()). Throws what
/// msgpack-c throws on bytes that are not one msgpack value.
inline msgpack::object_handle msgpack_unpack(std::string_view bytes) {
  return msgpack::unpack(bytes.data(), bytes.size(), nullptr, nullptr, msgpack_limits_for(bytes.size()));
}

}  // namespace vireo
