// Whole reads and writes on a (pipe) descriptor with an optional wall deadline,
// enforced with poll(). A deadline needs a non-blocking descriptor (the driver's
// ends are); a blocking one (vireo-vm's) is read and written without deadline.
// Thread-compatible: one reader and one writer per descriptor.
#pragma once

#include <chrono>
#include <optional>
#include <stdexcept>
#include <string>

namespace vireo::vm {

using deadline_t = std::optional<std::chrono::steady_clock::time_point>;

/// Why a transfer stopped. `kind` lets callers tell a timeout from a broken pipe.
class transport_error : public std::runtime_error {
 public:
  enum class reason { timeout, closed, io };
  transport_error(reason r, const std::string& what) : std::runtime_error(what), reason_(r) {}
  reason why() const { return reason_; }

 private:
  reason reason_;
};

/// Reads exactly `n` bytes. Throws transport_error (closed when the peer closed
/// before the first byte or mid-way; timeout past `deadline`).
void read_exact(int fd, char* out, size_t n, deadline_t deadline);

/// Reads what is available, at most `n` bytes, waiting for at least one.
/// Reads first and polls only when a non-blocking descriptor has nothing yet:
/// a peer on the same CPU has often answered by the time we read. Throws
/// transport_error (closed on EOF; timeout past `deadline`).
size_t read_some(int fd, char* out, size_t n, deadline_t deadline);

/// Writes all of `data`. Throws transport_error.
void write_all(int fd, const char* data, size_t n, deadline_t deadline);

/// True when `fd` has data (or EOF) to read right now.
bool readable_now(int fd);

}  // namespace vireo::vm
