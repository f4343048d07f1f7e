// Round trips of every bus message with random values, and the decoder's
// answers to frames it cannot take.
#include "proto-msgs/bus/codec.hpp"

#include <algorithm>
#include <random>
#include <tuple>

#include <gtest/gtest.h>

namespace vireo::bus {

// Field-by-field equality, for the tests only: every field of every message.
#define VIREO_FIELDWISE_EQ(T, ...)                                   \
  inline auto fields(const T& x) { return std::tie(__VA_ARGS__); }   \
  inline bool operator==(const T& a, const T& b) { return fields(a) == fields(b); }

VIREO_FIELDWISE_EQ(envelope, x.version, x.type, x.correlation_id, x.body)
VIREO_FIELDWISE_EQ(hello, x.worker_id, x.credits)
VIREO_FIELDWISE_EQ(heartbeat, x.peer_id)
VIREO_FIELDWISE_EQ(overlay_entry, x.key, x.found, x.value, x.version)
VIREO_FIELDWISE_EQ(chained_invocation, x.invocation_id, x.transaction_json)
VIREO_FIELDWISE_EQ(execute, x.invocation_id, x.contract, x.kind, x.execution, x.runtime_json, x.env,
                   x.exec_timeout_ms, x.transaction_json, x.overlay, x.deploy, x.chained)
VIREO_FIELDWISE_EQ(key_version, x.key, x.version)
VIREO_FIELDWISE_EQ(range_record, x.start_key, x.end_key, x.limit, x.returned)
VIREO_FIELDWISE_EQ(write_entry, x.key, x.deleted, x.value)
VIREO_FIELDWISE_EQ(event_entry, x.name, x.payload)
VIREO_FIELDWISE_EQ(nested_sets, x.contract, x.reads, x.ranges, x.writes)
VIREO_FIELDWISE_EQ(result, x.invocation_id, x.ok, x.output_json, x.error, x.has_tag, x.tag, x.events, x.reads,
                   x.ranges, x.writes, x.nested, x.chained)
VIREO_FIELDWISE_EQ(contract_read, x.name)
VIREO_FIELDWISE_EQ(contract_value, x.found, x.entry_json)
VIREO_FIELDWISE_EQ(state_read, x.contract, x.key)
VIREO_FIELDWISE_EQ(state_value, x.found, x.value, x.version)
VIREO_FIELDWISE_EQ(range_read, x.contract, x.start_key, x.end_key, x.limit)
VIREO_FIELDWISE_EQ(range_entry, x.key, x.value, x.version)
VIREO_FIELDWISE_EQ(range_value, x.entries)
VIREO_FIELDWISE_EQ(history_item, x.invocation_id, x.value, x.is_delete, x.version, x.timestamp_ms)
VIREO_FIELDWISE_EQ(history_value, x.entries)
VIREO_FIELDWISE_EQ(code_read, x.code_hash)
VIREO_FIELDWISE_EQ(code_value, x.found, x.code)
VIREO_FIELDWISE_EQ(error, x.code, x.message)
#undef VIREO_FIELDWISE_EQ

namespace {

// Random field values: binary strings (any byte, NULs included) of varied
// lengths, integers over their whole range, vectors of 0 to 8 elements.
class random_values {
 public:
  /// `max_bytes`: the longest string it makes.
  explicit random_values(uint64_t seed, size_t max_bytes = 70000) : rng_(seed), max_bytes_(max_bytes) {}

  template <class Int>
  Int integer() {
    return static_cast<Int>(rng_());
  }
  bool boolean() { return rng_() & 1; }
  std::string bytes() {
    // Mostly short, sometimes past msgpack's str8/str16 length boundaries.
    static const size_t limits[] = {0, 1, 31, 32, 255, 256, 70000};
    size_t size = rng_() % (std::min(limits[rng_() % 7], max_bytes_) + 1);
    std::string out(size, '\0');
    for (auto& c : out)
      c = static_cast<char>(rng_());
    return out;
  }
  template <class T>
  std::vector<T> vector() {
    std::vector<T> out(rng_() % 9);
    for (auto& x : out)
      fill(x);
    return out;
  }

  void fill(hello& x) { x = {bytes(), integer<uint32_t>()}; }
  void fill(heartbeat& x) { x = {bytes()}; }
  void fill(overlay_entry& x) { x = {bytes(), boolean(), bytes(), integer<uint64_t>()}; }
  void fill(chained_invocation& x) { x = {bytes(), bytes()}; }
  void fill(execute& x) {
    x.invocation_id = bytes();
    x.contract = bytes();
    x.kind = bytes();
    x.execution = bytes();
    x.runtime_json = bytes();
    x.env.clear();
    for (auto n = rng_() % 5; n > 0; --n)
      x.env[bytes()] = bytes();
    x.exec_timeout_ms = integer<uint32_t>();
    x.transaction_json = bytes();
    x.overlay = vector<overlay_entry>();
    x.deploy = boolean();
    x.chained = vector<chained_invocation>();
  }
  void fill(key_version& x) { x = {bytes(), integer<uint64_t>()}; }
  void fill(range_record& x) { x = {bytes(), bytes(), integer<uint32_t>(), vector<key_version>()}; }
  void fill(write_entry& x) { x = {bytes(), boolean(), bytes()}; }
  void fill(event_entry& x) { x = {bytes(), bytes()}; }
  void fill(nested_sets& x) { x = {bytes(), vector<key_version>(), vector<range_record>(), vector<write_entry>()}; }
  void fill(result& x) {
    x = {bytes(), boolean(), bytes(), bytes(), boolean(), bytes(), vector<event_entry>(), vector<key_version>(),
         vector<range_record>(), vector<write_entry>(), vector<nested_sets>(), {}};
    // Chained results carry none of their own: one level, as workers send
    // them, and at most two, so the truncation test stays quick.
    if (!filling_chained_) {
      filling_chained_ = true;
      x.chained.resize(rng_() % 3);
      for (auto& chained : x.chained)
        fill(chained);
      filling_chained_ = false;
    }
  }
  void fill(contract_read& x) { x = {bytes()}; }
  void fill(contract_value& x) { x = {boolean(), bytes()}; }
  void fill(state_read& x) { x = {bytes(), bytes()}; }
  void fill(state_value& x) { x = {boolean(), bytes(), integer<uint64_t>()}; }
  void fill(range_read& x) { x = {bytes(), bytes(), bytes(), integer<uint32_t>()}; }
  void fill(range_entry& x) { x = {bytes(), bytes(), integer<uint64_t>()}; }
  void fill(range_value& x) { x = {vector<range_entry>()}; }
  void fill(history_item& x) { x = {bytes(), bytes(), boolean(), integer<uint64_t>(), integer<int64_t>()}; }
  void fill(history_value& x) { x = {vector<history_item>()}; }
  void fill(code_read& x) { x = {bytes()}; }
  void fill(code_value& x) { x = {boolean(), bytes()}; }
  void fill(error& x) { x = {integer<uint16_t>(), bytes()}; }

 private:
  std::mt19937_64 rng_;
  size_t max_bytes_;
  bool filling_chained_ = false;
};

// Every message type with the body type its envelope carries.
template <message_type Type, class Body>
struct message {
  static constexpr message_type type = Type;
  using body = Body;
};

template <class Message>
class bus_message : public ::testing::Test {};

using every_message =
    ::testing::Types<message<message_type::hello, hello>, message<message_type::heartbeat, heartbeat>,
                     message<message_type::goodbye, heartbeat>, message<message_type::execute, execute>,
                     message<message_type::result, result>, message<message_type::state_read, state_read>,
                     message<message_type::state_value, state_value>, message<message_type::range_read, range_read>,
                     message<message_type::range_value, range_value>, message<message_type::history_read, state_read>,
                     message<message_type::history_value, history_value>, message<message_type::code_read, code_read>,
                     message<message_type::code_value, code_value>, message<message_type::error, error>,
                     message<message_type::contract_read, contract_read>,
                     message<message_type::contract_value, contract_value>>;
TYPED_TEST_SUITE(bus_message, every_message);

TYPED_TEST(bus_message, round_trips_random_values_field_by_field) {
  random_values random{0x5eed + static_cast<uint64_t>(TypeParam::type)};
  for (int i = 0; i < 300; ++i) {
    typename TypeParam::body original;
    random.fill(original);
    auto correlation = random.template integer<uint64_t>();
    auto frame = encode(TypeParam::type, correlation, original);
    uint64_t reported = 0;
    auto env = decode(frame, reported);
    ASSERT_EQ(reported, correlation);
    ASSERT_EQ(env.correlation_id, correlation);
    ASSERT_EQ(env.version, protocol_version);
    ASSERT_EQ(env.type, static_cast<uint16_t>(TypeParam::type));
    auto decoded = unpack<typename TypeParam::body>(env.body);
    ASSERT_TRUE(decoded == original) << "iteration " << i;
  }
}

TYPED_TEST(bus_message, reports_every_truncated_body_as_malformed) {
  random_values random{42, 40};  // short strings: every prefix is tried
  typename TypeParam::body original;
  random.fill(original);
  auto body = pack(original);
  for (size_t size = 0; size < body.size(); ++size) {
    try {
      unpack<typename TypeParam::body>(std::string_view(body).substr(0, size));
      FAIL() << "a body cut to " << size << " of " << body.size() << " bytes decoded";
    } catch (const decode_error& e) {
      EXPECT_EQ(e.code(), error_code::malformed);
    }
  }
}

/// The decode_error that decode(frame) throws, with the correlation id it reports.
std::pair<decode_error, uint64_t> decode_failure(const std::string& frame) {
  uint64_t correlation = 12345;
  try {
    decode(frame, correlation);
  } catch (const decode_error& e) {
    return {e, correlation};
  }
  ADD_FAILURE() << "the frame decoded";
  return {decode_error(error_code::storage, "none"), correlation};
}

TEST(bus_codec, rejects_an_unknown_version_and_still_reports_the_correlation_id) {
  for (uint16_t version : {0, 2, 0xffff}) {
    auto [e, correlation] = decode_failure(pack(envelope{version, uint16_t(message_type::execute), 77, pack(hello{})}));
    EXPECT_EQ(e.code(), error_code::unsupported_version) << e.what();
    EXPECT_EQ(correlation, 77u) << "the error can be answered to its request";
    EXPECT_NE(std::string(e.what()).find(std::to_string(version)), std::string::npos) << e.what();
  }
}

TEST(bus_codec, rejects_an_unknown_type_and_still_reports_the_correlation_id) {
  for (uint16_t type : {0, static_cast<int>(last_message_type) + 1, 0xffff}) {
    auto [e, correlation] = decode_failure(pack(envelope{protocol_version, type, 0xfeedface12ull, ""}));
    EXPECT_EQ(e.code(), error_code::unknown_type) << e.what();
    EXPECT_EQ(correlation, 0xfeedface12ull);
  }
}

TEST(bus_codec, reports_truncated_frames_as_malformed) {
  auto frame = encode(message_type::state_read, 99, state_read{"contract", "key"});
  for (size_t size = 0; size < frame.size(); ++size) {
    auto [e, correlation] = decode_failure(frame.substr(0, size));
    EXPECT_EQ(e.code(), error_code::malformed) << "cut to " << size;
  }
}

TEST(bus_codec, reports_frames_of_the_wrong_shape_as_malformed) {
  const std::string frames[] = {
      pack(std::string("just a string")),
      pack(std::make_tuple(1, "type?", 3, "body")),                 // a field of the wrong type
      pack(std::make_tuple(-1, 4, 3, "body")),                      // negative version
      pack(std::make_tuple(1, 70000, 3, "body")),                   // type beyond uint16
      std::string("\xdd\xff\xff\xff\xff", 5),                       // array of 4G elements, none present
      std::string("\xdb\xff\xff\xff\xff" "abc", 8),                 // 4 GB string, 3 bytes present
      std::string("\xc1", 1),                                       // a never-used msgpack byte
      std::string(100000, '\x91'),                                  // 100k nested arrays, never closed
  };
  for (auto& frame : frames) {
    auto [e, correlation] = decode_failure(frame);
    EXPECT_EQ(e.code(), error_code::malformed) << e.what();
  }
}

TEST(bus_codec, refuses_counts_the_frame_cannot_hold_before_allocating_for_them) {
  // Without limits msgpack-c reserves the declared elements first: 16M
  // elements (a 400 MB zone) would be allocated and only then found missing.
  // (A string is read only once all its bytes are there.)
  const std::string frames[] = {
      std::string("\xdd\xff\xff\xff\xff", 5),      // array of 4G elements
      std::string("\xdd\x01\x00\x00\x00", 5),      // array of 16M elements
      std::string("\xdf\x00\x00\x00\x10" "\x01\x01\x01\x01", 9),  // 16 map entries in 4 bytes
  };
  for (auto& frame : frames) {
    auto [e, correlation] = decode_failure(frame);
    EXPECT_EQ(e.code(), error_code::malformed);
    EXPECT_NE(std::string(e.what()).find("size overflow"), std::string::npos) << e.what();
  }
}

TEST(bus_codec, never_crashes_on_random_bytes) {
  std::mt19937_64 rng(7);
  auto valid = encode(message_type::result, 5, result{});
  size_t rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string frame;
    if (i % 2) {  // a valid frame with random bytes flipped
      frame = valid;
      for (int flips = 1 + rng() % 4; flips > 0; --flips)
        frame[rng() % frame.size()] = static_cast<char>(rng());
    } else {
      frame.resize(rng() % 64);
      for (auto& c : frame)
        c = static_cast<char>(rng());
    }
    uint64_t correlation = 0;
    try {
      auto env = decode(frame, correlation);
      // A frame that still decodes has a known version and type; its body
      // either decodes or is malformed, never anything else.
      EXPECT_EQ(env.version, protocol_version);
      unpack<result>(env.body);
    } catch (const decode_error&) {
      ++rejected;
    }
  }
  EXPECT_GT(rejected, 10000u) << "random bytes are overwhelmingly refused";
}

}  // namespace
}  // namespace vireo::bus
