// Synthesizes the SignedProposal that fabric-shim needs on every INIT and
// TRANSACTION (it reads the creator and the headers on each call), and the
// transaction id derived from it the way Fabric derives one:
// hex(SHA-256(nonce || serialized creator)). Stateless; thread-safe.
#pragma once

#include <string>

#include "peer/chaincode.pb.h"
#include "peer/proposal.pb.h"
#include "services/peer/msp_identity.hpp"

namespace vireo::peer {

struct synthesized_proposal {
  std::string txid;
  protos::SignedProposal signed_proposal;
};

/// A proposal from `identity` for `chaincode_name` on `channel_id` carrying
/// `input`, with a fresh random nonce (so a fresh txid) and the current time.
/// `sign`: signature = ECDSA over proposal_bytes; otherwise empty.
synthesized_proposal synthesize_proposal(const msp_identity& identity, bool sign,
                                         const std::string& channel_id,
                                         const std::string& chaincode_name,
                                         const protos::ChaincodeInput& input);

}  // namespace vireo::peer
