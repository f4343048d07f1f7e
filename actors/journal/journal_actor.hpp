// The journal actor: the single writer of submissions.
//
// Order: submissions are journaled in mailbox order; journal sequence numbers
// are strictly increasing and define serial order.
// Durability: a reply is sent only after an fsync of the WAL has covered the
// WriteBatch holding the submission. The journal writes without sync and
// lets the next sync of any ledger writer cover its batch: under load that
// is the committer's, so an invocation waits for one fsync on its way, not
// two. When no sync has started since the batch was written within
// journal.sync_linger_us, the journal syncs the WAL itself; a sync that
// started and covers it (a slow fsync of the committer's) is waited for,
// since another fsync would only queue behind it. Every append that arrived
// while the previous batch was being written goes into the next batch, up to
// journal.max_batch.
// Early start: each batch's invocations go to the append's `written_to` as
// soon as the batch is written, before it is durable; whatever they cause is
// committed by a later sync write, which makes the journal's write durable
// first (one WAL, in order), and nothing is acknowledged before that.
// Callers: the router only.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <caf/all.hpp>

#include "actors/ledger/records.hpp"

namespace vireo::journal {

/// An invocation as the journal wrote it: its entry, and the transaction that
/// triggered it as it is stored (the JSON text a worker receives).
struct written_invocation {
  ledger::journal_entry entry;
  std::string trigger_type;
  std::string transaction_json;
};

/// The invocations of one journal batch, in journal order, written and not
/// yet known to be durable.
struct journal_written {
  std::vector<written_invocation> invocations;
};

/// Who may start a batch's invocations before they are durable.
using written_sink = caf::typed_actor<caf::reacts_to<journal_written>>;

/// One submission to make durable. An invocation also gets a journal entry
/// (it stays until its receipt is committed); a plain transaction does not.
struct append_request {
  ledger::transaction tx;
  std::string contract;     ///< empty: not an invocation
  written_sink written_to;  ///< hears of the invocation once written; may be empty
};

/// The durable outcome of an append_request.
struct append_ack {
  bool durable = false;
  std::string error;            ///< !durable: the storage failure
  ledger::journal_entry entry;  ///< sequence 0 when not an invocation
};

using flush_atom = caf::atom_constant<caf::atom("jflush")>;
using durable_atom = caf::atom_constant<caf::atom("jdurable")>;
using sync_due_atom = caf::atom_constant<caf::atom("jsyncdue")>;

/// append_request -> append_ack (after an fsync covered it; durable=false on
/// a write error, and then nothing of that batch was written or started).
/// flush_atom, durable_atom, sync_due_atom: internal (the next batch; a sync
/// covered the oldest batch waiting; the linger of the oldest may be over).
using journal_actor = caf::typed_actor<caf::replies_to<append_request>::with<append_ack>,
                                       caf::reacts_to<flush_atom>, caf::reacts_to<durable_atom>,
                                       caf::reacts_to<sync_due_atom>>;

}  // namespace vireo::journal

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::journal::append_request)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::journal::append_ack)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::journal::journal_written)
