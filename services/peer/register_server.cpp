#include "services/peer/register_server.hpp"

#include <stdexcept>

#include "peer/chaincode_shim.grpc.pb.h"
#include "services/peer/errc.hpp"
#include "services/peer/grpc_options.hpp"
#include "services/peer/log.hpp"
#include "services/peer/stream_sink.hpp"

namespace vireo::peer {

using server_stream = grpc::ServerReaderWriter<protos::ChaincodeMessage, protos::ChaincodeMessage>;
using server_sink = stream_sink<server_stream, grpc::ServerContext>;

class register_server::service final : public protos::ChaincodeSupport::Service {
 public:
  explicit service(handler::hooks hooks) : hooks_(std::move(hooks)) {}

  grpc::Status Register(grpc::ServerContext* context, server_stream* stream) override {
    auto sink = std::make_shared<server_sink>(stream, context);
    sink->bind_reader();
    auto h = std::make_shared<handler>(sink, hooks_, context->peer());
    protos::ChaincodeMessage msg;
    while (!sink->closing() && stream->Read(&msg)) h->on_message(msg);
    const bool closed_by_us = sink->closing();
    const std::string reason = closed_by_us ? sink->reason()
                             : context->IsCancelled() ? std::string("stream broken (chaincode gone or call cancelled)")
                                                      : std::string("stream ended by the chaincode");
    sink->detach();
    h->on_stream_closed(reason);
    if (closed_by_us) return grpc::Status(grpc::StatusCode::FAILED_PRECONDITION, reason);
    return grpc::Status::OK;
  }

 private:
  const handler::hooks hooks_;
};

register_server::register_server(const peer_settings& settings, handler::hooks hooks)
    : service_(std::make_unique<service>(std::move(hooks))) {
  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(settings.listen_address, server_credentials(settings.tls), &port);
  apply_server_options(builder, settings);
  builder.RegisterService(service_.get());
  server_ = builder.BuildAndStart();
  if (!server_ || port == 0)
    throw std::runtime_error(describe(errc::bad_settings, "cannot listen on '" + settings.listen_address + "'"));
  address_ = settings.listen_address.substr(0, settings.listen_address.rfind(':')) + ":" + std::to_string(port);
  log().info("ChaincodeSupport.Register listening on {} (tls {})", address_,
             settings.tls.enabled ? (settings.tls.client_ca_file.empty() ? "on" : "mutual") : "off");
}

register_server::~register_server() {
  // Register calls block in Read: cancel them so Shutdown can finish.
  server_->Shutdown(std::chrono::system_clock::now());
  server_->Wait();
}

}  // namespace vireo::peer
