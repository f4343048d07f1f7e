// The peer service over real gRPC with a C++ client playing the chaincode (no
// Node): handshake, refusal of a duplicate id, out-of-order and garbage frames
// on the wire, KEEPALIVE when it is turned on.
#include <filesystem>

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "peer/chaincode.pb.h"
#include "peer/chaincode_shim.grpc.pb.h"
#include "services/peer/peer_service.hpp"
#include "tests/services/peer/recording_sink.hpp"

namespace vireo::peer {
namespace {
namespace fs = std::filesystem;
using type = protos::ChaincodeMessage;
using testing::message;

// A chaincode stream opened by the test against the Register server.
struct fake_chaincode {
  explicit fake_chaincode(const std::string& address)
      : stub(protos::ChaincodeSupport::NewStub(grpc::CreateChannel(address, grpc::InsecureChannelCredentials()))),
        stream(stub->Register(&context)) {}
  bool send(const protos::ChaincodeMessage& m) { return stream->Write(m); }
  std::optional<protos::ChaincodeMessage> next() {
    protos::ChaincodeMessage m;
    if (!stream->Read(&m)) return std::nullopt;
    return m;
  }
  void register_as(const std::string& id) {
    protos::ChaincodeID cid;
    cid.set_name(id);
    send(message(type::REGISTER, cid.SerializeAsString()));
  }
  std::unique_ptr<protos::ChaincodeSupport::Stub> stub;
  grpc::ClientContext context;
  std::unique_ptr<grpc::ClientReaderWriter<protos::ChaincodeMessage, protos::ChaincodeMessage>> stream;
};

struct service_fixture : ::testing::Test {
  fs::path dir = fs::temp_directory_path() / ("vireo-peer-service-" + std::to_string(::getpid()));
  std::unique_ptr<peer_service> service;
  void start(nlohmann::json extra = nlohmann::json::object()) {
    nlohmann::json s = {{"listen_address", "127.0.0.1:0"}, {"data_dir", dir.string()}};
    s.update(extra);
    service = std::make_unique<peer_service>(parse_peer_settings(s));
  }
  void TearDown() override {
    service.reset();
    fs::remove_all(dir);
  }
  static auto soon() { return std::chrono::steady_clock::now() + std::chrono::seconds(10); }
};

TEST_F(service_fixture, a_chaincode_registers_over_grpc_and_is_listed) {
  start();
  fake_chaincode cc(service->listen_address());
  cc.register_as("fake:1");
  EXPECT_EQ(cc.next()->type(), type::REGISTERED);
  EXPECT_EQ(cc.next()->type(), type::READY);
  ASSERT_TRUE(service->registry().wait_registrations(1, soon()));
  auto listed = service->connections();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].chaincode_id, "fake:1");
  EXPECT_EQ(listed[0].mode, "client");
}

TEST_F(service_fixture, a_second_live_registration_of_the_same_id_is_refused) {
  start();
  fake_chaincode first(service->listen_address());
  first.register_as("fake:1");
  first.next();
  first.next();
  ASSERT_TRUE(service->registry().wait_registrations(1, soon()));
  fake_chaincode second(service->listen_address());
  second.register_as("fake:1");
  EXPECT_EQ(second.next()->type(), type::REGISTERED);
  EXPECT_EQ(second.next()->type(), type::READY);
  auto refusal = second.next();
  ASSERT_TRUE(refusal);
  EXPECT_EQ(refusal->type(), type::ERROR);
  EXPECT_NE(refusal->payload().find("already registered"), std::string::npos) << refusal->payload();
  EXPECT_FALSE(second.next()) << "the stream is closed";
  EXPECT_EQ(second.stream->Finish().error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(service_fixture, out_of_order_handshake_gets_error_and_the_stream_ends_with_the_reason) {
  start();
  fake_chaincode cc(service->listen_address());
  cc.send(message(type::PUT_STATE, "", "tx1"));
  auto reply = cc.next();
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->type(), type::ERROR);
  EXPECT_FALSE(cc.next());
  auto status = cc.stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(status.error_message(), "chaincode protocol violation: expected REGISTER first, got PUT_STATE");
}

TEST_F(service_fixture, garbage_frames_end_that_stream_and_the_server_keeps_serving) {
  start();
  grpc::GenericStub generic(grpc::CreateChannel(service->listen_address(), grpc::InsecureChannelCredentials()));
  grpc::ClientContext context;
  grpc::CompletionQueue cq;
  auto call = generic.PrepareCall(&context, "/protos.ChaincodeSupport/Register", &cq);
  void* tag;
  bool ok;
  call->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(cq.Next(&tag, &ok) && ok);
  grpc::Slice junk(std::string("\xff\xff\xff\xff not a ChaincodeMessage", 28));
  grpc::ByteBuffer buffer(&junk, 1);
  call->Write(buffer, reinterpret_cast<void*>(2));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  grpc::ByteBuffer response;
  call->Read(&response, reinterpret_cast<void*>(3));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  EXPECT_FALSE(ok) << "the server ended the stream instead of answering";
  grpc::Status status;  // the server cannot tell an unparseable frame from an end: either way the stream is over
  call->Finish(&status, reinterpret_cast<void*>(4));
  ASSERT_TRUE(cq.Next(&tag, &ok));
  EXPECT_TRUE(service->connections().empty()) << "nothing registered from that stream";
  cq.Shutdown();
  while (cq.Next(&tag, &ok)) {
  }

  fake_chaincode healthy(service->listen_address());
  healthy.register_as("fake:after-garbage");
  EXPECT_EQ(healthy.next()->type(), type::REGISTERED);
  EXPECT_EQ(healthy.next()->type(), type::READY);
}

TEST_F(service_fixture, keepalive_is_sent_only_when_configured) {
  start({{"keepalive_interval_ms", 20}});
  fake_chaincode cc(service->listen_address());
  cc.register_as("fake:1");
  cc.next();
  cc.next();
  auto keepalive = cc.next();
  ASSERT_TRUE(keepalive);
  EXPECT_EQ(keepalive->type(), type::KEEPALIVE);
}

}  // namespace
}  // namespace vireo::peer
