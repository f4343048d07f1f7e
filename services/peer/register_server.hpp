// The gRPC server for chaincode that runs as a client: protos.ChaincodeSupport
// /Register. Each Register call is one chaincode stream served by a handler on
// the gRPC thread that runs the call (the stream's reader). Started by the
// constructor, stopped (streams cancelled) by the destructor.
#pragma once

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "services/peer/handler.hpp"
#include "services/peer/peer_settings.hpp"

namespace vireo::peer {

class register_server {
 public:
  /// Listens on settings.listen_address. Throws std::runtime_error when it
  /// cannot bind, std::invalid_argument when TLS files are unreadable.
  register_server(const peer_settings& settings, handler::hooks hooks);
  ~register_server();
  register_server(const register_server&) = delete;
  register_server& operator=(const register_server&) = delete;

  /// "host:port" actually bound (the port resolved when 0 was asked for).
  const std::string& address() const { return address_; }

 private:
  class service;
  std::unique_ptr<service> service_;
  std::unique_ptr<grpc::Server> server_;
  std::string address_;
};

}  // namespace vireo::peer
