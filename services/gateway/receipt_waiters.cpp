#include "services/gateway/receipt_waiters.hpp"

namespace vireo::gateway {

uint64_t receipt_waiters::wait(const std::string& invocation_id, waiter on_receipt) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto token = next_token_++;
  if (!closed_)
    waiting_[invocation_id].emplace_back(token, std::move(on_receipt));
  return token;
}

bool receipt_waiters::cancel(const std::string& invocation_id, uint64_t token) {
  std::lock_guard<std::mutex> guard{mutex_};
  auto it = waiting_.find(invocation_id);
  if (it == waiting_.end())
    return false;
  auto& list = it->second;
  for (auto w = list.begin(); w != list.end(); ++w)
    if (w->first == token) {
      list.erase(w);
      if (list.empty())
        waiting_.erase(it);
      return true;
    }
  return false;
}

void receipt_waiters::publish(const std::vector<ledger::receipt>& receipts) {
  std::lock_guard<std::mutex> calling{calling_};
  std::vector<std::pair<const ledger::receipt*, waiter>> ready;
  {
    std::lock_guard<std::mutex> guard{mutex_};
    if (waiting_.empty())
      return;
    for (auto& receipt : receipts) {
      auto it = waiting_.find(receipt.invocation_id);
      if (it == waiting_.end())
        continue;
      for (auto& w : it->second)
        ready.emplace_back(&receipt, std::move(w.second));
      waiting_.erase(it);
    }
  }
  for (auto& [receipt, w] : ready)
    w(*receipt);
}

void receipt_waiters::close() {
  std::lock_guard<std::mutex> calling{calling_};
  std::lock_guard<std::mutex> guard{mutex_};
  closed_ = true;
  waiting_.clear();
}

}  // namespace vireo::gateway
