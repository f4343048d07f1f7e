// The http executor: runs a contract as an HTTP function, after the OpenFaaS
// gateway convention the Dragonchain invoker uses.
//
// POST {runtime.base_url}/function/{runtime.function} with the full
// transaction JSON (payload included) as the body. One keep-alive
// connection per executor instance (libcurl easy handle reused).
//   2xx          -> the body goes through the Dragonchain result rules
//   404          -> failed "function not found"
//   other status -> committed with output {"error": "HTTP <code>: <body>"} and
//                   no state written
//   no answer by the deadline, connection refused, body too large
//                -> failed with the reason
// REQUIRES: one thread at a time per instance.
#pragma once

#include <memory>

#include "services/worker/executor.hpp"

namespace vireo::worker {

class http_executor : public executor {
 public:
  /// `max_response_bytes`: a larger response body fails the invocation.
  explicit http_executor(size_t max_response_bytes = 4 << 20);
  ~http_executor() override;

  execution_result execute(const execution_request& request, state_access& state) override;

 private:
  struct connection;
  std::unique_ptr<connection> connection_;
  size_t max_response_bytes_;
};

}  // namespace vireo::worker
