#include "services/peer/handler_registry.hpp"

#include "services/peer/errc.hpp"
#include "services/peer/peer_probe.hpp"
#include "services/peer/runtime_settings.hpp"

namespace vireo::peer {

std::string handler_registry::add(const std::shared_ptr<handler>& h) {
  const std::string id = h->chaincode_id();
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto& slot = by_id_[id];
    if (slot && slot != h && slot->current_state() == handler::state::ready)
      return "chaincode " + id + " is already registered from " + slot->remote();
    slot = h;
    ++registrations_;
    probe::connections(by_id_.size());
  }
  cv_.notify_all();
  return {};
}

void handler_registry::remove(const std::shared_ptr<handler>& h) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = by_id_.find(h->chaincode_id());
  if (it != by_id_.end() && it->second == h) by_id_.erase(it);
  probe::connections(by_id_.size());
}

std::shared_ptr<handler> handler_registry::find_locked(const std::string& wanted) const {
  if (auto it = by_id_.find(wanted); it != by_id_.end() && it->second->current_state() == handler::state::ready)
    return it->second;
  for (const auto& [id, h] : by_id_)
    if (chaincode_id_matches(wanted, id) && h->current_state() == handler::state::ready) return h;
  return nullptr;
}

std::shared_ptr<handler> handler_registry::wait_for(const std::string& wanted,
                                                    std::chrono::steady_clock::time_point deadline) {
  std::unique_lock<std::mutex> lock(mu_);
  std::shared_ptr<handler> found;
  cv_.wait_until(lock, deadline, [&] { return (found = find_locked(wanted)) != nullptr; });
  return found;
}

std::vector<std::shared_ptr<handler>> handler_registry::all() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<handler>> out;
  for (const auto& [id, h] : by_id_) out.push_back(h);
  return out;
}

uint64_t handler_registry::registrations() const {
  std::lock_guard<std::mutex> lock(mu_);
  return registrations_;
}

bool handler_registry::wait_registrations(uint64_t count, std::chrono::steady_clock::time_point deadline) const {
  std::unique_lock<std::mutex> lock(mu_);
  return cv_.wait_until(lock, deadline, [&] { return registrations_ >= count; });
}

}  // namespace vireo::peer
