#include "tests/services/ctl/ctl_process.hpp"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {

namespace {

/// Reads both pipes until they close or the deadline passes; false on
/// timeout. Closes both read ends either way.
bool drain(int out_fd, int err_fd, ctl_result& result, std::chrono::steady_clock::time_point deadline) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&result.out, &result.err};
  int open = 2;
  while (open > 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) {
      for (auto& fd : fds)
        if (fd.fd >= 0)
          close(fd.fd);
      return false;
    }
    if (poll(fds, 2, static_cast<int>(left.count())) < 0)
      continue;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
        continue;
      char buffer[4096];
      auto n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open;
      }
    }
  }
  return true;
}

std::vector<char*> pointers_to(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (auto& s : strings)
    out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

}  // namespace

ctl_result run_vireoctl(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                        int timeout_ms) {
  // Everything the child needs is built before fork: a test may run this
  // from several threads, and the child may only make async-signal-safe calls.
  std::vector<std::string> strings = {bin_dir() + "/vireoctl"};
  strings.insert(strings.end(), args.begin(), args.end());
  std::vector<std::string> environment;
  for (char** e = environ; *e; ++e) {
    std::string entry = *e;
    if (!env.count(entry.substr(0, entry.find('='))))
      environment.push_back(entry);
  }
  for (auto& [name, value] : env)
    if (!value.empty())
      environment.push_back(name + "=" + value);
  auto argv = pointers_to(strings);
  auto envp = pointers_to(environment);

  int out_pipe[2], err_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0 || pipe2(err_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid == 0) {
    dup2(out_pipe[1], STDOUT_FILENO);
    dup2(err_pipe[1], STDERR_FILENO);
    execve(argv[0], argv.data(), envp.data());
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  ctl_result result;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  if (!drain(out_pipe[0], err_pipe[0], result, deadline)) {
    ::kill(pid, SIGKILL);
    result.err += "\n[test: vireoctl killed after " + std::to_string(timeout_ms) + " ms]";
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

ctl_result run_vireoctl_on_terminal(const std::vector<std::string>& args, int timeout_ms) {
  std::vector<std::string> strings = {bin_dir() + "/vireoctl"};
  strings.insert(strings.end(), args.begin(), args.end());
  auto argv = pointers_to(strings);
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  int terminal = -1;
  pid_t pid = forkpty(&terminal, nullptr, nullptr, nullptr);
  if (pid < 0)
    throw std::runtime_error("forkpty failed");
  if (pid == 0) {
    // stdin and stderr are the terminal; stdout goes to the pipe.
    dup2(out_pipe[1], STDOUT_FILENO);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out_pipe[1]);
  ctl_result result;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  // A pseudo-terminal's master reads EIO once the child side is closed: drain
  // treats any end of reading as closed.
  if (!drain(out_pipe[0], terminal, result, deadline)) {
    ::kill(pid, SIGKILL);
    result.err += "\n[test: vireoctl killed after " + std::to_string(timeout_ms) + " ms]";
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return result;
}

}  // namespace vireo::testing
