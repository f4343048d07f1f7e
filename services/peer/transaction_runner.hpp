// Drives one INIT or TRANSACTION on a ready chaincode stream to its end, on the
// calling thread: sends it, then serves the chaincode's talk-backs from `state`
// until COMPLETED, ERROR, the deadline, or the loss of the stream. Nothing is
// retried. The state_access is only touched from the calling thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "peer/chaincode.pb.h"
#include "peer/chaincode_shim.pb.h"
#include "peer/proposal_response.pb.h"
#include "services/peer/handler.hpp"
#include "services/worker/executor.hpp"

namespace vireo::peer {

struct chaincode_call {
  std::string chaincode_id;  ///< for log lines and queryresult.KV.namespace
  std::string channel_id;
  std::string txid;
  bool init = false;  ///< INIT instead of TRANSACTION
  protos::ChaincodeInput input;
  protos::SignedProposal proposal;
  std::chrono::steady_clock::time_point deadline;
  uint32_t timeout_ms = 0;  ///< the budget behind `deadline`, for the timeout reason
  uint32_t depth = 0;       ///< 0 for the invoked contract, +1 per nested invoke
};

struct chaincode_outcome {
  enum class kind {
    completed,  ///< COMPLETED arrived; `response` holds it (any status)
    error,      ///< the chaincode sent ERROR; `reason` says what
    failed      ///< timeout, stream lost, not connected, malformed message; `reason`
  };
  kind result = kind::failed;
  protos::ChaincodeMessage completed;  ///< the COMPLETED message as received
  protos::Response response;
  std::string reason;
  uint32_t talkbacks = 0;  ///< talk-backs served (INVOKE_CHAINCODE not counted)
  /// Peer-side time of those talk-backs: from the stream's reader handing the
  /// message over to the reply being written (thread hop + state + write).
  std::chrono::nanoseconds peer_time{0};

  static chaincode_outcome failure(std::string why);
};

/// Serves INVOKE_CHAINCODE for the transaction `caller`: returns the reply for
/// the caller chaincode (RESPONSE carrying the callee's COMPLETED, or ERROR).
using invoke_hook = std::function<protos::ChaincodeMessage(
    const protos::ChaincodeMessage& request, const chaincode_call& caller, worker::state_access& caller_state)>;

/// Runs `call` on `target`. `batch_size` is the query batch size.
chaincode_outcome run_transaction(handler& target, const chaincode_call& call, worker::state_access& state,
                                  uint32_t batch_size, const invoke_hook& invoke);

}  // namespace vireo::peer
