// The inbox of one transaction in flight on a chaincode stream: the stream's
// reader delivers the chaincode's messages for that (channel, txid); the thread
// running the invocation takes them in arrival order. When the stream is lost
// the mailbox fails, after the messages already delivered have been taken.
// Thread-safe: one deliverer and one taker at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "peer/chaincode_shim.pb.h"

namespace vireo::peer {

class tx_mailbox {
 public:
  enum class wait_result { message, failed, timed_out };

  /// Queues a message from the chaincode.
  void deliver(protos::ChaincodeMessage msg);
  /// Fails the transaction (stream lost, connection closed); the first reason wins.
  void fail(std::string reason);
  /// Waits until a message is queued (moved into `out`; `received_at`, when
  /// given, gets the time it was delivered), the mailbox failed (`reason` set),
  /// or `deadline` passed.
  wait_result next(std::chrono::steady_clock::time_point deadline, protos::ChaincodeMessage& out,
                   std::string& reason, std::chrono::steady_clock::time_point* received_at = nullptr);

 private:
  struct delivery {
    protos::ChaincodeMessage msg;
    std::chrono::steady_clock::time_point at;
  };
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<delivery> queue_;
  std::optional<std::string> failure_;
};

}  // namespace vireo::peer
