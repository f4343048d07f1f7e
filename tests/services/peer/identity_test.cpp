// The per-node MSP identity and the proposals synthesized from it.
#include <filesystem>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/common.pb.h"
#include "msp/identities.pb.h"
#include "services/peer/msp_identity.hpp"
#include "services/peer/proposal.hpp"

namespace vireo::peer {
namespace {
namespace fs = std::filesystem;

struct identity_fixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("vireo-peer-identity-" + std::to_string(::getpid()));
  void TearDown() override { fs::remove_all(dir); }
};

X509* parse_cert(const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return cert;
}

TEST_F(identity_fixture, creates_a_self_signed_p256_certificate_once_and_reloads_it) {
  auto first = msp_identity::load_or_create(dir.string(), "Org1MSP", "vireo-test");
  EXPECT_TRUE(fs::exists(dir / "msp" / "signcert.pem"));
  EXPECT_EQ(fs::status(dir / "msp" / "key.pem").permissions() & fs::perms::others_read, fs::perms::none);
  X509* cert = parse_cert(first->certificate_pem());
  ASSERT_NE(cert, nullptr);
  EVP_PKEY* key = X509_get0_pubkey(cert);
  EXPECT_EQ(EVP_PKEY_get_base_id(key), EVP_PKEY_EC);
  char group[64] = {};
  size_t len = 0;
  EVP_PKEY_get_group_name(key, group, sizeof group, &len);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(X509_verify(cert, key), 1) << "self-signed";
  X509_free(cert);
  auto second = msp_identity::load_or_create(dir.string(), "Org1MSP", "ignored");
  EXPECT_EQ(second->certificate_pem(), first->certificate_pem()) << "kept across restarts";
}

TEST_F(identity_fixture, synthesized_proposal_carries_creator_headers_and_a_verifiable_signature) {
  auto id = msp_identity::load_or_create(dir.string(), "Org1MSP", "vireo-test");
  protos::ChaincodeInput input;
  input.add_args("create");
  auto p = synthesize_proposal(*id, true, "mychannel", "asset:1", input);
  EXPECT_EQ(p.txid.size(), 64u);

  protos::Proposal proposal;
  ASSERT_TRUE(proposal.ParseFromString(p.signed_proposal.proposal_bytes()));
  EXPECT_FALSE(proposal.payload().empty()) << "fabric-shim refuses an empty proposal payload";
  common::Header header;
  ASSERT_TRUE(header.ParseFromString(proposal.header()));
  common::ChannelHeader ch;
  ASSERT_TRUE(ch.ParseFromString(header.channel_header()));
  EXPECT_EQ(ch.channel_id(), "mychannel");
  EXPECT_EQ(ch.tx_id(), p.txid);
  EXPECT_EQ(ch.type(), common::ENDORSER_TRANSACTION);
  EXPECT_GT(ch.timestamp().seconds(), 0);
  common::SignatureHeader sh;
  ASSERT_TRUE(sh.ParseFromString(header.signature_header()));
  msp::SerializedIdentity creator;
  ASSERT_TRUE(creator.ParseFromString(sh.creator()));
  EXPECT_EQ(creator.mspid(), "Org1MSP");
  EXPECT_EQ(creator.id_bytes(), id->certificate_pem());
  protos::ChaincodeProposalPayload payload;
  ASSERT_TRUE(payload.ParseFromString(proposal.payload()));
  protos::ChaincodeInvocationSpec spec;
  ASSERT_TRUE(spec.ParseFromString(payload.input()));
  EXPECT_EQ(spec.chaincode_spec().input().args(0), "create");

  X509* cert = parse_cert(id->certificate_pem());
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ASSERT_EQ(EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(cert)), 1);
  const auto& data = p.signed_proposal.proposal_bytes();
  const auto& sig = p.signed_proposal.signature();
  EXPECT_EQ(EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                             reinterpret_cast<const unsigned char*>(data.data()), data.size()),
            1);
  EVP_MD_CTX_free(ctx);
  X509_free(cert);

  auto again = synthesize_proposal(*id, false, "mychannel", "asset:1", input);
  EXPECT_NE(again.txid, p.txid) << "a fresh nonce gives a fresh txid";
  EXPECT_TRUE(again.signed_proposal.signature().empty());
}

}  // namespace
}  // namespace vireo::peer
