#include "services/vm/driver/vm_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <chrono>
#include <system_error>
#include <thread>

#include "services/vm/child/child_fds.hpp"

extern char** environ;

namespace vireo::vm {
namespace {

struct pipe_pair {
  int read = -1;
  int write = -1;
};

pipe_pair make_pipe() {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) throw std::system_error(errno, std::generic_category(), "pipe2");
  return {fds[0], fds[1]};
}

void set_nonblocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

/// In the forked child: moves each source fd onto its target number. Sources
/// are first duplicated above every target, so no dup2 clobbers a later source.
/// Allocates nothing: only async-signal-safe calls between fork and exec.
using fd_moves = std::array<std::pair<int, int>, 7>;

[[noreturn]] void exec_child(const char* binary, const fd_moves& moves, char** envp) {
  fd_moves staged = moves;
  for (auto& [source, target] : staged) source = ::fcntl(source, F_DUPFD_CLOEXEC, 64);
  for (const auto& [temp, target] : staged) ::dup2(temp, target);
  char* argv[] = {const_cast<char*>(binary), nullptr};
  ::execve(binary, argv, envp);
  ::_exit(127);
}

}  // namespace

vm_process::vm_process(const std::string& binary, const std::vector<std::string>& extra_env) {
  const child_fds target;
  // init, node->vm, vm->node, log profile, logs, stdout, stderr
  std::array<pipe_pair, 7> pipes;
  auto close_all = [&pipes] {
    for (auto& p : pipes) {
      close_fd(p.read);
      close_fd(p.write);
    }
  };
  try {
    for (auto& p : pipes) p = make_pipe();
  } catch (...) {
    close_all();
    throw;
  }
  auto& [init, n2v, v2n, prof, logs, out, err] = pipes;
  const fd_moves moves = {{
      {init.read, target.init},       {n2v.read, target.node_to_vm}, {v2n.write, target.vm_to_node},
      {prof.read, target.log_profile}, {logs.write, target.logs},     {out.write, STDOUT_FILENO},
      {err.write, STDERR_FILENO}}};
  // The environment is built before fork: only async-signal-safe calls after it.
  std::vector<std::string> env_strings;
  for (char** e = environ; *e != nullptr; ++e) env_strings.emplace_back(*e);
  env_strings.insert(env_strings.end(), extra_env.begin(), extra_env.end());
  std::vector<char*> envp;
  for (auto& s : env_strings) envp.push_back(s.data());
  envp.push_back(nullptr);

  pid_ = ::fork();
  if (pid_ < 0) {
    const int error = errno;
    close_all();
    throw std::system_error(error, std::generic_category(), "fork");
  }
  if (pid_ == 0) exec_child(binary.c_str(), moves, envp.data());

  for (int* fd : {&init.read, &n2v.read, &v2n.write, &prof.read, &logs.write, &out.write, &err.write}) close_fd(*fd);
  init_ = init.write;
  to_vm_ = n2v.write;
  from_vm_ = v2n.read;
  profile_ = prof.write;
  logs_ = logs.read;
  stdout_ = out.read;
  stderr_ = err.read;
  // Reads of the child's frames block, as a raw pipe round trip does: the
  // pool's dialogue_watchdog keeps their deadline by killing the child.
  for (int fd : {init_, to_vm_, profile_, logs_, stdout_, stderr_}) set_nonblocking(fd);
}

vm_process::~vm_process() {
  kill();
  for (int* fd : {&init_, &to_vm_, &from_vm_, &profile_, &logs_, &stdout_, &stderr_}) close_fd(*fd);
}

void vm_process::close_init() { close_fd(init_); }

bool vm_process::reap_if_exited() {
  if (reaped_) return true;
  const pid_t r = ::waitpid(pid_, &wait_status_, WNOHANG);
  if (r == pid_) reaped_ = true;
  return reaped_;
}

void vm_process::kill() {
  if (pid_ <= 0 || reaped_) return;
  ::kill(pid_, SIGKILL);
  while (::waitpid(pid_, &wait_status_, 0) < 0 && errno == EINTR) {
  }
  reaped_ = true;
}

void vm_process::wait_or_kill(int timeout_ms) {
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!reap_if_exited() && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  kill();
}

std::string vm_process::status_text() const {
  if (!reaped_) return "running";
  if (WIFEXITED(wait_status_)) {
    const int code = WEXITSTATUS(wait_status_);
    const char* meaning = code == 127 ? "exec failed" : describe(static_cast<vm_exit>(code));
    return "exited with code " + std::to_string(code) + " (" + meaning + ")";
  }
  if (WIFSIGNALED(wait_status_)) return "killed by signal " + std::to_string(WTERMSIG(wait_status_));
  return "gone";
}

}  // namespace vireo::vm
