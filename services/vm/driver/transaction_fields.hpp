// The few fields of a triggering transaction's JSON that a WASM call reads
// (payload.function/args/value, the caller candidates, header.timestamp and
// header.block_id), taken in one SAX pass: no DOM is built, and every other
// field is only scanned. As with a DOM, the last of duplicate keys wins.
// Pure; safe from any thread.
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
