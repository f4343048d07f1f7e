#include "services/vm/driver/read_prediction.hpp"

#include <algorithm>

namespace vireo::vm {

const std::string& read_prediction::memo_key(const std::string& contract, const std::string& function) {
  scratch_.assign(contract);
  scratch_.push_back('\0');  // names cannot run into each other
  scratch_.append(function);
  return scratch_;
}

const std::vector<std::string>* read_prediction::keys(const std::string& contract, const std::string& function) {
  const auto it = kept_.find(memo_key(contract, function));
  return it == kept_.end() || it->second.stable.empty() ? nullptr : &it->second.stable;
}

void read_prediction::remember(const std::string& contract, const std::string& function,
                               const std::vector<std::string>& read) {
  const std::string& key = memo_key(contract, function);
  auto it = kept_.find(key);
  if (it == kept_.end()) {
    if (read.empty()) return;  // nothing to predict: keep no entry
    if (kept_.size() >= max_entries) kept_.clear();
    it = kept_.emplace(key, history()).first;
  } else if (it->second.last_read == read && it->second.stable == read) {
    return;  // the usual case: the same keys as the last two times, nothing to copy
  }
  auto& seen = it->second;
  seen.stable.clear();
  for (const auto& k : read)
    if (std::find(seen.last_read.begin(), seen.last_read.end(), k) != seen.last_read.end())
      seen.stable.push_back(k);
  seen.last_read.clear();
  for (const auto& k : read) {
    if (seen.last_read.size() == max_keys) break;
    if (k.size() <= max_key_bytes) seen.last_read.push_back(k);
  }
}

}  // namespace vireo::vm
