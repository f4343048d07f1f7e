#include "services/worker/bus_state_access.hpp"

namespace vireo::worker {

/// A view on another contract's state inside the owner's invocation.
class bus_state_access::view : public state_access {
 public:
  view(bus_state_access& owner, std::string contract) : owner_(owner), contract_(std::move(contract)) {}
  state_value get(const std::string& key) override { return owner_.get_in(contract_, key); }
  std::optional<state_value> peek(const std::string& key) override { return owner_.peek_in(contract_, key); }
  std::vector<std::pair<std::string, state_value>> range(const std::string& start_key, const std::string& end_key,
                                                         uint32_t limit) override {
    return owner_.range_in(contract_, start_key, end_key, limit);
  }
  std::vector<state_history_entry> history(const std::string& key) override {
    return owner_.history_in(contract_, key);
  }
  void put(const std::string& key, const std::string& value) override {
    owner_.sets_[contract_].writes[key] = value;
  }
  void del(const std::string& key) override { owner_.sets_[contract_].writes[key] = std::nullopt; }
  std::unique_ptr<state_access> nested(const std::string& contract) override { return owner_.nested(contract); }

 private:
  bus_state_access& owner_;
  std::string contract_;
};

bus_state_access::bus_state_access(bus::worker_endpoint& bus, std::string contract,
                                   const std::vector<bus::overlay_entry>& overlay,
                                   std::chrono::steady_clock::time_point deadline)
    : bus_(bus), contract_(std::move(contract)), deadline_(deadline) {
  for (auto& entry : overlay)
    overlay_[entry.key] = state_value{entry.found, entry.value, entry.version};
}

std::unique_ptr<state_access> bus_state_access::nested(const std::string& contract) {
  return std::make_unique<view>(*this, contract);
}

template <class Reply, class Request>
Reply bus_state_access::ask(bus::message_type type, bus::message_type expected, const Request& request) {
  auto reply = bus_.call(type, request, deadline_);
  if (!reply)
    throw state_unavailable("the core did not answer a state read before the deadline");
  if (reply->type == static_cast<uint16_t>(bus::message_type::error))
    throw state_unavailable("state read failed: " + bus::unpack<bus::error>(reply->body).message);
  if (reply->type != static_cast<uint16_t>(expected))
    throw state_unavailable("state read answered with an unexpected message");
  return bus::unpack<Reply>(reply->body);
}

std::optional<state_value> bus_state_access::known(const std::string& contract, const contract_sets& sets,
                                                   const std::string& key) const {
  if (contract == contract_)
    if (auto staged = overlay_.find(key); staged != overlay_.end())
      return staged->second;
  if (auto cached = sets.cache.find(key); cached != sets.cache.end())
    return cached->second;
  if (auto peeked = sets.peeked.find(key); peeked != sets.peeked.end())
    return peeked->second;
  return std::nullopt;
}

state_value bus_state_access::read_from_core(const std::string& contract, const std::string& key) {
  auto reply = ask<bus::state_value>(bus::message_type::state_read, bus::message_type::state_value,
                                     bus::state_read{contract, key});
  return state_value{reply.found, std::move(reply.value), reply.version};
}

state_value bus_state_access::get_in(const std::string& contract, const std::string& key) {
  auto& sets = sets_[contract];
  auto value = known(contract, sets, key);
  if (!value)
    value = read_from_core(contract, key);
  sets.cache.emplace(key, *value);
  return *value;
}

std::optional<state_value> bus_state_access::peek_in(const std::string& contract, const std::string& key) {
  auto& sets = sets_[contract];
  auto value = known(contract, sets, key);
  if (!value) {
    value = read_from_core(contract, key);
    sets.peeked.emplace(key, *value);
  }
  return value;
}

std::vector<std::pair<std::string, state_value>> bus_state_access::range_in(const std::string& contract,
                                                                            const std::string& start_key,
                                                                            const std::string& end_key,
                                                                            uint32_t limit) {
  auto reply = ask<bus::range_value>(bus::message_type::range_read, bus::message_type::range_value,
                                     bus::range_read{contract, start_key, end_key, limit});
  bus::range_record record{start_key, end_key, limit, {}};
  std::vector<std::pair<std::string, state_value>> out;
  for (auto& entry : reply.entries) {
    record.returned.push_back({entry.key, entry.version});
    out.emplace_back(entry.key, state_value{true, std::move(entry.value), entry.version});
  }
  sets_[contract].ranges.push_back(std::move(record));
  return out;
}

std::vector<state_history_entry> bus_state_access::history_in(const std::string& contract, const std::string& key) {
  auto reply = ask<bus::history_value>(bus::message_type::history_read, bus::message_type::history_value,
                                       bus::state_read{contract, key});
  std::vector<state_history_entry> out;
  for (auto& item : reply.entries)
    out.push_back({item.invocation_id, item.value, item.is_delete, item.version, item.timestamp_ms});
  return out;
}

void bus_state_access::export_sets(bus::result& out) {
  for (auto& [contract, sets] : sets_) {
    std::vector<bus::key_version> reads;
    for (auto& [key, value] : sets.cache)
      reads.push_back({key, value.version});
    std::vector<bus::write_entry> writes;
    for (auto& [key, value] : sets.writes)
      writes.push_back({key, !value.has_value(), value.value_or("")});
    if (contract == contract_) {
      out.reads = std::move(reads);
      out.ranges = std::move(sets.ranges);
      out.writes = std::move(writes);
    } else {
      out.nested.push_back({contract, std::move(reads), std::move(sets.ranges), std::move(writes)});
    }
  }
}

}  // namespace vireo::worker
