#include "services/vm/pipe/frame_io.hpp"

#include <algorithm>

namespace vireo::vm {
namespace {

/// A payload the peer stopped sending half-way: name the frame.
[[noreturn]] void rethrow_cut_short(const vm_proto::preamble& p, const transport_error& e) {
  if (e.why() != transport_error::reason::closed) throw e;
  throw transport_error(e.why(), "pipe closed mid-frame: " + vm_proto::kind_name(p.kind) + " payload of " +
                                     std::to_string(p.length) + " bytes cut short");
}

}  // namespace

raw_frame read_frame(int fd, uint32_t max_frame_bytes, deadline_t deadline) {
  char head[vm_proto::preamble_bytes];
  read_exact(fd, head, sizeof head, deadline);
  const vm_proto::preamble p = vm_proto::read_preamble(head);
  vm_proto::check_frame_size(p, max_frame_bytes);
  raw_frame frame;
  frame.kind = p.kind;
  frame.payload.resize(p.length);
  try {
    read_exact(fd, frame.payload.data(), p.length, deadline);
  } catch (const transport_error& e) {
    rethrow_cut_short(p, e);
  }
  return frame;
}

void frame_reader::fill(size_t n, deadline_t deadline, bool in_frame) {
  constexpr size_t chunk = 64 * 1024;
  while (end_ - begin_ < n) {
    if (begin_ > 0) {  // keep the unread bytes at the front
      std::copy(buffer_.begin() + static_cast<std::ptrdiff_t>(begin_),
                buffer_.begin() + static_cast<std::ptrdiff_t>(end_), buffer_.begin());
      end_ -= begin_;
      begin_ = 0;
    }
    if (buffer_.size() < std::max(n, chunk)) buffer_.resize(std::max(n, chunk));
    try {
      end_ += read_some(fd_, buffer_.data() + end_, buffer_.size() - end_, deadline);
    } catch (const transport_error& e) {
      if (e.why() == transport_error::reason::closed && (in_frame || end_ > 0)) {
        throw transport_error(e.why(), "pipe closed mid-frame after " + std::to_string(end_) + " of " +
                                           std::to_string(n) + " bytes");
      }
      throw;
    }
  }
}

const raw_frame& frame_reader::read(uint32_t max_frame_bytes, deadline_t deadline) {
  fill(vm_proto::preamble_bytes, deadline, false);
  const vm_proto::preamble p = vm_proto::read_preamble(buffer_.data() + begin_);
  vm_proto::check_frame_size(p, max_frame_bytes);
  try {
    fill(vm_proto::preamble_bytes + p.length, deadline, true);
  } catch (const transport_error& e) {
    rethrow_cut_short(p, e);
  }
  frame_.kind = p.kind;
  frame_.payload.assign(buffer_.data() + begin_ + vm_proto::preamble_bytes, p.length);
  begin_ += vm_proto::preamble_bytes + p.length;
  return frame_;
}

void write_frame(int fd, const std::string& frame, deadline_t deadline) {
  write_all(fd, frame.data(), frame.size(), deadline);
}

void dialogue_nonce::accept(uint64_t received) {
  if (received != last_ + 1) {
    throw vm_proto::codec_error("nonce mismatch: expected " + std::to_string(last_ + 1) + ", got " +
                                std::to_string(received));
  }
  last_ = received;
}

}  // namespace vireo::vm
