// The call's context and its way out: getCaller, getSCAddress, getOwnerAddress,
// getCallValue, checkNoPayment, getBlock{Timestamp,Nonce,Round,Epoch},
// signalError, writeLog, transferValue (of nothing: Vireo holds no balances).
#include "proto-msgs/vm/big_int_codec.hpp"
#include "services/vm/engine/host_api.hpp"
#include "services/vm/engine/host_error.hpp"

namespace vireo::vm {

using namespace vm_proto;
using wabt::interp::Values;

namespace {

constexpr size_t address_bytes = 32;
constexpr size_t topic_bytes = 32;

/// Left-pads (or keeps the last 32 bytes of) `bytes` to 32 bytes.
std::string fixed32(const std::string& bytes) {
  if (bytes.size() >= address_bytes) return bytes.substr(bytes.size() - address_bytes);
  return std::string(address_bytes - bytes.size(), '\0') + bytes;
}

using address_field = vm_proto::blob vm_proto::call_input::*;

void add_address_getter(host_api& api, const char* name, address_field field) {
  api.add(name, "i", "", [field](call_state& s, const Values& p, Values&) {
    s.write_memory(u32_at(p, 0), fixed32((s.input().*field).bytes));
  });
}

using block_field = uint64_t vm_proto::block_info::*;

void add_block_getter(host_api& api, const char* name, block_field field) {
  api.add(name, "", "I", [field](call_state& s, const Values&, Values& r) {
    r[0] = i64_value(static_cast<int64_t>(s.input().block.*field));
  });
}

}  // namespace

void register_context_functions(host_api& api) {
  add_address_getter(api, "getCaller", &vm_proto::call_input::caller);
  add_address_getter(api, "getSCAddress", &vm_proto::call_input::sc_address);
  add_address_getter(api, "getOwnerAddress", &vm_proto::call_input::owner);
  add_block_getter(api, "getBlockTimestamp", &vm_proto::block_info::timestamp);
  add_block_getter(api, "getBlockNonce", &vm_proto::block_info::nonce);
  add_block_getter(api, "getBlockRound", &vm_proto::block_info::round);
  add_block_getter(api, "getBlockEpoch", &vm_proto::block_info::epoch);

  api.add("getCallValue", "i", "i", [](call_state& s, const Values& p, Values& r) {
    const std::string value = fixed32(s.input().call_value.bytes);
    s.write_memory(u32_at(p, 0), value);
    r[0] = i32_value(static_cast<int32_t>(value.size()));
  });
  api.add("checkNoPayment", "", "", [](call_state& s, const Values&, Values&) {
    if (from_unsigned_bytes(s.input().call_value.bytes) > 0) {
      throw host_error(return_code::user_error, "function does not accept payment");
    }
  });
  api.add("signalError", "ii", "", [](call_state& s, const Values& p, Values&) {
    throw host_error(return_code::user_error, s.read_memory(u32_at(p, 0), u32_at(p, 1)));
  });
  // Vireo's ledger has no native currency, so there is nothing to move: a
  // transfer of zero (Arwen's way to notify an address) succeeds and does
  // nothing; any other amount fails the call rather than pretend to pay.
  api.add("transferValue", "iiii", "i", [](call_state& s, const Values& p, Values& r) {
    const big_int value = from_unsigned_bytes(s.read_memory(u32_at(p, 1), address_bytes));
    if (value != 0) {
      throw host_error(return_code::execution_failed,
                       "transferValue of " + value.str() + ": Vireo holds no native balances to transfer");
    }
    s.read_memory(u32_at(p, 0), address_bytes);  // the destination must lie in memory all the same
    s.read_memory(u32_at(p, 2), u32_at(p, 3));
    r[0] = i32_value(0);
  });
  api.add("writeLog", "iiii", "", [](call_state& s, const Values& p, Values&) {
    vm_proto::log_entry entry;
    entry.data = s.read_memory(u32_at(p, 0), u32_at(p, 1));
    const uint32_t topics_offset = u32_at(p, 2);
    const int32_t topic_count = i32_at(p, 3);
    if (topic_count < 0 || topic_count > 64) {
      throw host_error(return_code::execution_failed,
                       "writeLog with " + std::to_string(topic_count) + " topics (0..64 allowed)");
    }
    for (int32_t i = 0; i < topic_count; ++i) {
      entry.topics.emplace_back(
          s.read_memory(topics_offset + static_cast<uint32_t>(i) * topic_bytes, topic_bytes));
    }
    s.add_log(std::move(entry));
  });
}

}  // namespace vireo::vm
