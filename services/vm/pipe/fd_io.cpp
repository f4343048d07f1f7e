#include "services/vm/pipe/fd_io.hpp"

#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace vireo::vm {
namespace {

using clock = std::chrono::steady_clock;

/// Milliseconds left before `deadline` (-1: none). Throws a timeout when none are left.
int milliseconds_left(deadline_t deadline, const char* what) {
  if (!deadline) return -1;
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(*deadline - clock::now());
  if (left.count() <= 0) throw transport_error(transport_error::reason::timeout, std::string(what) + " timed out");
  return static_cast<int>(std::min<long long>(left.count() + 1, 1 << 30));
}

/// Waits until `fd` is ready for `events` or the deadline passes.
void wait_ready(int fd, short events, deadline_t deadline, const char* what) {
  for (;;) {
    const int timeout_ms = milliseconds_left(deadline, what);
    pollfd p{fd, events, 0};
    const int r = ::poll(&p, 1, timeout_ms);
    if (r > 0) return;  // ready, or HUP/ERR: the read/write reports it
    if (r < 0 && errno != EINTR) {
      throw transport_error(transport_error::reason::io,
                            std::string(what) + ": poll: " + std::strerror(errno));
    }
  }
}

}  // namespace

void read_exact(int fd, char* out, size_t n, deadline_t deadline) {
  size_t done = 0;
  while (done < n) {
    // Read first: the data is often there already, and a blocking fd without a
    // deadline needs no poll at all. Poll only when a non-blocking read finds nothing.
    const ssize_t r = ::read(fd, out + done, n - done);
    if (r > 0) {
      done += static_cast<size_t>(r);
    } else if (r == 0) {
      throw transport_error(transport_error::reason::closed,
                            done == 0 ? "pipe closed" : "pipe closed mid-frame after " +
                                                            std::to_string(done) + " of " +
                                                            std::to_string(n) + " bytes");
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_ready(fd, POLLIN, deadline, "read");
    } else if (errno != EINTR) {
      throw transport_error(transport_error::reason::io, std::string("read: ") + std::strerror(errno));
    }
  }
}

size_t read_some(int fd, char* out, size_t n, deadline_t deadline) {
  // As read_exact: read first, poll only when nothing is there yet. The
  // deadline is still checked on every call, so a peer that always has data
  // ready cannot hold a dialogue past it.
  milliseconds_left(deadline, "read");
  for (;;) {
    const ssize_t r = ::read(fd, out, n);
    if (r > 0) return static_cast<size_t>(r);
    if (r == 0) throw transport_error(transport_error::reason::closed, "pipe closed");
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_ready(fd, POLLIN, deadline, "read");
    } else if (errno != EINTR) {
      throw transport_error(transport_error::reason::io, std::string("read: ") + std::strerror(errno));
    }
  }
}

void write_all(int fd, const char* data, size_t n, deadline_t deadline) {
  size_t done = 0;
  while (done < n) {
    const ssize_t r = ::write(fd, data + done, n - done);
    if (r >= 0) {
      done += static_cast<size_t>(r);
    } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
      wait_ready(fd, POLLOUT, deadline, "write");
    } else if (errno == EPIPE) {
      throw transport_error(transport_error::reason::closed, "pipe closed by the reader");
    } else if (errno != EINTR) {
      throw transport_error(transport_error::reason::io, std::string("write: ") + std::strerror(errno));
    }
  }
}

bool readable_now(int fd) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, 0) > 0;
}

}  // namespace vireo::vm
