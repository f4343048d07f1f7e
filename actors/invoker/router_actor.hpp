// The router: admission and dispatch of submissions.
//
// For each submitted transaction it finds the contract its type triggers,
// refuses it with a typed reason (unknown type, contract not active, busy)
// or has the journal make it durable and answers `accepted` only then. An
// invocation goes to its serial contract actor (spawned on demand, one per
// contract) or to the parallel scheduler, in journal order, as soon as the
// journal has written it: it may run before its fsync, since what it causes
// is committed by a later sync write, which makes it durable first. The
// parallel invocations of one journal batch reach the scheduler together, so
// they can share execute messages. At start it re-dispatches every journaled
// invocation (recovery) before any new one.
//
// Order: submissions are journaled in mailbox order and dispatched in
// journal order, so a serial contract sees its invocations in journal order.
// Bounds: at most invoker.max_backlog invocations journaled and not yet
// committed, at most invoker.max_pending_per_contract per serial contract.
// Callers: the gateway (submit), the registry (contract_changed), contract
// actors and the scheduler (invocation_done, serial_idle).
#pragma once

#include <string>

#include <caf/all.hpp>

#include "actors/invoker/invocation.hpp"
#include "actors/journal/journal_actor.hpp"
#include "actors/ledger/records.hpp"

namespace vireo::invoker {

/// Why a submission was or was not accepted.
enum class submit_code { accepted, busy, unknown_type, contract_inactive, storage_failed };
const char* to_string(submit_code code);

struct submit_request {
  ledger::transaction tx;
};

struct submit_reply {
  submit_code code = submit_code::accepted;
  std::string message;
  std::string contract;  ///< the contract it triggers, when known
};

/// The registry changed a contract (deploy, update, state change, delete).
struct contract_changed {
  ledger::contract_entry entry;
  bool removed = false;
};

/// A serial contract actor has had nothing to do for invoker.serial_idle_ms.
struct serial_idle {
  std::string contract;
  uint64_t processed = 0;  ///< invocations it has received in its life
};

using backlog_atom = caf::atom_constant<caf::atom("backlog")>;

/// submit_request -> submit_reply (accepted only after fsync).
/// backlog_atom -> invocations journaled and not yet committed (for draining).
/// journal::journal_written: from the journal, a batch's invocations to start.
using router_actor = caf::typed_actor<caf::replies_to<submit_request>::with<submit_reply>,
                                      caf::replies_to<backlog_atom>::with<uint64_t>,
                                      caf::reacts_to<contract_changed>, caf::reacts_to<invocation_done>,
                                      caf::reacts_to<serial_idle>, caf::reacts_to<journal::journal_written>>;

}  // namespace vireo::invoker

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::submit_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::submit_reply)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::contract_changed)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::invoker::serial_idle)
