#include "services/peer/peer_service.hpp"

#include <unistd.h>

#include "services/peer/errc.hpp"
#include "services/peer/log.hpp"
#include "services/peer/proposal.hpp"
#include "support/thread_name.hpp"

namespace vireo::peer {
using clock = std::chrono::steady_clock;

namespace {

std::string host_name() {
  char buf[256] = {};
  gethostname(buf, sizeof buf - 1);
  return buf;
}

}  // namespace

peer_service::peer_service(peer_settings settings, chaincode_resolver resolver)
    : settings_(std::move(settings)), resolver_(std::move(resolver)) {
  identity_ = msp_identity::load_or_create(settings_.data_dir, settings_.mspid, "vireo-peer." + host_name());
  invoke_hook_ = [this](const protos::ChaincodeMessage& request, const chaincode_call& caller,
                        worker::state_access& caller_state) { return invoke_nested(request, caller, caller_state); };
  if (!settings_.listen_address.empty()) {
    handler::hooks hooks;
    hooks.on_ready = [this](const std::shared_ptr<handler>& h) { return registry_.add(h); };
    hooks.on_closed = [this](const std::shared_ptr<handler>& h) { registry_.remove(h); };
    server_ = std::make_unique<register_server>(settings_, std::move(hooks));
  }
  if (settings_.keepalive_interval_ms > 0) keepalive_ = named_thread("peer-keepalive", [this] { keepalive_loop(); });
}

peer_service::~peer_service() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (keepalive_.joinable()) keepalive_.join();
  std::map<std::string, std::unique_ptr<supervised_process>> launched;
  std::map<std::string, std::shared_ptr<dial_slot>> dialed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    launched.swap(launched_);
    dialed.swap(dialed_);
  }
  launched.clear();  // stops the processes
  dialed.clear();    // closes dialed streams
  server_.reset();
}

void peer_service::set_resolver(chaincode_resolver resolver) {
  std::lock_guard<std::mutex> lock(mu_);
  resolver_ = std::move(resolver);
}

std::string peer_service::listen_address() const { return server_ ? server_->address() : std::string(); }

chaincode_outcome peer_service::invoke(const chaincode_request& request, worker::state_access& state) {
  try {
    std::string why;
    auto target = connect(request.runtime, request.env, request.deadline, why);
    if (!target) return chaincode_outcome::failure(why);
    chaincode_call call;
    call.chaincode_id = target->chaincode_id();
    call.channel_id = request.runtime.channel_id;
    call.init = request.init;
    for (const auto& arg : request.args) call.input.add_args(arg);
    call.input.set_is_init(request.init);
    auto proposal = synthesize_proposal(*identity_, settings_.sign_proposals, call.channel_id,
                                        request.runtime.chaincode_id, call.input);
    call.txid = std::move(proposal.txid);
    call.proposal = std::move(proposal.signed_proposal);
    const auto now = std::chrono::steady_clock::now();
    call.deadline = std::min(request.deadline, now + std::chrono::milliseconds(request.timeout_ms));
    call.timeout_ms = static_cast<uint32_t>(
        std::chrono::duration_cast<std::chrono::milliseconds>(call.deadline - now).count());
    return run(*target, call, state);
  } catch (const std::exception& e) {
    return chaincode_outcome::failure(describe(errc::chaincode_error, e.what()));
  }
}

chaincode_outcome peer_service::run(handler& target, const chaincode_call& call, worker::state_access& state) {
  return run_transaction(target, call, state, settings_.query_batch_size, invoke_hook_);
}

std::string peer_service::prepare(const chaincode_runtime& runtime, const std::map<std::string, std::string>& env,
                                  clock::time_point deadline) {
  std::string why;
  return connect(runtime, env, deadline, why) ? std::string() : why;
}

protos::ChaincodeMessage peer_service::invoke_nested(const protos::ChaincodeMessage& request,
                                                     const chaincode_call& caller, worker::state_access& caller_state) {
  protos::ChaincodeSpec spec;
  if (!spec.ParseFromString(request.payload()) || spec.chaincode_id().name().empty())
    return error_reply(request, describe(errc::malformed_message, "INVOKE_CHAINCODE without a ChaincodeSpec name"));
  std::string name = spec.chaincode_id().name();
  if (auto slash = name.find('/'); slash != std::string::npos) {
    if (name.substr(slash + 1) != caller.channel_id)
      return error_reply(request, describe(errc::unsupported, "invoking chaincode on another channel (" + name + ")"));
    name.resize(slash);
  }
  if (caller.depth + 1 > settings_.max_invoke_depth)
    return error_reply(request, describe(errc::invoke_failed, "invoke depth exceeds " +
                                                                  std::to_string(settings_.max_invoke_depth)));
  chaincode_resolver resolver;
  {
    std::lock_guard<std::mutex> lock(mu_);
    resolver = resolver_;
  }
  std::optional<resolved_chaincode> callee = resolver ? resolver(name, caller_state) : std::nullopt;
  if (!callee || callee->contract.kind != "chaincode")
    return error_reply(request, describe(errc::invoke_failed, "no chaincode contract named '" + name + "'"));
  chaincode_runtime runtime;
  try {
    runtime = parse_chaincode_runtime(callee->contract.runtime);
  } catch (const std::exception& e) {
    return error_reply(request, describe(errc::invoke_failed, name + ": " + e.what()));
  }
  std::string why;
  auto target = connect(runtime, callee->contract.env, caller.deadline, why);
  if (!target) return error_reply(request, describe(errc::invoke_failed, why));
  chaincode_call call = caller;  // same txid, channel, proposal and deadline
  call.chaincode_id = target->chaincode_id();
  call.init = false;
  call.input = spec.input();
  call.depth = caller.depth + 1;
  worker::state_access& callee_state = callee->state ? *callee->state : caller_state;
  chaincode_outcome out = run(*target, call, callee_state);
  if (out.result != chaincode_outcome::kind::completed)
    return error_reply(request, describe(errc::invoke_failed, out.reason));
  protos::ChaincodeMessage reply;
  reply.set_type(protos::ChaincodeMessage::RESPONSE);
  reply.set_payload(out.completed.SerializeAsString());
  reply.set_txid(request.txid());
  reply.set_channel_id(request.channel_id());
  return reply;
}

std::vector<chaincode_status> peer_service::connections() const {
  std::vector<chaincode_status> out;
  for (const auto& h : registry_.all())
    out.push_back({h->chaincode_id(), h->remote(), "client", h->in_flight()});
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& [address, slot] : dialed_) {
    std::unique_lock<std::mutex> slot_lock(slot->mu, std::try_to_lock);
    if (!slot_lock) continue;  // being dialed right now: not connected yet
    if (auto h = slot->connection ? slot->connection->ready_handler() : nullptr)
      out.push_back({h->chaincode_id(), address, "server", h->in_flight()});
  }
  return out;
}

std::optional<launch_status> peer_service::launched(const std::string& chaincode_id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = launched_.find(chaincode_id);
  if (it == launched_.end() || !it->second) return std::nullopt;
  return it->second->status();
}

void peer_service::keepalive_loop() {
  protos::ChaincodeMessage keepalive;
  keepalive.set_type(protos::ChaincodeMessage::KEEPALIVE);
  std::unique_lock<std::mutex> lock(mu_);
  while (!stop_cv_.wait_for(lock, std::chrono::milliseconds(settings_.keepalive_interval_ms),
                            [this] { return stopping_; })) {
    lock.unlock();
    for (const auto& h : registry_.all()) h->send(keepalive);
    lock.lock();
    for (const auto& [address, slot] : dialed_) {
      std::unique_lock<std::mutex> slot_lock(slot->mu, std::try_to_lock);
      if (!slot_lock) continue;  // being dialed: not ready for KEEPALIVE yet
      if (auto h = slot->connection ? slot->connection->ready_handler() : nullptr) h->send(keepalive);
    }
  }
}

}  // namespace vireo::peer
