#include "services/peer/transaction_runner.hpp"

#include <exception>

#include "services/peer/errc.hpp"
#include "services/peer/log.hpp"
#include "services/peer/talkback.hpp"

namespace vireo::peer {
namespace {

using msg_type = protos::ChaincodeMessage;
using clock = std::chrono::steady_clock;

// The loop over one transaction's mailbox; the caller opens and closes it.
class runner {
 public:
  runner(handler& target, const chaincode_call& call, worker::state_access& state, uint32_t batch_size,
         const invoke_hook& invoke)
      : target_(target), call_(call), state_(state), talkbacks_(state, call.chaincode_id, batch_size),
        invoke_(invoke) {}

  chaincode_outcome run(tx_mailbox& box) {
    protos::ChaincodeMessage start;
    start.set_type(call_.init ? msg_type::INIT : msg_type::TRANSACTION);
    start.set_payload(call_.input.SerializeAsString());
    start.set_txid(call_.txid);
    start.set_channel_id(call_.channel_id);
    *start.mutable_proposal() = call_.proposal;
    if (!target_.send(start)) return chaincode_outcome::failure(describe(errc::stream_lost, "cannot send " + context()));
    protos::ChaincodeMessage msg;
    std::string reason;
    clock::time_point received;
    for (;;) {
      switch (box.next(call_.deadline, msg, reason, &received)) {
        case tx_mailbox::wait_result::timed_out:
          return finish(chaincode_outcome::failure(describe(
              errc::timeout, "no COMPLETED within " + std::to_string(call_.timeout_ms) + " ms (" + context() + ")")));
        case tx_mailbox::wait_result::failed:
          return finish(chaincode_outcome::failure(reason + " (" + context() + ")"));
        case tx_mailbox::wait_result::message:
          break;
      }
      if (msg.type() == msg_type::COMPLETED) return finish(completed(msg));
      if (msg.type() == msg_type::ERROR)
        return finish(ended_with_error(describe(errc::chaincode_error, msg.payload())));
      if (auto abort = serve(msg, received); !abort.empty()) return finish(chaincode_outcome::failure(abort));
    }
  }

 private:
  // Serves one talk-back and replies; returns a reason when the transaction must fail.
  std::string serve(const protos::ChaincodeMessage& msg, clock::time_point received) {
    talkback_reply reply;
    try {
      if (msg.type() == msg_type::INVOKE_CHAINCODE) {
        reply.message = invoke_(msg, call_, state_);
      } else {
        reply = talkbacks_.serve(msg);
      }
    } catch (const std::exception& e) {
      reply.message = error_reply(msg, describe(errc::chaincode_error, std::string("state access failed: ") + e.what()));
      reply.abort_reason = reply.message.payload();
    }
    const bool sent = target_.send(reply.message);
    if (msg.type() != msg_type::INVOKE_CHAINCODE) {  // a nested invoke's time is the callee's
      ++outcome_.talkbacks;
      outcome_.peer_time += clock::now() - received;
    }
    if (!sent && reply.abort_reason.empty())
      return describe(errc::stream_lost, "cannot reply to " + type_name(msg.type()));
    if (!reply.abort_reason.empty()) log().warn("{}: {}", context(), reply.abort_reason);
    return reply.abort_reason;
  }

  chaincode_outcome completed(const protos::ChaincodeMessage& msg) {
    if (!outcome_.response.ParseFromString(msg.payload()))
      return chaincode_outcome::failure(describe(errc::malformed_message, "COMPLETED payload is not a Response"));
    outcome_.result = chaincode_outcome::kind::completed;
    outcome_.completed = msg;
    return std::move(outcome_);
  }

  chaincode_outcome ended_with_error(std::string why) {
    outcome_.result = chaincode_outcome::kind::error;
    outcome_.reason = std::move(why);
    return std::move(outcome_);
  }

  chaincode_outcome finish(chaincode_outcome o) {
    o.talkbacks = outcome_.talkbacks;
    o.peer_time = outcome_.peer_time;
    if (o.result == chaincode_outcome::kind::failed) log().warn("{} failed: {}", context(), o.reason);
    return o;
  }

  std::string context() const { return "chaincode " + call_.chaincode_id + ", tx " + call_.txid; }

  handler& target_;
  const chaincode_call& call_;
  worker::state_access& state_;
  talkback_server talkbacks_;
  const invoke_hook& invoke_;
  chaincode_outcome outcome_;
};

}  // namespace

chaincode_outcome chaincode_outcome::failure(std::string why) {
  chaincode_outcome o;
  o.result = kind::failed;
  o.reason = std::move(why);
  return o;
}

chaincode_outcome run_transaction(handler& target, const chaincode_call& call, worker::state_access& state,
                                  uint32_t batch_size, const invoke_hook& invoke) {
  std::string why;
  auto box = target.open_transaction(call.channel_id, call.txid, why);
  if (!box) return chaincode_outcome::failure(why);
  chaincode_outcome out = runner(target, call, state, batch_size, invoke).run(*box);
  target.close_transaction(call.channel_id, call.txid);
  return out;
}

}  // namespace vireo::peer
