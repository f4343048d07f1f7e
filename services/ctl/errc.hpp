// Exit codes of vireoctl and the error that carries one. Scripts rely on the
// numbers (docs/cli.md lists them); each code has one fixed name generated
// from the list below, so a code and its name cannot drift.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace vireo::ctl {

#define VIREO_CTL_ERRC(X)                                                  \
  X(ok, 0, "ok")                                                           \
  X(usage, 1, "usage error")                                               \
  X(unreachable, 2, "server unreachable")                                  \
  X(not_found, 3, "not found")                                             \
  X(rejected, 4, "rejected by the server")                                 \
  X(server_error, 5, "server error")                                       \
  X(invocation_failed, 6, "invocation failed")                             \
  X(timeout, 7, "timed out")

/// What a vireoctl run ended with; the value is the process exit code.
enum class errc : int {
#define VIREO_CTL_ERRC_ENUM(name, value, text) name = value,
  VIREO_CTL_ERRC(VIREO_CTL_ERRC_ENUM)
#undef VIREO_CTL_ERRC_ENUM
};

/// The fixed text of `code`, e.g. "not found".
std::string_view to_string(errc code);

/// A command could not finish; `what()` is the line printed on stderr.
class ctl_error : public std::runtime_error {
 public:
  ctl_error(errc code, const std::string& message) : std::runtime_error(message), code_(code) {}
  errc code() const { return code_; }

 private:
  errc code_;
};

}  // namespace vireo::ctl
