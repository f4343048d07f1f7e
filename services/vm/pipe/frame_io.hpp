// Frames on pipes: read one whole frame (preamble, size check, payload) and
// write one, each under a deadline; plus the dialogue nonce rule.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/frame.hpp"
#include "services/vm/pipe/fd_io.hpp"

namespace vireo::vm {

struct raw_frame {
  uint32_t kind = 0;
  std::string payload;
};

/// Reads one frame with exact reads (never past its end: for descriptors read
/// once or by several owners). Throws transport_error, or vm_proto::codec_error
/// when the preamble announces more than `max_frame_bytes`.
raw_frame read_frame(int fd, uint32_t max_frame_bytes, deadline_t deadline);

/// Reads frames from one descriptor through a buffer, so that one read()
/// usually brings a whole frame. Owned by the one reader of the descriptor.
class frame_reader {
 public:
  explicit frame_reader(int fd) : fd_(fd) {}

  /// As read_frame, from the buffer first. The frame is the reader's own,
  /// valid until the next read: its payload's capacity is reused.
  const raw_frame& read(uint32_t max_frame_bytes, deadline_t deadline);

 private:
  /// Buffers at least `n` unread bytes. `in_frame`: a frame has begun (EOF
  /// is then "mid-frame").
  void fill(size_t n, deadline_t deadline, bool in_frame);

  int fd_;
  std::vector<char> buffer_;  // grown once, never shrunk or zeroed per read
  size_t begin_ = 0;          // first unread byte
  size_t end_ = 0;            // one past the last buffered byte
  raw_frame frame_;           // the last frame read
};

/// Writes an encoded frame (vm_proto::encode_frame). Throws transport_error.
void write_frame(int fd, const std::string& frame, deadline_t deadline);

/// Decodes `frame` as Msg; throws vm_proto::codec_error when its kind is another.
template <typename Msg>
Msg decode_as(const raw_frame& frame) {
  if (frame.kind != static_cast<uint32_t>(Msg::kind)) {
    throw vm_proto::codec_error("expected " + vm_proto::kind_name(static_cast<uint32_t>(Msg::kind)) +
                                ", got " + vm_proto::kind_name(frame.kind));
  }
  return vm_proto::decode_payload<Msg>(frame.payload);
}

/// The dialogue nonce rule (PROTOCOLS.md §2): each side increments on send, a
/// received message carries exactly the last nonce + 1; both reset when a
/// dialogue ends.
class dialogue_nonce {
 public:
  /// The nonce for the next message this side sends.
  uint64_t next() { return ++last_; }
  /// Accepts a received nonce; throws vm_proto::codec_error when it is not last + 1.
  void accept(uint64_t received);
  void reset() { last_ = 0; }
  uint64_t last() const { return last_; }

 private:
  uint64_t last_ = 0;
};

}  // namespace vireo::vm
