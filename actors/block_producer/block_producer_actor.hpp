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

#include <caf/all.hpp>

namespace vireo::block_producer {

/// `count` transactions became durable and wait for a block.
struct unsealed_added {
  uint32_t count = 0;
};

using seal_atom = caf::atom_constant<caf::atom("seal")>;

/// unsealed_added: counts them, seals at once when enough wait.
/// seal_atom: the periodic tick; seals whatever waits.
using block_producer_actor = caf::typed_actor<caf::reacts_to<unsealed_added>, caf::reacts_to<seal_atom>>;

}  // namespace vireo::block_producer

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::block_producer::unsealed_added)
