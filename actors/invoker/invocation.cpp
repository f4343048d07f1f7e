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

}  // namespace vireo::invoker
