// The ledger's binary record encoding: a msgpack array of the record's
// fields in a fixed order (a std::tuple, packed with msgpack_string), for the
// records the committer and the journal write for every invocation (receipts,
// journal entries, history entries, events). Building and dumping a JSON
// document for each was the largest part of their CPU that was not RocksDB's
// (docs/benchmarks.md). Pure functions, thread-safe.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>
#include <tuple>

#include "actors/ledger/ledger_store.hpp"
#include "support/msgpack_bytes.hpp"

namespace vireo::ledger {

/// Version of the record encoding a ledger holds, kept in meta
/// (`record_format`). Format 1 (JSON records) had no such key.
constexpr uint64_t record_format = 2;

/// Throws storage_error naming `what` when `bytes` are not a `Fields` record.
template <class Fields>
Fields unpack_record(std::string_view bytes, const char* what) {
  try {
    auto handle = msgpack_unpack(bytes);
    const auto& object = handle.get();
    if (object.type != msgpack::type::ARRAY || object.via.array.size != std::tuple_size<Fields>::value)
      throw std::runtime_error("not an array of " + std::to_string(std::tuple_size<Fields>::value) + " fields");
    return object.as<Fields>();
  } catch (const std::exception& e) {
    throw storage_error(std::string("corrupt ") + what + " record: " + e.what());
  }
}

}  // namespace vireo::ledger
