// The `chaincode` executor of the worker role: each execute() runs the
// contract's chaincode once (TRANSACTION), deploy() sends INIT when the
// contract's runtime asks for it (and otherwise only makes sure the chaincode
// is reachable). Instances are cheap; they share one peer_service, so several
// worker threads may execute at once on different instances.
//
// Arguments: ChaincodeInput.args = [payload.function, payload.args...] of the
// triggering transaction (args: strings as they are, other JSON values as JSON
// text). Results: COMPLETED with status < 400 -> ok, output_json =
// {"status", "message", "payload"} (payload as UTF-8 text, else base64), the
// chaincode event -> events; status >= 400 -> failed with the message; ERROR,
// timeout, lost stream -> failed with the reason.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "services/peer/peer_service.hpp"
#include "services/worker/executor.hpp"

namespace vireo::peer {

class chaincode_executor final : public worker::executor {
 public:
  explicit chaincode_executor(std::shared_ptr<peer_service> service);

  worker::execution_result execute(const worker::execution_request& request, worker::state_access& state) override;
  worker::execution_result deploy(const worker::execution_request& request, worker::state_access& state) override;

 private:
  worker::execution_result run(const worker::execution_request& request, worker::state_access& state, bool init);

  std::shared_ptr<peer_service> service_;
};

/// The one-line factory for the worker: an executor over the shared service.
std::unique_ptr<worker::executor> make_chaincode_executor(std::shared_ptr<peer_service> service);

/// ChaincodeInput args from a transaction JSON text ([function, args...]).
/// Throws std::invalid_argument (errc::bad_transaction) when there is no
/// payload.function. `function_optional`: an absent function gives no args.
std::vector<std::string> chaincode_args(const std::string& transaction_json, bool function_optional = false);

/// The worker's result for a chaincode outcome.
worker::execution_result to_execution_result(const chaincode_outcome& outcome);

}  // namespace vireo::peer
