// vm_client's lifecycle: start, restart backoff, stop. The dialogue itself is
// in vm_client_dialogue.cpp.
#include "services/vm/driver/vm_client.hpp"

#include <algorithm>
#include <thread>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/control_messages.hpp"
#include "services/vm/driver/output_pump.hpp"
#include "services/vm/driver/vm_process.hpp"
#include "services/vm/pipe/frame_io.hpp"
#include "support/logging.hpp"

namespace vireo::vm {
namespace {

[[noreturn]] void throw_overran() {
  throw transport_error(transport_error::reason::timeout, "the dialogue watchdog killed the child");
}

}  // namespace

vm_client::vm_client(const vm_settings& settings, std::string binary, dialogue_watchdog::slot& watch)
    : settings_(settings), binary_(std::move(binary)), watch_(watch), log_level_(settings.log_level) {}

vm_client::~vm_client() {
  if (!process_) return;
  try {
    write_frame(process_->to_vm_fd(), vm_proto::encode_frame(vm_proto::stop_message{}),
                clock::now() + std::chrono::milliseconds(200));
  } catch (const std::exception&) {
    // the child is gone or stuck: wait_or_kill below handles both
  }
  process_->wait_or_kill(1000);
  pump_.reset();
  process_.reset();
}

pid_t vm_client::pid() const { return process_ ? process_->pid() : 0; }

void vm_client::start(clock::time_point deadline) { ensure_started(deadline, {}); }

void vm_client::ensure_started(clock::time_point deadline, const std::string& invocation_id) {
  if (process_) return;
  if (clock::now() < next_start_) {
    if (deadline < next_start_) {
      throw std::runtime_error("vireo-vm is restarting after " + std::to_string(consecutive_failures_) +
                               " failures in a row; backoff outlasts the deadline");
    }
    std::this_thread::sleep_until(next_start_);
  }
  auto process = std::make_unique<vm_process>(binary_, settings_.extra_env);
  ++starts_;
  auto pump = std::make_unique<output_pump>(process->pid(), process->logs_fd(), process->stdout_fd(),
                                            process->stderr_fd(), invocation_id);
  vm_proto::init_message init;
  init.max_frame_bytes = settings_.max_frame_bytes;
  init.log_level = log_level_;
  child_log_level_ = init.log_level;
  init.gas_per_host_call = settings_.gas_per_host_call;
  init.module_cache_entries = settings_.module_cache_entries;
  try {
    write_frame(process->init_fd(), vm_proto::encode_frame(init), deadline);
  } catch (const transport_error& e) {
    pump.reset();
    process->wait_or_kill(100);
    throw std::runtime_error("vireo-vm did not start: " + process->status_text() + " (" + e.what() + ")");
  }
  process->close_init();
  vireo::logger("vm")->info("vm_pid={} started {} (start #{})", process->pid(), binary_, starts_);
  reader_ = std::make_unique<frame_reader>(process->from_vm_fd());
  process_ = std::move(process);
  pump_ = std::move(pump);
}

std::string vm_client::discard_child(const std::string& why, child_after_failure child) {
  std::string status = "no child";
  if (process_) {
    // A child that died by itself is reaped with its own status; else we kill it.
    int waits_ms = 0;
    if (child == child_after_failure::closed_pipe) waits_ms = 500;
    if (child == child_after_failure::running) waits_ms = 5;
    for (int i = 0; i < waits_ms && !process_->reap_if_exited(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    const bool died_by_itself = child != child_after_failure::overran && process_->reap_if_exited();
    process_->kill();
    status = died_by_itself ? "child " + process_->status_text() : "child killed";
    pump_.reset();
    reader_.reset();
    process_.reset();
  }
  ++consecutive_failures_;
  if (consecutive_failures_ >= 2) {
    const uint64_t factor = uint64_t{1} << std::min<uint32_t>(consecutive_failures_ - 2, 20);
    const uint64_t wait_ms =
        std::min<uint64_t>(settings_.restart_backoff_initial_ms * factor, settings_.restart_backoff_max_ms);
    next_start_ = clock::now() + std::chrono::milliseconds(wait_ms);
  }
  const std::string message = why + " (" + status + ")";
  vireo::logger("vm")->warn("vm failure: {}; {} in a row", message, consecutive_failures_);
  return message;
}

bool vm_client::send_log_profile(clock::time_point deadline) {
  const uint32_t wanted = log_level_;
  if (wanted == child_log_level_) return false;
  vm_proto::log_profile profile;
  profile.log_level = wanted;
  write_frame(process_->profile_fd(), vm_proto::encode_frame(profile), deadline);
  child_log_level_ = wanted;
  return true;
}

dialogue_outcome vm_client::run(dialogue_request request, worker::state_access& state,
                                const code_loader& loader, clock::time_point deadline) {
  dialogue_outcome out;
  auto child = child_after_failure::running;
  const auto budget_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(deadline - clock::now()).count();
  try {
    ensure_started(deadline, request.invocation_id);
    watch_.arm(process_->pid(), deadline);
    try {
      pump_->set_invocation(request.invocation_id);
      const bool log_profile_sent = send_log_profile(deadline);
      out = converse(request, state, loader, deadline, log_profile_sent);
    } catch (...) {
      if (watch_.disarm()) throw_overran();  // what broke the dialogue was the kill
      throw;
    }
    if (watch_.disarm()) throw_overran();  // answered, but past the deadline: the child is gone
    pump_->set_invocation({});
    consecutive_failures_ = 0;
    next_start_ = clock::time_point::min();
    return out;
  } catch (const transport_error& e) {
    if (e.why() == transport_error::reason::timeout) {
      child = child_after_failure::overran;
      out.error = "timeout after " + std::to_string(budget_ms) + " ms (vm dialogue overran its wall budget)";
    } else {
      if (e.why() == transport_error::reason::closed) child = child_after_failure::closed_pipe;
      out.error = std::string("vm transport error: ") + e.what();
    }
  } catch (const vm_proto::codec_error& e) {
    out.error = std::string("vm protocol error: ") + e.what();
  } catch (const std::exception& e) {
    out.error = std::string("vm error: ") + e.what();
  }
  out.delivered = false;
  out.error = discard_child(out.error, child);
  return out;
}

}  // namespace vireo::vm
