// message_sink over a synchronous gRPC bidi stream, either side. Writes are
// serialized by a mutex; after detach() (the RPC is over) writes fail.
// close(): from the stream's reader thread it only marks the stream closing (the
// reader then ends the RPC with the reason); from another thread it cancels the
// RPC so a blocked read returns.
#pragma once

#include <atomic>
#include <mutex>
#include <string>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "services/peer/message_sink.hpp"

namespace vireo::peer {

template <class Stream, class Context>
class stream_sink final : public message_sink {
 public:
  stream_sink(Stream* stream, Context* context) : stream_(stream), context_(context) {}

  bool send(const protos::ChaincodeMessage& msg) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (detached_ || closing_) return false;
    return stream_->Write(msg);
  }

  void close(const std::string& reason) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_ || detached_) return;
    closing_ = true;
    reason_ = reason;
    if (std::this_thread::get_id() != reader_) context_->TryCancel();
  }

  /// REQUIRES: called by the reader thread before its first Read.
  void bind_reader() { reader_ = std::this_thread::get_id(); }
  bool closing() const {
    std::lock_guard<std::mutex> lock(mu_);
    return closing_;
  }
  std::string reason() const {
    std::lock_guard<std::mutex> lock(mu_);
    return reason_;
  }
  /// The RPC is over: no more writes, no more cancels.
  void detach() {
    std::lock_guard<std::mutex> lock(mu_);
    detached_ = true;
  }

 private:
  Stream* const stream_;
  Context* const context_;
  mutable std::mutex mu_;
  bool closing_ = false;
  bool detached_ = false;
  std::string reason_;
  std::thread::id reader_;
};

}  // namespace vireo::peer
