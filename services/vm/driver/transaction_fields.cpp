#include "services/vm/driver/transaction_fields.hpp"

#include <simdjson.h>

#include <charconv>
#include <string_view>
#include <utility>

namespace vireo::vm {
namespace {

namespace dom = simdjson::dom;

/// The keys the mapping reads; every other key is `other`.
enum class key_id : uint8_t {
  other, header, payload, sender, caller, timestamp, block_id, function, args, value
};

key_id identify(std::string_view key) {
  // string_view compares lengths first: most keys are rejected without a memcmp.
  static constexpr std::pair<std::string_view, key_id> known[] = {
      {"header", key_id::header},     {"payload", key_id::payload},   {"sender", key_id::sender},
      {"caller", key_id::caller},     {"timestamp", key_id::timestamp}, {"block_id", key_id::block_id},
      {"function", key_id::function}, {"args", key_id::args},         {"value", key_id::value}};
  for (const auto& [name, id] : known) {
    if (key == name) return id;
  }
  return key_id::other;
}

json_scalar described(std::string text) {
  json_scalar s;
  s.text = std::move(text);
  return s;
}

/// The shortest text that reads back as `v` (what an error shows of a float).
std::string float_text(double v) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, v).ptr;
  return std::string(buffer, end);
}

/// A parsed value as the mapping sees it; containers only say what they are.
json_scalar scalar_of(dom::element value) {
  json_scalar s;
  switch (value.type()) {
    case dom::element_type::STRING:
      s.kind = json_scalar::type::string;
      s.text = std::string(value.get_string().value_unsafe());
      return s;
    case dom::element_type::INT64: {
      const int64_t v = value.get_int64().value_unsafe();
      if (v < 0) {
        s.kind = json_scalar::type::negative;
        s.integer = v;
      } else {
        s.kind = json_scalar::type::non_negative;
        s.unsigned_integer = static_cast<uint64_t>(v);
      }
      return s;
    }
    case dom::element_type::UINT64:
      s.kind = json_scalar::type::non_negative;
      s.unsigned_integer = value.get_uint64().value_unsafe();
      return s;
    case dom::element_type::DOUBLE:
      return described(float_text(value.get_double().value_unsafe()));
    case dom::element_type::BOOL:
      return described(value.get_bool().value_unsafe() ? "true" : "false");
    case dom::element_type::NULL_VALUE:
      return described("null");
    case dom::element_type::ARRAY:
      return described("an array");
    case dom::element_type::OBJECT:
      break;
  }
  return described("an object");
}

std::optional<std::string> if_string(dom::element value) {
  std::string_view text;
  if (value.get_string().get(text) != simdjson::SUCCESS) return std::nullopt;
  return std::string(text);
}

/// The header's fields, replacing those of an earlier "header" (the last of
/// duplicate keys wins, at every level); a header that is not an object has none.
void read_header(dom::element value, transaction_fields& out) {
  out.header_sender.reset();
  out.header_timestamp.reset();
  out.header_block_id.reset();
  dom::object header;
  if (value.get_object().get(header) != simdjson::SUCCESS) return;
  for (const dom::key_value_pair field : header) {
    switch (identify(field.key)) {
      case key_id::sender:
        out.header_sender = if_string(field.value);
        break;
      case key_id::timestamp:
        out.header_timestamp = scalar_of(field.value);
        break;
      case key_id::block_id:
        out.header_block_id = scalar_of(field.value);
        break;
      default:
        break;
    }
  }
}

/// As read_header, for the payload.
void read_payload(dom::element value, transaction_fields& out) {
  out.function.reset();
  out.payload_caller.reset();
  out.value.reset();
  out.has_args = false;
  out.args_are_array = false;
  out.args.clear();
  dom::object payload;
  if (value.get_object().get(payload) != simdjson::SUCCESS) return;
  for (const dom::key_value_pair field : payload) {
    switch (identify(field.key)) {
      case key_id::function:
        out.function = scalar_of(field.value);
        break;
      case key_id::caller:
        out.payload_caller = if_string(field.value);
        break;
      case key_id::value:
        out.value = scalar_of(field.value);
        break;
      case key_id::args: {
        out.has_args = true;
        out.args.clear();
        dom::array args;
        out.args_are_array = field.value.get_array().get(args) == simdjson::SUCCESS;
        if (out.args_are_array) {
          out.args.reserve(args.size());
          for (const dom::element arg : args) out.args.push_back(scalar_of(arg));
        }
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace

std::optional<transaction_fields> read_transaction_fields(const std::string& transaction_json) {
  if (transaction_json.empty()) return transaction_fields{};
  // One parser per thread: it keeps its buffers, so a call allocates only the
  // fields it returns. The whole document is validated, as a DOM parse must.
  thread_local dom::parser parser;
  dom::object root;
  if (parser.parse(transaction_json).get(root) != simdjson::SUCCESS) return std::nullopt;
  transaction_fields out;
  for (const dom::key_value_pair field : root) {
    switch (identify(field.key)) {
      case key_id::sender:
        out.sender = if_string(field.value);
        break;
      case key_id::caller:
        out.caller = if_string(field.value);
        break;
      case key_id::header:
        read_header(field.value, out);
        break;
      case key_id::payload:
        read_payload(field.value, out);
        break;
      default:
        break;
    }
  }
  return out;
}

}  // namespace vireo::vm
