// System contracts: small native contracts compiled into the worker, for
// tests, benchmarks and health checks (docs/system-contracts.md). The
// contract's runtime names one:
//   echo     returns the transaction's payload
//   counter  adds payload.by (default 1) to state key `count`, after
//            waiting payload.delay_ms (default 0) between read and write
//   kv_set   writes payload.value under payload.key
//   append   appends payload.item to the JSON list in state key `list`
//   sleep    waits payload.ms (bounded by the deadline), reports when it ran
//   fail     fails with payload.reason
// Results go through the Dragonchain result rules (dragonchain_result.hpp).
#pragma once

#include <optional>
#include <string>

#include "services/worker/executor.hpp"

namespace vireo::worker {

class system_executor : public executor {
 public:
  execution_result execute(const execution_request& request, state_access& state) override;

 private:
  /// The system contract `runtime` names; nullopt when it is not a JSON object.
  /// Remembers the last runtime: an executor mostly runs one contract again.
  /// The answer is valid until the next call.
  const std::optional<std::string>& contract_name(const std::string& runtime);

  std::string last_runtime_;
  std::optional<std::string> last_name_;
};

}  // namespace vireo::worker
