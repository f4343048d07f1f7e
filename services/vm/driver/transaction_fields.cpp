#include "services/vm/driver/transaction_fields.hpp"

#include <nlohmann/json.hpp>
#include <string_view>
#include <utility>

namespace vireo::vm {
namespace {

using json = nlohmann::json;

/// Where a value sits: the innermost container the SAX pass is in.
enum class place : uint8_t { root, header, payload, args, skipped };

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

json_scalar described(const char* text) {
  json_scalar s;
  s.text = text;
  return s;
}

/// nlohmann's SAX interface; each value lands in its field, or nowhere.
class fields_sax {
 public:
  bool null() { return scalar(described("null")); }
  bool boolean(bool v) { return scalar(described(v ? "true" : "false")); }
  bool number_integer(json::number_integer_t v) {
    json_scalar s;
    s.kind = json_scalar::type::negative;
    s.integer = v;
    return scalar(std::move(s));
  }
  bool number_unsigned(json::number_unsigned_t v) {
    json_scalar s;
    s.kind = json_scalar::type::non_negative;
    s.unsigned_integer = v;
    return scalar(std::move(s));
  }
  bool number_float(json::number_float_t, const std::string& text) { return scalar(described(text.c_str())); }
  bool string(std::string& v) {
    json_scalar s;
    s.kind = json_scalar::type::string;
    s.text = std::move(v);
    return scalar(std::move(s));
  }
  bool binary(json::binary_t&) { return scalar(described("binary")); }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(std::string& k) {
    const place p = stack_.back();
    key_ = (p == place::root || p == place::header || p == place::payload) ? identify(k) : key_id::other;
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

  bool is_object() const { return is_object_; }
  transaction_fields& fields() { return out_; }

 private:
  static std::optional<std::string> if_string(json_scalar& v) {
    if (v.kind != json_scalar::type::string) return std::nullopt;
    return std::move(v.text);
  }

  /// A value for the current key of the innermost container (a container
  /// value arrives as a described `other`, before open() descends into it).
  bool scalar(json_scalar v) {
    if (stack_.empty()) return true;  // the whole document is a scalar: not an object
    switch (stack_.back()) {
      case place::root:
        if (key_ == key_id::sender) out_.sender = if_string(v);
        if (key_ == key_id::caller) out_.caller = if_string(v);
        if (key_ == key_id::header) reset_header();
        if (key_ == key_id::payload) reset_payload();
        break;
      case place::header:
        if (key_ == key_id::sender) out_.header_sender = if_string(v);
        if (key_ == key_id::timestamp) out_.header_timestamp = std::move(v);
        if (key_ == key_id::block_id) out_.header_block_id = std::move(v);
        break;
      case place::payload:
        if (key_ == key_id::function) out_.function = std::move(v);
        if (key_ == key_id::caller) out_.payload_caller = if_string(v);
        if (key_ == key_id::value) out_.value = std::move(v);
        if (key_ == key_id::args) {
          out_.has_args = true;
          out_.args_are_array = false;
          out_.args.clear();
        }
        break;
      case place::args:
        out_.args.push_back(std::move(v));
        break;
      case place::skipped:
        break;
    }
    return true;
  }

  bool open(bool object) {
    if (stack_.empty()) {
      is_object_ = object;
      stack_.push_back(object ? place::root : place::skipped);
      return true;
    }
    const place parent = stack_.back();
    const key_id key = key_;
    scalar(described(object ? "an object" : "an array"));
    place next = place::skipped;
    if (object && parent == place::root && key == key_id::header) next = place::header;
    if (object && parent == place::root && key == key_id::payload) next = place::payload;
    if (!object && parent == place::payload && key == key_id::args) {
      out_.args_are_array = true;
      next = place::args;
    }
    stack_.push_back(next);
    return true;
  }

  bool close() {
    stack_.pop_back();
    return true;
  }

  void reset_header() {
    out_.header_sender.reset();
    out_.header_timestamp.reset();
    out_.header_block_id.reset();
  }

  void reset_payload() {
    out_.function.reset();
    out_.payload_caller.reset();
    out_.value.reset();
    out_.has_args = false;
    out_.args_are_array = false;
    out_.args.clear();
  }

  std::vector<place> stack_;
  key_id key_ = key_id::other;
  bool is_object_ = false;
  transaction_fields out_;
};

}  // namespace

std::optional<transaction_fields> read_transaction_fields(const std::string& transaction_json) {
  if (transaction_json.empty()) return transaction_fields{};
  fields_sax sax;
  if (!json::sax_parse(transaction_json, &sax) || !sax.is_object()) return std::nullopt;
  return std::move(sax.fields());
}

}  // namespace vireo::vm
