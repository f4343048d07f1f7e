// The block producer: seals the durable transactions that are in no block yet
// into the next block, every blocks.interval_ms or as soon as
// blocks.max_transactions wait, whichever comes first.
//
// Order: blocks are sealed in height order, each naming its predecessor's
// hash; a transaction is in exactly one block (sealing deletes its
// `unsealed` marker in the block's own WriteBatch).
// Callers: the journal and the committer report new unsealed transactions.
#pragma once

#include <cstdint>

#include <vector>

#include <caf/all.hpp>

#include "actors/ledger/ledger_store.hpp"

namespace vireo::block_producer {

/// Transactions became durable and wait for a block: the markers just
/// written, in position order.
struct unsealed_added {
  std::vector<ledger::unsealed_marker> markers;
};

using seal_atom = caf::atom_constant<caf::atom("seal")>;

/// unsealed_added: keeps them, seals at once when enough wait.
/// seal_atom: the periodic tick; seals whatever waits.
using block_producer_actor = caf::typed_actor<caf::reacts_to<unsealed_added>, caf::reacts_to<seal_atom>>;

}  // namespace vireo::block_producer

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::block_producer::unsealed_added)
