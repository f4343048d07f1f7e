// The journal actor: the single writer of submissions.
//
// Order: submissions are journaled in mailbox order; journal sequence numbers
// are strictly increasing and define serial order.
// Durability: a reply is sent only after the WriteBatch holding the
// submission has been fsynced (group commit: every append that arrived while
// the previous batch was syncing goes into the next batch, up to
// journal.max_batch).
// Callers: the router only.
#pragma once

#include <string>

#include <caf/all.hpp>

#include "actors/ledger/records.hpp"

namespace vireo::journal {

/// One submission to make durable. An invocation also gets a journal entry
/// (it stays until its receipt is committed); a plain transaction does not.
struct append_request {
  ledger::transaction tx;
  std::string contract;  ///< empty: not an invocation
};

/// The durable outcome of an append_request.
struct append_ack {
  bool durable = false;
  std::string error;             ///< !durable: the storage failure
  ledger::journal_entry entry;   ///< sequence 0 when not an invocation
  ledger::transaction tx;        ///< durable: the appended transaction, handed
                                 ///< back so that the caller keeps no copy
};

using flush_atom = caf::atom_constant<caf::atom("jflush")>;

/// append_request -> append_ack (after fsync; durable=false on a storage
/// error, and then nothing of that batch was written).
using journal_actor = caf::typed_actor<caf::replies_to<append_request>::with<append_ack>,
                                       caf::reacts_to<flush_atom>>;

}  // namespace vireo::journal

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::journal::append_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::journal::append_ack)
