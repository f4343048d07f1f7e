// The committer: the single writer of invocation effects.
//
// For each result it applies {state writes with versions, history, events,
// the output transaction, the receipt, the journal deletion} in one atomic
// sync WriteBatch, keyed by the invocation id (ARCHITECTURE.md §3, invariants
// 1, 2 and 4). Results that arrive while a batch is syncing form the next
// batch (group commit, up to committer.max_batch).
//
// Order: results are validated and applied in mailbox order; commit sequence
// numbers (the versions of state keys) strictly increase.
// Exactly once: a result for an invocation that already has a receipt (in the
// ledger or earlier in the same batch) is dropped and answered `duplicate`.
// MVCC: with `validate`, every recorded read (and range) is checked against
// the current version (ledger plus this batch); a stale read is answered
// `conflict` without writing anything, or, on the final attempt, committed as
// an `invalid` receipt. The answer comes after the batch that made it stale
// is written, so each re-execution is caused by a distinct newer commit: n
// invocations contending for one key need at most n-1 re-executions each.
// Batches: results travel as a commit_batch (those of one worker batch, or
// one alone), answered once, after every result in it has its answer, so a
// caller pays one message and one reply per batch rather than per result.
// Callers: serial contract actors, the parallel scheduler, the router (for
// an invocation of a contract no longer active) and the registry (deploys).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <caf/all.hpp>

#include "actors/ledger/records.hpp"
#include "proto-msgs/bus/messages.hpp"

namespace vireo::committer {

struct commit_request {
  ledger::journal_entry entry;
  std::string trigger_type;      ///< the output transaction's type
  bus::result result;            ///< the execution's outcome, reads and writes
  uint32_t retries = 0;          ///< MVCC re-executions so far
  bool validate = false;         ///< check the read set (parallel contracts)
  bool final_attempt = false;    ///< on conflict commit `invalid` instead of answering conflict
  int64_t execute_ns = 0;        ///< when execution started (steady clock), for the e2e metric
};

/// Results to commit, validated and applied in this order.
struct commit_batch {
  std::vector<commit_request> requests;

  static commit_batch of(commit_request request) {
    commit_batch batch;
    batch.requests.push_back(std::move(request));
    return batch;
  }
};

enum class commit_outcome { committed, conflict, duplicate, failed_storage };

struct commit_reply {
  commit_outcome outcome = commit_outcome::committed;
  ledger::receipt receipt;     ///< committed: the receipt written
  std::string conflict;        ///< conflict: which read went stale
};

/// One reply per request of a commit_batch, in the order of the requests.
struct commit_batch_reply {
  std::vector<commit_reply> replies;
};

using flush_atom = caf::atom_constant<caf::atom("cflush")>;

/// commit_batch -> commit_batch_reply, after the fsync of the last write
/// batch holding one of its requests; conflict and duplicate answers come
/// once their write batch is written too, so that a re-execution reads the
/// writes that made it stale.
using committer_actor = caf::typed_actor<caf::replies_to<commit_batch>::with<commit_batch_reply>,
                                         caf::reacts_to<flush_atom>>;

/// Told about every durable receipt, after its batch is fsynced. Called on the
/// committer's thread; must be thread-safe and must not block.
using receipt_listener = std::function<void(const std::vector<ledger::receipt>&)>;

}  // namespace vireo::committer

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::committer::commit_batch)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::committer::commit_batch_reply)
