// The few fields of a triggering transaction's JSON that a WASM call reads
// (payload.function/args/value, the caller candidates, header.timestamp and
// header.block_id), read from a simdjson DOM (the whole document validated;
// in a profile of the counter benchmark, nlohmann's SAX lexer cost 0.8 us per
// call on a 90-byte transaction). The last of duplicate keys wins.
// Pure; safe from any thread (each thread parses with its own parser).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace vireo::vm {

/// One JSON value the mapping turns into bytes or a number.
struct json_scalar {
  enum class type {
    string,        ///< `text` is its value
    negative,      ///< a negative integer, in `integer`
    non_negative,  ///< a non-negative integer, in `unsigned_integer`
    other,         ///< float, bool, null, array, object: `text` shows it for errors
  };
  type kind = type::other;
  std::string text;
  int64_t integer = 0;
  uint64_t unsigned_integer = 0;
};

struct transaction_fields {
  // Caller candidates, each kept only when it is a string.
  std::optional<std::string> header_sender, sender, caller, payload_caller;
  std::optional<json_scalar> header_timestamp, header_block_id;
  std::optional<json_scalar> function;  ///< payload.function
  bool has_args = false;                ///< payload.args exists
  bool args_are_array = false;
  std::vector<json_scalar> args;  ///< payload.args, when an array
  std::optional<json_scalar> value;  ///< payload.value
};

/// The fields of `transaction_json` ("" reads as {}); nullopt when it is not
/// one JSON object.
std::optional<transaction_fields> read_transaction_fields(const std::string& transaction_json);

}  // namespace vireo::vm
