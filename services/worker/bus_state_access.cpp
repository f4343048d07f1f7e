#include "services/worker/bus_state_access.hpp"

namespace vireo::worker {

bus_state_access::bus_state_access(bus::worker_endpoint& bus, std::string contract,
                                   const std::vector<bus::overlay_entry>& overlay,
                                   std::chrono::steady_clock::time_point deadline)
    : bus_(bus), contract_(std::move(contract)), deadline_(deadline) {
  for (auto& entry : overlay)
    overlay_[entry.key] = state_value{entry.found, entry.value, entry.version};
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

state_value bus_state_access::get(const std::string& key) {
  if (auto staged = overlay_.find(key); staged != overlay_.end()) {
    cache_.emplace(key, staged->second);
    return staged->second;
  }
  if (auto cached = cache_.find(key); cached != cache_.end())
    return cached->second;
  auto reply = ask<bus::state_value>(bus::message_type::state_read, bus::message_type::state_value,
                                     bus::state_read{contract_, key});
  state_value value{reply.found, std::move(reply.value), reply.version};
  cache_.emplace(key, value);
  return value;
}

std::vector<std::pair<std::string, state_value>> bus_state_access::range(const std::string& start_key,
                                                                         const std::string& end_key, uint32_t limit) {
  auto reply = ask<bus::range_value>(bus::message_type::range_read, bus::message_type::range_value,
                                     bus::range_read{contract_, start_key, end_key, limit});
  bus::range_record record{start_key, end_key, limit, {}};
  std::vector<std::pair<std::string, state_value>> out;
  for (auto& entry : reply.entries) {
    record.returned.push_back({entry.key, entry.version});
    out.emplace_back(entry.key, state_value{true, std::move(entry.value), entry.version});
  }
  ranges_.push_back(std::move(record));
  return out;
}

std::vector<state_history_entry> bus_state_access::history(const std::string& key) {
  auto reply = ask<bus::history_value>(bus::message_type::history_read, bus::message_type::history_value,
                                       bus::state_read{contract_, key});
  std::vector<state_history_entry> out;
  for (auto& item : reply.entries)
    out.push_back({item.invocation_id, item.value, item.is_delete, item.version, item.timestamp_ms});
  return out;
}

void bus_state_access::put(const std::string& key, const std::string& value) {
  writes_[key] = value;
}

void bus_state_access::del(const std::string& key) {
  writes_[key] = std::nullopt;
}

void bus_state_access::export_sets(bus::result& out) {
  for (auto& [key, value] : cache_)
    out.reads.push_back({key, value.version});
  out.ranges = std::move(ranges_);
  for (auto& [key, value] : writes_)
    out.writes.push_back({key, !value.has_value(), value.value_or("")});
}

}  // namespace vireo::worker
