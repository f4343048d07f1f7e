#include "services/peer/proposal.hpp"

#include <chrono>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "common/common.pb.h"
#include "services/peer/errc.hpp"

namespace vireo::peer {
namespace {

constexpr size_t nonce_bytes = 24;

std::string random_nonce() {
  std::string nonce(nonce_bytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(nonce.data()), static_cast<int>(nonce.size())) != 1)
    throw std::runtime_error(describe(errc::identity, "no randomness for a proposal nonce"));
  return nonce;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), digest, &len, EVP_sha256(), nullptr);
  static const char* hex = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out += hex[digest[i] >> 4];
    out += hex[digest[i] & 0xf];
  }
  return out;
}

void set_now(google::protobuf::Timestamp* ts) {
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::system_clock::now().time_since_epoch()).count();
  ts->set_seconds(ns / 1000000000);
  ts->set_nanos(static_cast<int32_t>(ns % 1000000000));
}

}  // namespace

synthesized_proposal synthesize_proposal(const msp_identity& identity, bool sign,
                                         const std::string& channel_id,
                                         const std::string& chaincode_name,
                                         const protos::ChaincodeInput& input) {
  synthesized_proposal out;
  common::SignatureHeader signature_header;
  signature_header.set_creator(identity.serialized());
  signature_header.set_nonce(random_nonce());
  out.txid = sha256_hex(signature_header.nonce() + identity.serialized());

  common::ChannelHeader channel_header;
  channel_header.set_type(common::ENDORSER_TRANSACTION);
  set_now(channel_header.mutable_timestamp());
  channel_header.set_channel_id(channel_id);
  channel_header.set_tx_id(out.txid);

  common::Header header;
  header.set_channel_header(channel_header.SerializeAsString());
  header.set_signature_header(signature_header.SerializeAsString());

  protos::ChaincodeInvocationSpec invocation;
  auto* spec = invocation.mutable_chaincode_spec();
  spec->set_type(protos::ChaincodeSpec::NODE);
  spec->mutable_chaincode_id()->set_name(chaincode_name);
  *spec->mutable_input() = input;
  protos::ChaincodeProposalPayload payload;
  payload.set_input(invocation.SerializeAsString());

  protos::Proposal proposal;
  proposal.set_header(header.SerializeAsString());
  proposal.set_payload(payload.SerializeAsString());
  out.signed_proposal.set_proposal_bytes(proposal.SerializeAsString());
  if (sign) out.signed_proposal.set_signature(identity.sign(out.signed_proposal.proposal_bytes()));
  return out;
}

}  // namespace vireo::peer
