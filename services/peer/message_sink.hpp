// The peer-to-chaincode half of one chaincode stream, as the handler sees it.
// Implemented over a gRPC server stream (chaincode as client), a gRPC client
// stream (chaincode as a service), and by tests.
#pragma once

#include <string>

#include "peer/chaincode_shim.pb.h"

namespace vireo::peer {

class message_sink {
 public:
  virtual ~message_sink() = default;
  /// Writes one message to the chaincode; false once the stream is gone.
  /// Thread-safe: writes from several threads are serialized.
  virtual bool send(const protos::ChaincodeMessage& msg) = 0;
  /// Ends the stream from the peer side; the stream's reader then stops and
  /// reports the end to the handler. Thread-safe and idempotent.
  virtual void close(const std::string& reason) = 0;
};

}  // namespace vireo::peer
