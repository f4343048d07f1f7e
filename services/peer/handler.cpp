#include "services/peer/handler.hpp"

#include "peer/chaincode.pb.h"
#include "services/peer/errc.hpp"
#include "services/peer/log.hpp"

namespace vireo::peer {
namespace {

using msg_type = protos::ChaincodeMessage;

std::string tx_key(const std::string& channel_id, const std::string& txid) {
  return channel_id + '\n' + txid;
}

bool is_transaction_message(int type) {
  switch (type) {
    case msg_type::COMPLETED: case msg_type::ERROR: case msg_type::GET_STATE:
    case msg_type::PUT_STATE: case msg_type::DEL_STATE: case msg_type::INVOKE_CHAINCODE:
    case msg_type::GET_STATE_BY_RANGE: case msg_type::GET_QUERY_RESULT:
    case msg_type::QUERY_STATE_NEXT: case msg_type::QUERY_STATE_CLOSE:
    case msg_type::GET_HISTORY_FOR_KEY: case msg_type::GET_STATE_METADATA:
    case msg_type::PUT_STATE_METADATA: case msg_type::GET_PRIVATE_DATA_HASH:
    case msg_type::PURGE_PRIVATE_DATA:
      return true;
    default:
      return false;
  }
}

const char* state_name(handler::state s) {
  switch (s) {
    case handler::state::created: return "created";
    case handler::state::established: return "established";
    case handler::state::ready: return "ready";
    case handler::state::lost: return "lost";
    case handler::state::closed: return "closed";
  }
  return "?";
}

}  // namespace

std::string type_name(int type) {
  if (protos::ChaincodeMessage::Type_IsValid(type))
    return protos::ChaincodeMessage::Type_Name(static_cast<protos::ChaincodeMessage::Type>(type));
  return std::to_string(type);
}

protos::ChaincodeMessage error_reply(const protos::ChaincodeMessage& to, const std::string& text) {
  protos::ChaincodeMessage reply;
  reply.set_type(msg_type::ERROR);
  reply.set_payload(text);
  reply.set_txid(to.txid());
  reply.set_channel_id(to.channel_id());
  return reply;
}

handler::handler(std::shared_ptr<message_sink> sink, hooks hooks, std::string remote)
    : sink_(std::move(sink)), hooks_(std::move(hooks)), remote_(std::move(remote)) {}

void handler::on_message(const protos::ChaincodeMessage& msg) {
  state current = current_state();
  if (current == state::closed) return;
  if (current == state::created) {
    if (msg.type() == msg_type::REGISTER) return on_register(msg);
    return violation(msg, "expected REGISTER first, got " + type_name(msg.type()));
  }
  if (msg.type() == msg_type::KEEPALIVE) return;
  if (is_transaction_message(msg.type())) return route(msg);
  violation(msg, "a chaincode never sends " + type_name(msg.type()) + " (state " +
                     state_name(current) + ")");
}

void handler::on_register(const protos::ChaincodeMessage& msg) {
  protos::ChaincodeID id;
  if (!id.ParseFromString(msg.payload()) || id.name().empty())
    return violation(msg, "REGISTER without a parseable ChaincodeID name");
  {
    std::lock_guard<std::mutex> lock(mu_);
    chaincode_id_ = id.name();
    state_ = state::established;
  }
  protos::ChaincodeMessage reply;
  reply.set_type(msg_type::REGISTERED);
  if (!send(reply))
    return;  // the stream is gone: the reader's on_stream_closed follows
  {
    std::lock_guard<std::mutex> lock(mu_);
    state_ = state::ready;
  }
  reply.set_type(msg_type::READY);
  if (!send(reply))
    return;
  std::string refusal = hooks_.on_ready ? hooks_.on_ready(shared_from_this()) : std::string();
  if (!refusal.empty()) return violation(msg, refusal);
  log().info("{} registered and ready", prefix());
}

void handler::route(const protos::ChaincodeMessage& msg) {
  std::shared_ptr<tx_mailbox> box;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = transactions_.find(tx_key(msg.channel_id(), msg.txid()));
    if (it != transactions_.end()) box = it->second;
  }
  if (box) return box->deliver(msg);
  if (msg.type() == msg_type::COMPLETED || msg.type() == msg_type::ERROR) {
    log().warn("{} tx {} late {} dropped (transaction no longer in flight)", prefix(), msg.txid(),
               type_name(msg.type()));
    return;
  }
  log().warn("{} tx {} {} for a transaction not in flight", prefix(), msg.txid(), type_name(msg.type()));
  reply_error(msg, "transaction " + msg.txid() + " is not in flight on channel '" + msg.channel_id() + "'");
}

void handler::violation(const protos::ChaincodeMessage& msg, const std::string& why) {
  log().error("{} protocol violation, closing the stream: {}", prefix(), why);
  reply_error(msg, describe(errc::protocol_violation, why));
  sink_->close(describe(errc::protocol_violation, why));
}

void handler::reply_error(const protos::ChaincodeMessage& to, const std::string& text) { send(error_reply(to, text)); }

void handler::on_stream_closed(const std::string& reason) {
  std::map<std::string, std::shared_ptr<tx_mailbox>> orphans;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (state_ == state::closed) return;
    state_ = state::closed;
    orphans.swap(transactions_);
  }
  log().info("{} stream closed ({}), failing {} transaction(s) in flight", prefix(), reason, orphans.size());
  for (auto& [key, box] : orphans) box->fail(describe(errc::stream_lost, reason));
  if (hooks_.on_closed) hooks_.on_closed(shared_from_this());
}

std::shared_ptr<tx_mailbox> handler::open_transaction(const std::string& channel_id, const std::string& txid,
                                                      std::string& why) {
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ != state::ready) {
    why = describe(errc::not_connected, "chaincode " + chaincode_id_ + " is " + state_name(state_));
    return nullptr;
  }
  auto [it, inserted] = transactions_.emplace(tx_key(channel_id, txid), nullptr);
  if (!inserted) {
    why = describe(errc::invoke_failed, "transaction " + txid + " is already in flight on chaincode " +
                                            chaincode_id_ + " (a chaincode cannot invoke itself)");
    return nullptr;
  }
  it->second = std::make_shared<tx_mailbox>();
  return it->second;
}

void handler::close_transaction(const std::string& channel_id, const std::string& txid) {
  std::lock_guard<std::mutex> lock(mu_);
  transactions_.erase(tx_key(channel_id, txid));
}

bool handler::send(const protos::ChaincodeMessage& msg) {
  if (sink_->send(msg))
    return true;
  std::lock_guard<std::mutex> lock(mu_);
  if (state_ == state::ready)
    state_ = state::lost;
  return false;
}

void handler::shut_down(const std::string& reason) {
  log().info("{} closing the stream: {}", prefix(), reason);
  sink_->close(reason);
}

handler::state handler::current_state() const {
  std::lock_guard<std::mutex> lock(mu_);
  return state_;
}

std::string handler::chaincode_id() const {
  std::lock_guard<std::mutex> lock(mu_);
  return chaincode_id_;
}

size_t handler::in_flight() const {
  std::lock_guard<std::mutex> lock(mu_);
  return transactions_.size();
}

std::string handler::prefix() const {
  std::string id = chaincode_id();
  return "chaincode " + (id.empty() ? std::string("<unregistered>") : id) + " [" + remote_ + "]";
}

}  // namespace vireo::peer
