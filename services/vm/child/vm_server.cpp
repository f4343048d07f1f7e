#include "services/vm/child/vm_server.hpp"

#include "proto-msgs/vm/codec.hpp"
#include "services/vm/child/pipe_hooks.hpp"
#include "services/vm/child/prefetch_source.hpp"
#include "services/vm/child/test_faults.hpp"

namespace vireo::vm {

using vm_proto::frame_kind;
using vm_proto::return_code;

namespace {

std::string summary(const call_outcome& out) {
  std::string s(vm_proto::to_string(out.code));
  if (!out.message.empty()) s += ": " + out.message;
  return s + " (gas " + std::to_string(out.gas_used) + ")";
}

}  // namespace

vm_server::vm_server(child_fds fds, const vm_proto::init_message& init)
    : fds_(fds),
      init_(init),
      engine_(engine_options{init.gas_per_host_call, init.module_cache_entries}),
      log_(fds.logs, fds.log_profile, init.log_level),
      reader_(fds.node_to_vm) {}

vm_exit vm_server::run() {
  log_.write(vm_log::info, "vireo-vm ready, protocol " + std::to_string(init_.protocol));
  for (;;) {
    try {
      // Decoded before the dialogue's hook calls reuse the reader's frame.
      const raw_frame& frame = reader_.read(init_.max_frame_bytes, std::nullopt);
      if (frame.kind == static_cast<uint32_t>(frame_kind::stop)) return vm_exit::stopped;
      serve(frame);
    } catch (const transport_error& e) {
      log_.write(vm_log::error, std::string("node pipe: ") + e.what());
      return vm_exit::node_gone;
    } catch (const vm_proto::codec_error& e) {
      log_.write(vm_log::critical, std::string("protocol error: ") + e.what());
      return vm_exit::protocol_error;
    } catch (const storage_failure& e) {
      log_.write(vm_log::critical, e.what());
      return vm_exit::protocol_error;
    } catch (const std::exception& e) {
      log_.write(vm_log::critical, std::string("internal error: ") + e.what());
      return vm_exit::internal_error;
    }
  }
}

void vm_server::serve(const raw_frame& frame) {
  nonce_.reset();
  // A profile sent just before a request applies to it. A call request says
  // whether one was sent, which spares the hot path a poll of the profile pipe.
  switch (static_cast<frame_kind>(frame.kind)) {
    case frame_kind::version_request:
      log_.poll_profile();
      return on_version(decode_as<vm_proto::version_request>(frame));
    case frame_kind::deploy_request:
      log_.poll_profile();
      return on_deploy(decode_as<vm_proto::deploy_request>(frame));
    case frame_kind::call_request: {
      const auto request = decode_as<vm_proto::call_request>(frame);
      if (request.version < 2 || request.log_profile_sent) log_.poll_profile();
      return on_call(request);
    }
    default:
      throw vm_proto::codec_error("unexpected " + vm_proto::kind_name(frame.kind) +
                                  " outside a dialogue");
  }
}

void vm_server::on_version(const vm_proto::version_request& request) {
  nonce_.accept(request.nonce);
  vm_proto::version_response response;
  response.nonce = nonce_.next();
  response.vm_version = "vireo-vm 0.1.0 (wabt 1.0.32)";
  vm_proto::encode_frame_into(response, out_frame_);
  write_frame(fds_.vm_to_node, out_frame_, std::nullopt);
}

void vm_server::on_deploy(const vm_proto::deploy_request& request) {
  nonce_.accept(request.nonce);
  log_.set_invocation(request.invocation_id);
  pipe_hooks hooks(fds_, reader_, out_frame_, nonce_, init_.max_frame_bytes);
  call_outcome outcome;
  if (auto invalid = engine_.load(request.code_hash, request.code.bytes)) {
    outcome = call_outcome::failure(return_code::contract_invalid, *invalid);
  } else {
    outcome = engine_.run(request.code_hash, call_kind::deploy, request.input, hooks);
  }
  if (log_.enabled(vm_log::debug)) {
    log_.write(vm_log::debug, "deploy " + request.code_hash + ": " + summary(outcome));
  }
  respond(std::move(outcome));
}

void vm_server::on_call(const vm_proto::call_request& request) {
  nonce_.accept(request.nonce);
  log_.set_invocation(request.invocation_id);
  pipe_hooks hooks(fds_, reader_, out_frame_, nonce_, init_.max_frame_bytes);
  prefetch_source storage(request.prefetched, hooks);
  if (auto fault = requested_fault(request.input.function)) {
    log_.write(vm_log::warn, "test fault injected: " + request.input.function);
    return inject_fault(*fault, fds_, nonce_.last() + 1, init_.max_frame_bytes, hooks);
  }
  call_outcome outcome;
  if (!engine_.has_module(request.code_hash)) {
    auto code = hooks.fetch_code(request.code_hash);
    if (!code) {
      outcome = call_outcome::failure(return_code::contract_not_found, "no code for hash " + request.code_hash);
    } else if (auto invalid = engine_.load(request.code_hash, *code)) {
      outcome = call_outcome::failure(return_code::contract_invalid, *invalid);
    }
  }
  if (outcome.code == return_code::ok) {
    outcome = engine_.run(request.code_hash, call_kind::call, request.input, storage);
  }
  if (log_.enabled(vm_log::debug)) {
    log_.write(vm_log::debug, "call " + request.input.function + ": " + summary(outcome));
  }
  respond(std::move(outcome), std::move(storage.used()));
}

void vm_server::respond(call_outcome outcome, std::vector<uint32_t> prefetch_used) {
  vm_proto::contract_response response;
  response.nonce = nonce_.next();
  response.return_code = static_cast<uint32_t>(outcome.code);
  response.message = std::move(outcome.message);
  response.gas_used = outcome.gas_used;
  response.return_data.reserve(outcome.return_data.size());
  for (auto& data : outcome.return_data) response.return_data.emplace_back(std::move(data));
  response.writes.reserve(outcome.writes.size());
  for (auto& [key, value] : outcome.writes) {
    const bool deleted = !value;
    response.writes.push_back(
        vm_proto::storage_write{key, deleted ? std::string() : std::move(*value), deleted});
  }
  response.logs = std::move(outcome.logs);
  response.prefetch_used = std::move(prefetch_used);
  vm_proto::encode_frame_into(response, out_frame_);
  if (out_frame_.size() - vm_proto::preamble_bytes > init_.max_frame_bytes) {
    // The node would refuse the frame and kill us: fail the call instead.
    vm_proto::contract_response too_big;
    too_big.nonce = response.nonce;
    too_big.return_code = static_cast<uint32_t>(return_code::execution_failed);
    too_big.message = "response of " + std::to_string(out_frame_.size() - vm_proto::preamble_bytes) +
                      " bytes exceeds the maximum frame size of " + std::to_string(init_.max_frame_bytes);
    too_big.gas_used = outcome.gas_used;
    too_big.prefetch_used = std::move(response.prefetch_used);  // read all the same
    vm_proto::encode_frame_into(too_big, out_frame_);
  }
  write_frame(fds_.vm_to_node, out_frame_, std::nullopt);
  nonce_.reset();
  log_.set_invocation({});
}

}  // namespace vireo::vm
