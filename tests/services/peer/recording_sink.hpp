// A message_sink for handler tests: records what the peer sends, and lets the
// test play the chaincode by taking those messages (a named sync point that
// waits on a condition variable, not a sleep).
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <string>

#include "services/peer/message_sink.hpp"

namespace vireo::peer::testing {

class recording_sink final : public message_sink {
 public:
  bool send(const protos::ChaincodeMessage& msg) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return false;
    sent_.push_back(msg);
    cv_.notify_all();
    return true;
  }
  void close(const std::string& reason) override {
    std::lock_guard<std::mutex> lock(mu_);
    if (!closed_) close_reason_ = reason;
    closed_ = true;
    cv_.notify_all();
  }
  /// The next message the peer sent, waiting up to 5 s.
  std::optional<protos::ChaincodeMessage> next() {
    std::unique_lock<std::mutex> lock(mu_);
    if (!cv_.wait_for(lock, std::chrono::seconds(5), [this] { return !sent_.empty(); })) return std::nullopt;
    auto m = sent_.front();
    sent_.pop_front();
    return m;
  }
  bool closed() const {
    std::lock_guard<std::mutex> lock(mu_);
    return closed_;
  }
  std::string close_reason() const {
    std::lock_guard<std::mutex> lock(mu_);
    return close_reason_;
  }
  size_t pending() const {
    std::lock_guard<std::mutex> lock(mu_);
    return sent_.size();
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<protos::ChaincodeMessage> sent_;
  bool closed_ = false;
  std::string close_reason_;
};

/// A chaincode message of `type` on (channel, txid) with `payload`.
inline protos::ChaincodeMessage message(protos::ChaincodeMessage::Type type, const std::string& payload = "",
                                        const std::string& txid = "", const std::string& channel = "ch") {
  protos::ChaincodeMessage m;
  m.set_type(type);
  m.set_payload(payload);
  m.set_txid(txid);
  m.set_channel_id(channel);
  return m;
}

}  // namespace vireo::peer::testing
