// Storage: storageStore, storageLoadLength, storageLoad, int64storageStore,
// int64storageLoad. Keys and values are raw bytes; an empty value deletes.
#include "proto-msgs/vm/big_int_codec.hpp"
#include "services/vm/engine/host_api.hpp"
#include "services/vm/engine/host_error.hpp"

namespace vireo::vm {

using namespace vm_proto;
using wabt::interp::Values;

namespace {

std::string key_at(call_state& s, const Values& p) {
  return s.read_memory(u32_at(p, 0), u32_at(p, 1));
}

std::string loaded(call_state& s, const std::string& key) {
  return s.load(key).value_or(std::string());
}

}  // namespace

void register_storage_functions(host_api& api) {
  api.add("storageStore", "iiii", "i", [](call_state& s, const Values& p, Values& r) {
    const std::string key = key_at(s, p);
    const std::string value = s.read_memory(u32_at(p, 2), u32_at(p, 3));
    r[0] = i32_value(static_cast<int32_t>(s.store(key, value)));
  });
  api.add("storageLoadLength", "ii", "i", [](call_state& s, const Values& p, Values& r) {
    r[0] = i32_value(static_cast<int32_t>(loaded(s, key_at(s, p)).size()));
  });
  api.add("storageLoad", "iii", "i", [](call_state& s, const Values& p, Values& r) {
    const std::string value = loaded(s, key_at(s, p));
    s.write_memory(u32_at(p, 2), value);
    r[0] = i32_value(static_cast<int32_t>(value.size()));
  });
  api.add("int64storageStore", "iiI", "i", [](call_state& s, const Values& p, Values& r) {
    const auto value = static_cast<uint64_t>(i64_at(p, 2));
    r[0] = i32_value(static_cast<int32_t>(s.store(key_at(s, p), to_unsigned_bytes(value))));
  });
  api.add("int64storageLoad", "ii", "I", [](call_state& s, const Values& p, Values& r) {
    const std::string value = loaded(s, key_at(s, p));
    if (value.size() > 8) {
      throw host_error(return_code::execution_failed,
                       "stored value of " + std::to_string(value.size()) +
                           " bytes does not fit in int64");
    }
    r[0] = i64_value(static_cast<int64_t>(from_unsigned_bytes(value).convert_to<uint64_t>()));
  });
}

}  // namespace vireo::vm
