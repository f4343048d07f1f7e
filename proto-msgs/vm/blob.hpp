// Raw bytes on the VM wire: packed as msgpack `bin` (not `str`, which promises
// UTF-8), held in a std::string because state keys and values are std::string.
#pragma once

#include <msgpack.hpp>
#include <string>

namespace vireo::vm_proto {

/// Opaque bytes; packed as msgpack bin, accepted as bin or str when read.
struct blob {
  std::string bytes;

  blob() = default;
  blob(std::string b) : bytes(std::move(b)) {}  // NOLINT: implicit by design
  friend bool operator==(const blob& a, const blob& b) { return a.bytes == b.bytes; }
  friend bool operator!=(const blob& a, const blob& b) { return !(a == b); }
};

}  // namespace vireo::vm_proto

namespace msgpack {
MSGPACK_API_VERSION_NAMESPACE(MSGPACK_DEFAULT_API_NS) {
  namespace adaptor {

  template <>
  struct pack<vireo::vm_proto::blob> {
    template <typename Stream>
    packer<Stream>& operator()(packer<Stream>& o, const vireo::vm_proto::blob& v) const {
      const auto size = static_cast<uint32_t>(v.bytes.size());
      o.pack_bin(size);
      o.pack_bin_body(v.bytes.data(), size);
      return o;
    }
  };

  template <>
  struct convert<vireo::vm_proto::blob> {
    const msgpack::object& operator()(const msgpack::object& o, vireo::vm_proto::blob& v) const {
      if (o.type == msgpack::type::BIN) {
        v.bytes.assign(o.via.bin.ptr, o.via.bin.size);
      } else if (o.type == msgpack::type::STR) {
        v.bytes.assign(o.via.str.ptr, o.via.str.size);
      } else {
        throw msgpack::type_error();
      }
      return o;
    }
  };

  }  // namespace adaptor
}  // MSGPACK_API_VERSION_NAMESPACE
}  // namespace msgpack
