// Bounds for decoding msgpack from a buffer of known size.
//
// msgpack-c allocates room for a container's declared element count before
// it reads the elements, so a count that is corrupt or hostile (a bus frame,
// a VM pipe payload, a damaged ledger record) asks for up to 2^32 elements,
// and a zone of some 100 GB. No well-formed buffer declares more elements
// than it has bytes for: an array element takes at least one byte, a map
// entry two, a string or binary its own length. These limits reject the
// other counts before anything is allocated. msgpack-c throws a
// msgpack::size_overflow ("array size overflow", ...) for them.
#pragma once

#include <cstddef>

#include <msgpack.hpp>

namespace vireo {

/// The unpack_limit for decoding `size` bytes.
inline msgpack::unpack_limit msgpack_limits_for(std::size_t size) {
  return msgpack::unpack_limit(size, size / 2, size, size, size);
}

}  // namespace vireo
