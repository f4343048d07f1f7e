#include "services/vm/driver/output_pump.hpp"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cerrno>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/control_messages.hpp"
#include "support/logging.hpp"
#include "support/thread_name.hpp"

namespace vireo::vm {
namespace {

/// Bytes of one stream not yet forwarded, split into lines or frames.
struct stream_buffer {
  int fd = -1;
  std::string pending;
};

/// Drains what `fd` has now; false once it reached EOF or failed.
bool drain(stream_buffer& s) {
  char buf[4096];
  for (;;) {
    const ssize_t n = ::read(s.fd, buf, sizeof buf);
    if (n > 0) {
      s.pending.append(buf, static_cast<size_t>(n));
      continue;
    }
    return n < 0 && (errno == EAGAIN || errno == EINTR);
  }
}

}  // namespace

output_pump::output_pump(pid_t pid, int logs_fd, int stdout_fd, int stderr_fd, std::string invocation_id)
    : pid_(pid),
      logs_fd_(logs_fd),
      stdout_fd_(stdout_fd),
      stderr_fd_(stderr_fd),
      invocation_id_(std::move(invocation_id)),
      thread_(named_thread("vm-output", [this] { run(); })) {}

output_pump::~output_pump() {
  stop_ = true;
  thread_.join();
}

void output_pump::set_invocation(const std::string& id) {
  std::lock_guard<std::mutex> guard(mutex_);
  invocation_id_ = id;
}

std::string output_pump::invocation() const {
  std::lock_guard<std::mutex> guard(mutex_);
  return invocation_id_;
}

void output_pump::run() {
  auto log = vireo::logger("vm");
  std::array<stream_buffer, 3> streams{{{logs_fd_, {}}, {stdout_fd_, {}}, {stderr_fd_, {}}}};
  auto forward_lines = [&](stream_buffer& s, spdlog::level::level_enum level, bool flush_all) {
    size_t start = 0;
    for (size_t nl; (nl = s.pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      log->log(level, "inv={} vm_pid={} {}", invocation(), pid_, s.pending.substr(start, nl - start));
    }
    s.pending.erase(0, start);
    if (flush_all && !s.pending.empty()) {
      log->log(level, "inv={} vm_pid={} {}", invocation(), pid_, s.pending);
      s.pending.clear();
    }
  };
  auto forward_frames = [&](stream_buffer& s) {
    while (s.pending.size() >= vm_proto::preamble_bytes) {
      const auto p = vm_proto::read_preamble(s.pending.data());
      if (p.length > vm_proto::default_max_frame_bytes) {
        log->warn("inv={} vm_pid={} log pipe carries a {}-byte frame; dropping the log stream",
                  invocation(), pid_, p.length);
        s.pending.clear();
        s.fd = -1;
        return;
      }
      if (s.pending.size() < vm_proto::preamble_bytes + p.length) return;
      try {
        const auto record = vm_proto::decode_payload<vm_proto::log_record>(
            std::string_view(s.pending).substr(vm_proto::preamble_bytes, p.length));
        const auto level = static_cast<spdlog::level::level_enum>(std::min<uint32_t>(record.level, 6));
        log->log(level, "inv={} vm_pid={} {}",
                 record.invocation_id.empty() ? invocation() : record.invocation_id, pid_, record.message);
      } catch (const std::exception& e) {
        log->warn("inv={} vm_pid={} bad log frame: {}", invocation(), pid_, e.what());
      }
      s.pending.erase(0, vm_proto::preamble_bytes + p.length);
    }
  };

  size_t open = streams.size();
  while (open > 0 && !stop_) {
    std::array<pollfd, 3> fds{};
    for (size_t i = 0; i < streams.size(); ++i) fds[i] = {streams[i].fd, POLLIN, 0};
    if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
    for (size_t i = 0; i < streams.size(); ++i) {
      if (streams[i].fd < 0 || fds[i].revents == 0) continue;
      const bool alive = drain(streams[i]);
      if (i == 0) {
        forward_frames(streams[i]);
      } else {
        forward_lines(streams[i], i == 1 ? spdlog::level::trace : spdlog::level::err, !alive);
      }
      if (!alive) {
        streams[i].fd = -1;  // poll ignores negative fds
        --open;
      }
    }
  }
}

}  // namespace vireo::vm
