#include "services/peer/supervised_process.hpp"

#include "services/peer/peer_probe.hpp"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <vector>

#include "services/peer/log.hpp"
#include "support/thread_name.hpp"

extern char** environ;

namespace vireo::peer {
namespace {

using clock = std::chrono::steady_clock;
constexpr std::chrono::seconds healthy_uptime{10};

std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

// Our environment with `overrides` replacing or adding entries.
std::vector<std::string> merged_environment(const std::map<std::string, std::string>& overrides) {
  std::vector<std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    if (overrides.count(entry.substr(0, entry.find('='))) == 0) out.push_back(entry);
  }
  for (const auto& [k, v] : overrides) out.push_back(k + "=" + v);
  return out;
}

}  // namespace

const char* to_string(launch_status::phase p) {
  switch (p) {
    case launch_status::phase::starting: return "starting";
    case launch_status::phase::running: return "running";
    case launch_status::phase::backing_off: return "backing_off";
    case launch_status::phase::stopped: return "stopped";
  }
  return "?";
}

supervised_process::supervised_process(launch_spec spec) : spec_(std::move(spec)) {
  probe::launch_phase_changed(nullptr, to_string(status_.current));
  thread_ = named_thread("peer-cc-launch", [this] { supervise(); });
}

void supervised_process::enter(launch_status::phase next) {
  probe::launch_phase_changed(to_string(status_.current), to_string(next));
  status_.current = next;
}

supervised_process::~supervised_process() { stop(); }

pid_t supervised_process::spawn(std::string& error) {
  const std::string script = "exec " + spec_.command + " \"$@\"";
  std::vector<std::string> args = {"/bin/sh", "-c", script, "sh", "--peer.address", spec_.peer_address};
  std::vector<std::string> env = merged_environment(spec_.env);
  std::vector<char*> argv, envp;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);

  posix_spawn_file_actions_t files;
  posix_spawnattr_t attr;
  posix_spawn_file_actions_init(&files);
  posix_spawnattr_init(&attr);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  if (!spec_.log_file.empty()) {
    posix_spawn_file_actions_addopen(&files, 1, spec_.log_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&files, 1, 2);
  }
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attr, 0);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, "/bin/sh", &files, &attr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&files);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    error = "spawn failed: " + std::string(std::strerror(rc));
    return 0;
  }
  return pid;
}

void supervised_process::supervise() {
  std::chrono::milliseconds backoff{spec_.backoff_initial_ms};
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    std::string error;
    lock.unlock();
    pid_t pid = spawn(error);
    auto started = clock::now();
    lock.lock();
    ++status_.starts;
    if (pid > 0) {
      enter(launch_status::phase::running);
      status_.pid = pid;
      if (stopping_) ::kill(-pid, SIGTERM);  // stop() ran while we were spawning
      log().info("chaincode {} launched, pid {} (start #{})", spec_.chaincode_id, pid, status_.starts);
      cv_.notify_all();
      lock.unlock();
      int wstatus = 0;
      while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
      }
      lock.lock();
      status_.pid = 0;
      status_.last_exit = describe_exit(wstatus);
    } else {
      status_.last_exit = error;
    }
    if (stopping_) break;
    if (clock::now() - started >= healthy_uptime) backoff = std::chrono::milliseconds(spec_.backoff_initial_ms);
    enter(launch_status::phase::backing_off);
    status_.next_backoff = backoff;
    log().warn("chaincode {} exited ({}), restarting in {} ms", spec_.chaincode_id, status_.last_exit,
               backoff.count());
    cv_.notify_all();
    cv_.wait_for(lock, backoff, [this] { return stopping_; });
    backoff = std::min(backoff * 2, std::chrono::milliseconds(spec_.backoff_max_ms));
  }
  enter(launch_status::phase::stopped);
  cv_.notify_all();
}

void supervised_process::stop() {
  std::unique_lock<std::mutex> lock(mu_);
  if (!stopping_) {
    stopping_ = true;
    if (status_.pid > 0) ::kill(-status_.pid, SIGTERM);
    cv_.notify_all();
    auto grace = std::chrono::milliseconds(spec_.stop_grace_ms);
    if (!cv_.wait_for(lock, grace, [this] { return status_.current == launch_status::phase::stopped; }) &&
        status_.pid > 0) {
      log().warn("chaincode {} ignored SIGTERM, killing process group {}", spec_.chaincode_id, status_.pid);
      ::kill(-status_.pid, SIGKILL);
    }
  }
  lock.unlock();
  if (thread_.joinable() && thread_.get_id() != std::this_thread::get_id()) thread_.join();
}

launch_status supervised_process::status() const {
  std::lock_guard<std::mutex> lock(mu_);
  return status_;
}

bool supervised_process::wait_started(uint32_t starts, std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_until(lock, deadline, [&] {
    return status_.starts >= starts && status_.current == launch_status::phase::running;
  });
}

}  // namespace vireo::peer
