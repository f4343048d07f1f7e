#include "actors/invoker/invocation.hpp"

namespace vireo::invoker {

bus::execute invocation::to_execute(std::vector<bus::overlay_entry> overlay) const {
  bus::execute out;
  out.invocation_id = entry.invocation_id;
  out.contract = contract.name;
  out.kind = contract.kind;
  out.execution = contract.execution;
  out.runtime_json = contract.runtime.dump();
  out.env = contract.env;
  out.exec_timeout_ms = exec_timeout_ms;
  out.transaction_json = tx.to_json().dump();
  out.overlay = std::move(overlay);
  return out;
}

committer::commit_request invocation::to_commit(bus::result result, int64_t started_ns) const {
  committer::commit_request request;
  request.entry = entry;
  request.trigger_type = tx.type;
  request.result = std::move(result);
  request.retries = retries;
  request.execute_ns = started_ns;
  return request;
}

}  // namespace vireo::invoker
