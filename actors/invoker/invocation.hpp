// One invocation on its way through the invoker: the journal entry that makes
// it durable, the transaction that triggered it and the contract it runs.
#pragma once

#include <caf/all.hpp>

#include "actors/ledger/records.hpp"
#include "proto-msgs/bus/messages.hpp"

namespace vireo::invoker {

struct invocation {
  ledger::journal_entry entry;
  ledger::transaction tx;
  ledger::contract_entry contract;  ///< as registered when it was dispatched
  uint32_t exec_timeout_ms = 0;     ///< effective timeout
  uint32_t retries = 0;             ///< MVCC re-executions so far
  int64_t queued_ns = 0;            ///< steady clock when it entered the queue

  /// The execute message for a worker, with `overlay` as staged writes.
  bus::execute to_execute(std::vector<bus::overlay_entry> overlay) const;
};

/// An invocation to run (router -> contract actor / scheduler).
struct run_invocation {
  invocation inv;
};

/// An invocation has its receipt (contract actor / scheduler -> router).
struct invocation_done {
  std::string contract;
  bool serial = false;
};

}  // namespace vireo::invoker

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::run_invocation)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::invocation_done)
