#include "services/peer/query_iterators.hpp"

#include <algorithm>

#include "ledger/queryresult/kv_query_result.pb.h"

namespace vireo::peer {

const std::string reserved_key_prefix("\x00\xff", 2);

query_iterators::query_iterators(worker::state_access& state, std::string namespace_name,
                                 uint32_t batch_size)
    : state_(state), namespace_(std::move(namespace_name)), batch_size_(batch_size) {}

protos::QueryResponse query_iterators::open_range(const std::string& start_key, const std::string& end_key,
                                                  int32_t page_size, const std::string& bookmark) {
  cursor c;
  c.next_key = bookmark.empty() ? start_key : bookmark;
  c.end_key = end_key;
  c.paginated = page_size > 0;
  c.page_left = page_size;
  std::string id = "q" + std::to_string(++next_id_);
  return advance(id, open_.emplace(id, std::move(c)).first->second);
}

protos::QueryResponse query_iterators::open_history(const std::string& key) {
  cursor c;
  c.is_history = true;
  auto entries = state_.history(key);
  for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
    queryresult::KeyModification m;
    m.set_tx_id(it->invocation_id);
    m.set_value(it->value);
    m.set_is_delete(it->is_delete);
    m.mutable_timestamp()->set_seconds(it->timestamp_ms / 1000);
    m.mutable_timestamp()->set_nanos(static_cast<int32_t>(it->timestamp_ms % 1000) * 1000000);
    c.records.push_back(m.SerializeAsString());
  }
  std::string id = "q" + std::to_string(++next_id_);
  return advance(id, open_.emplace(id, std::move(c)).first->second);
}

bool query_iterators::next(const std::string& id, protos::QueryResponse& out) {
  auto it = open_.find(id);
  if (it == open_.end()) return false;
  out = advance(id, it->second);
  return true;
}

protos::QueryResponse query_iterators::close(const std::string& id) {
  open_.erase(id);
  protos::QueryResponse r;
  r.set_id(id);
  r.set_has_more(false);
  return r;
}

protos::QueryResponse query_iterators::advance(const std::string& id, cursor& c) {
  protos::QueryResponse r = c.is_history ? advance_history(id, c) : advance_range(id, c);
  r.set_id(id);
  if (!r.has_more()) open_.erase(id);  // exhausted: a later CLOSE is still answered
  return r;
}

protos::QueryResponse query_iterators::advance_range(const std::string&, cursor& c) {
  uint32_t want = batch_size_;
  if (c.paginated) want = std::min<uint32_t>(want, static_cast<uint32_t>(c.page_left));
  // One extra record tells whether anything follows this batch.
  auto rows = state_.range(c.next_key, c.end_key, want + 1);
  protos::QueryResponse r;
  uint32_t taken = 0;
  std::string following;
  for (const auto& [key, value] : rows) {
    if (taken == want) {
      following = key;
      break;
    }
    ++taken;
    if (key.compare(0, reserved_key_prefix.size(), reserved_key_prefix) == 0 || !value.found) continue;
    queryresult::KV kv;
    kv.set_namespace_(namespace_);
    kv.set_key(key);
    kv.set_value(value.value);
    r.add_results()->set_resultbytes(kv.SerializeAsString());
  }
  c.fetched += r.results_size();
  if (c.paginated) c.page_left -= static_cast<int32_t>(taken);
  const bool more_in_range = !following.empty();
  c.next_key = following;
  const bool page_done = c.paginated && c.page_left <= 0;
  r.set_has_more(more_in_range && !page_done);
  if (c.paginated && !r.has_more()) {
    protos::QueryResponseMetadata md;
    md.set_fetched_records_count(c.fetched);
    md.set_bookmark(more_in_range ? following : std::string());
    r.set_metadata(md.SerializeAsString());
  }
  return r;
}

protos::QueryResponse query_iterators::advance_history(const std::string&, cursor& c) {
  protos::QueryResponse r;
  size_t end = std::min(c.records.size(), c.position + batch_size_);
  for (; c.position < end; ++c.position) r.add_results()->set_resultbytes(c.records[c.position]);
  r.set_has_more(c.position < c.records.size());
  return r;
}

}  // namespace vireo::peer
