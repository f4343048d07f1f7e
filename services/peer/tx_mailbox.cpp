#include "services/peer/tx_mailbox.hpp"

namespace vireo::peer {

void tx_mailbox::deliver(protos::ChaincodeMessage msg) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({std::move(msg), std::chrono::steady_clock::now()});
  }
  cv_.notify_one();
}

void tx_mailbox::fail(std::string reason) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!failure_) failure_ = std::move(reason);
  }
  cv_.notify_one();
}

tx_mailbox::wait_result tx_mailbox::next(std::chrono::steady_clock::time_point deadline,
                                         protos::ChaincodeMessage& out, std::string& reason,
                                         std::chrono::steady_clock::time_point* received_at) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_until(lock, deadline, [this] { return !queue_.empty() || failure_.has_value(); });
  if (!queue_.empty()) {
    out = std::move(queue_.front().msg);
    if (received_at) *received_at = queue_.front().at;
    queue_.pop_front();
    return wait_result::message;
  }
  if (failure_) {
    reason = *failure_;
    return wait_result::failed;
  }
  return wait_result::timed_out;
}

}  // namespace vireo::peer
