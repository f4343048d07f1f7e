// One stream to a chaincode that runs as a service: the peer dials
// protos.Chaincode/Connect at the chaincode's address; the chaincode then sends
// REGISTER as in client mode and the same handler serves it. A reader thread
// per connection feeds the handler; destruction cancels the stream and joins it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "peer/chaincode_shim.grpc.pb.h"

#include "services/peer/handler.hpp"
#include "services/peer/peer_settings.hpp"

namespace vireo::peer {

class chaincode_connection {
 public:
  /// Dials `address`, waiting until `deadline` for the channel to connect, then
  /// opens the stream. Null (and `why`) when the chaincode is unreachable.
  static std::unique_ptr<chaincode_connection> dial(const std::string& address, const peer_settings& settings,
                                                    handler::hooks hooks,
                                                    std::chrono::steady_clock::time_point deadline,
                                                    std::string& why);
  ~chaincode_connection();

  /// Waits until the chaincode registered (true) or the stream ended / `deadline` passed.
  bool wait_ready(std::chrono::steady_clock::time_point deadline);
  /// The handler once registered and still up, else null.
  std::shared_ptr<handler> ready_handler() const;
  /// False once the stream ended.
  bool alive() const;

 private:
  chaincode_connection() = default;
  void read_loop();

  std::string address_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<protos::Chaincode::Stub> stub_;
  grpc::ClientContext context_;
  std::unique_ptr<grpc::ClientReaderWriter<protos::ChaincodeMessage, protos::ChaincodeMessage>> stream_;
  std::shared_ptr<handler> handler_;
  std::shared_ptr<message_sink> sink_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool ended_ = false;
  std::thread reader_;
};

}  // namespace vireo::peer
