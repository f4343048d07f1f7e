// The Fabric .proto subset: package, message and field numbers as the protocol
// fixes them (PROTOCOLS.md §1), and a random-value round trip of every message.
#include <random>
#include <tuple>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include "common/common.pb.h"
#include "ledger/queryresult/kv_query_result.pb.h"
#include "msp/identities.pb.h"
#include "peer/chaincode.pb.h"
#include "peer/chaincode_event.pb.h"
#include "peer/chaincode_shim.pb.h"
#include "peer/proposal.pb.h"
#include "peer/proposal_response.pb.h"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const Descriptor* find(const std::string& full_name) {
  return DescriptorPool::generated_pool()->FindMessageTypeByName(full_name);
}

TEST(fabric_protos, have_the_protocol_field_numbers) {
  const std::vector<std::tuple<std::string, std::string, int>> fields = {
      {"protos.ChaincodeMessage", "type", 1}, {"protos.ChaincodeMessage", "timestamp", 2},
      {"protos.ChaincodeMessage", "payload", 3}, {"protos.ChaincodeMessage", "txid", 4},
      {"protos.ChaincodeMessage", "proposal", 5}, {"protos.ChaincodeMessage", "chaincode_event", 6},
      {"protos.ChaincodeMessage", "channel_id", 7},
      {"protos.ChaincodeID", "path", 1}, {"protos.ChaincodeID", "name", 2}, {"protos.ChaincodeID", "version", 3},
      {"protos.ChaincodeInput", "args", 1}, {"protos.ChaincodeInput", "decorations", 2},
      {"protos.ChaincodeInput", "is_init", 3},
      {"protos.ChaincodeSpec", "type", 1}, {"protos.ChaincodeSpec", "chaincode_id", 2},
      {"protos.ChaincodeSpec", "input", 3}, {"protos.ChaincodeSpec", "timeout", 4},
      {"protos.GetState", "key", 1}, {"protos.GetState", "collection", 2},
      {"protos.PutState", "key", 1}, {"protos.PutState", "value", 2}, {"protos.PutState", "collection", 3},
      {"protos.DelState", "key", 1}, {"protos.DelState", "collection", 2},
      {"protos.GetStateByRange", "startKey", 1}, {"protos.GetStateByRange", "endKey", 2},
      {"protos.GetStateByRange", "collection", 3}, {"protos.GetStateByRange", "metadata", 4},
      {"protos.GetQueryResult", "query", 1}, {"protos.GetQueryResult", "collection", 2},
      {"protos.GetQueryResult", "metadata", 3},
      {"protos.QueryMetadata", "pageSize", 1}, {"protos.QueryMetadata", "bookmark", 2},
      {"protos.GetHistoryForKey", "key", 1}, {"protos.QueryStateNext", "id", 1}, {"protos.QueryStateClose", "id", 1},
      {"protos.QueryResultBytes", "resultBytes", 1},
      {"protos.QueryResponse", "results", 1}, {"protos.QueryResponse", "has_more", 2},
      {"protos.QueryResponse", "id", 3}, {"protos.QueryResponse", "metadata", 4},
      {"protos.QueryResponseMetadata", "fetched_records_count", 1}, {"protos.QueryResponseMetadata", "bookmark", 2},
      {"protos.GetStateMetadata", "key", 1}, {"protos.GetStateMetadata", "collection", 2},
      {"protos.PutStateMetadata", "key", 1}, {"protos.PutStateMetadata", "collection", 3},
      {"protos.PutStateMetadata", "metadata", 4},
      {"protos.StateMetadata", "metakey", 1}, {"protos.StateMetadata", "value", 2},
      {"protos.StateMetadataResult", "entries", 1},
      {"protos.ChaincodeEvent", "chaincode_id", 1}, {"protos.ChaincodeEvent", "tx_id", 2},
      {"protos.ChaincodeEvent", "event_name", 3}, {"protos.ChaincodeEvent", "payload", 4},
      {"protos.Response", "status", 1}, {"protos.Response", "message", 2}, {"protos.Response", "payload", 3},
      {"protos.SignedProposal", "proposal_bytes", 1}, {"protos.SignedProposal", "signature", 2},
      {"protos.Proposal", "header", 1}, {"protos.Proposal", "payload", 2}, {"protos.Proposal", "extension", 3},
      {"protos.ChaincodeProposalPayload", "input", 1}, {"protos.ChaincodeProposalPayload", "TransientMap", 2},
      {"common.Header", "channel_header", 1}, {"common.Header", "signature_header", 2},
      {"common.ChannelHeader", "type", 1}, {"common.ChannelHeader", "version", 2},
      {"common.ChannelHeader", "timestamp", 3}, {"common.ChannelHeader", "channel_id", 4},
      {"common.ChannelHeader", "tx_id", 5}, {"common.ChannelHeader", "epoch", 6},
      {"common.SignatureHeader", "creator", 1}, {"common.SignatureHeader", "nonce", 2},
      {"msp.SerializedIdentity", "mspid", 1}, {"msp.SerializedIdentity", "id_bytes", 2},
      {"queryresult.KV", "namespace", 1}, {"queryresult.KV", "key", 2}, {"queryresult.KV", "value", 3},
      {"queryresult.KeyModification", "tx_id", 1}, {"queryresult.KeyModification", "value", 2},
      {"queryresult.KeyModification", "timestamp", 3}, {"queryresult.KeyModification", "is_delete", 4},
  };
  for (const auto& [message, field, number] : fields) {
    const Descriptor* d = find(message);
    ASSERT_NE(d, nullptr) << message;
    const FieldDescriptor* f = d->FindFieldByName(field);
    ASSERT_NE(f, nullptr) << message << "." << field;
    EXPECT_EQ(f->number(), number) << message << "." << field;
  }
}

TEST(fabric_protos, have_the_protocol_message_types_and_services) {
  using T = protos::ChaincodeMessage;
  EXPECT_EQ(T::REGISTER, 1);
  EXPECT_EQ(T::READY, 4);
  EXPECT_EQ(T::COMPLETED, 6);
  EXPECT_EQ(T::RESPONSE, 13);
  EXPECT_EQ(T::KEEPALIVE, 18);
  EXPECT_EQ(T::PURGE_PRIVATE_DATA, 23);
  EXPECT_FALSE(T::Type_IsValid(12));
  auto* pool = DescriptorPool::generated_pool();
  ASSERT_NE(pool->FindMethodByName("protos.ChaincodeSupport.Register"), nullptr);
  ASSERT_NE(pool->FindMethodByName("protos.Chaincode.Connect"), nullptr);
  EXPECT_TRUE(pool->FindMethodByName("protos.Chaincode.Connect")->client_streaming());
  EXPECT_TRUE(pool->FindMethodByName("protos.Chaincode.Connect")->server_streaming());
}

// Fills every field of `m` with random values, nested messages to `depth`.
void randomize(Message& m, std::mt19937& rng, int depth) {
  const auto* d = m.GetDescriptor();
  const auto* r = m.GetReflection();
  auto text = [&] { return std::string(rng() % 12, static_cast<char>('a' + rng() % 26)); };
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* f = d->field(i);
    const int count = f->is_repeated() ? 1 + static_cast<int>(rng() % 3) : 1;
    for (int k = 0; k < count; ++k) {
      switch (f->cpp_type()) {
        case FieldDescriptor::CPPTYPE_STRING:
          f->is_repeated() ? r->AddString(&m, f, text()) : r->SetString(&m, f, text());
          break;
        case FieldDescriptor::CPPTYPE_INT32:
          f->is_repeated() ? r->AddInt32(&m, f, static_cast<int32_t>(rng())) : r->SetInt32(&m, f, static_cast<int32_t>(rng()));
          break;
        case FieldDescriptor::CPPTYPE_INT64:
          r->SetInt64(&m, f, static_cast<int64_t>(rng()));
          break;
        case FieldDescriptor::CPPTYPE_UINT64:
          r->SetUInt64(&m, f, rng());
          break;
        case FieldDescriptor::CPPTYPE_BOOL:
          r->SetBool(&m, f, rng() % 2);
          break;
        case FieldDescriptor::CPPTYPE_ENUM: {
          const auto* e = f->enum_type();
          r->SetEnum(&m, f, e->value(static_cast<int>(rng() % e->value_count())));
          break;
        }
        case FieldDescriptor::CPPTYPE_MESSAGE:
          if (depth > 0) randomize(f->is_repeated() ? *r->AddMessage(&m, f) : *r->MutableMessage(&m, f), rng, depth - 1);
          break;
        default:
          break;
      }
    }
  }
}

TEST(fabric_protos, round_trip_random_values) {
  std::mt19937 rng(20260521);
  const std::vector<std::string> names = {
      "protos.ChaincodeMessage", "protos.ChaincodeID", "protos.ChaincodeInput", "protos.ChaincodeSpec",
      "protos.GetState", "protos.PutState", "protos.DelState", "protos.GetStateByRange", "protos.GetQueryResult",
      "protos.QueryMetadata", "protos.GetHistoryForKey", "protos.QueryStateNext", "protos.QueryStateClose",
      "protos.QueryResponse", "protos.QueryResponseMetadata", "protos.GetStateMetadata", "protos.PutStateMetadata",
      "protos.StateMetadataResult", "protos.ChaincodeEvent", "protos.Response", "protos.SignedProposal",
      "protos.Proposal", "protos.ChaincodeProposalPayload", "common.Header", "common.ChannelHeader",
      "common.SignatureHeader", "msp.SerializedIdentity", "queryresult.KV", "queryresult.KeyModification"};
  for (const auto& name : names) {
    const Descriptor* d = find(name);
    ASSERT_NE(d, nullptr) << name;
    for (int round = 0; round < 20; ++round) {
      std::unique_ptr<Message> original(google::protobuf::MessageFactory::generated_factory()->GetPrototype(d)->New());
      randomize(*original, rng, 3);
      std::unique_ptr<Message> copy(original->New());
      ASSERT_TRUE(copy->ParseFromString(original->SerializeAsString())) << name;
      EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(*original, *copy)) << name;
    }
  }
}

}  // namespace
