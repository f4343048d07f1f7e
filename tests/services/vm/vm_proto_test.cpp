// Wire format of the VM IPC: every message round-trips with random values,
// preambles are little-endian, oversized and malformed frames are refused.
#include <gtest/gtest.h>

#include <random>

#include "proto-msgs/vm/codec.hpp"
#include "proto-msgs/vm/control_messages.hpp"
#include "proto-msgs/vm/dialogue_messages.hpp"
#include "proto-msgs/vm/return_code.hpp"
#include "services/vm/pipe/frame_io.hpp"

namespace vireo::vm_proto {
namespace {

class random_values {
 public:
  explicit random_values(uint32_t seed) : rng_(seed) {}
  uint64_t u64() { return rng_(); }
  uint32_t u32() { return static_cast<uint32_t>(rng_()); }
  bool flag() { return rng_() & 1u; }
  std::string bytes(size_t max = 40) {
    std::string s(rng_() % (max + 1), '\0');
    for (auto& c : s) c = static_cast<char>(rng_());
    return s;
  }
  std::vector<blob> blobs() {
    std::vector<blob> out(rng_() % 5);
    for (auto& b : out) b = bytes();
    return out;
  }

 private:
  std::mt19937_64 rng_;
};

call_input random_input(random_values& r) {
  call_input in;
  in.function = r.bytes(12);
  in.args = r.blobs();
  in.caller = r.bytes(32);
  in.sc_address = r.bytes(32);
  in.owner = r.bytes(32);
  in.call_value = r.bytes(8);
  in.block = block_info{r.u64(), r.u64(), r.u64(), r.u64()};
  in.gas_limit = r.u64();
  in.memory_limit_pages = r.u32();
  return in;
}

void expect_same(const call_input& a, const call_input& b) {
  EXPECT_EQ(a.function, b.function);
  EXPECT_EQ(a.args, b.args);
  EXPECT_EQ(a.caller, b.caller);
  EXPECT_EQ(a.sc_address, b.sc_address);
  EXPECT_EQ(a.owner, b.owner);
  EXPECT_EQ(a.call_value, b.call_value);
  EXPECT_EQ(a.block.timestamp, b.block.timestamp);
  EXPECT_EQ(a.block.epoch, b.block.epoch);
  EXPECT_EQ(a.gas_limit, b.gas_limit);
  EXPECT_EQ(a.memory_limit_pages, b.memory_limit_pages);
}

template <typename Msg>
Msg round_trip(const Msg& msg) {
  const std::string frame = encode_frame(msg);
  const preamble p = read_preamble(frame.data());
  EXPECT_EQ(p.kind, static_cast<uint32_t>(Msg::kind));
  EXPECT_EQ(p.length, frame.size() - preamble_bytes);
  return decode_payload<Msg>(std::string_view(frame).substr(preamble_bytes));
}

TEST(vm_proto, dialogue_messages_round_trip_with_random_values) {
  random_values r(42);
  for (int i = 0; i < 200; ++i) {
    call_request call;
    call.nonce = r.u64();
    call.invocation_id = r.bytes(16);
    call.code_hash = r.bytes(64);
    call.input = random_input(r);
    call.prefetched = {prefetched_value{r.bytes(), r.flag(), r.bytes()}};
    call.log_profile_sent = r.flag();
    const auto call2 = round_trip(call);
    EXPECT_EQ(call2.version, 2u);
    ASSERT_EQ(call2.prefetched.size(), 1u);
    EXPECT_EQ(call2.prefetched[0].key, call.prefetched[0].key);
    EXPECT_EQ(call2.prefetched[0].found, call.prefetched[0].found);
    EXPECT_EQ(call2.prefetched[0].value, call.prefetched[0].value);
    EXPECT_EQ(call2.log_profile_sent, call.log_profile_sent);
    EXPECT_EQ(call2.nonce, call.nonce);
    EXPECT_EQ(call2.invocation_id, call.invocation_id);
    EXPECT_EQ(call2.code_hash, call.code_hash);
    expect_same(call2.input, call.input);

    deploy_request deploy;
    deploy.nonce = r.u64();
    deploy.code = r.bytes(500);
    deploy.input = random_input(r);
    const auto deploy2 = round_trip(deploy);
    EXPECT_EQ(deploy2.code, deploy.code);
    expect_same(deploy2.input, deploy.input);

    contract_response response;
    response.nonce = r.u64();
    response.return_code = r.u32() % 11;
    response.message = r.bytes();
    response.return_data = r.blobs();
    response.writes = {storage_write{r.bytes(), r.bytes(), r.flag()}};
    response.logs = {log_entry{r.blobs(), r.bytes()}};
    response.gas_used = r.u64();
    response.prefetch_used = {r.u32(), r.u32()};
    const auto response2 = round_trip(response);
    EXPECT_EQ(response2.version, 2u);
    EXPECT_EQ(response2.prefetch_used, response.prefetch_used);
    EXPECT_EQ(response2.return_code, response.return_code);
    EXPECT_EQ(response2.message, response.message);
    EXPECT_EQ(response2.return_data, response.return_data);
    ASSERT_EQ(response2.writes.size(), 1u);
    EXPECT_EQ(response2.writes[0].key, response.writes[0].key);
    EXPECT_EQ(response2.writes[0].value, response.writes[0].value);
    EXPECT_EQ(response2.writes[0].deleted, response.writes[0].deleted);
    ASSERT_EQ(response2.logs.size(), 1u);
    EXPECT_EQ(response2.logs[0].topics, response.logs[0].topics);
    EXPECT_EQ(response2.logs[0].data, response.logs[0].data);
    EXPECT_EQ(response2.gas_used, response.gas_used);
  }
}

TEST(vm_proto, hook_and_control_messages_round_trip_with_random_values) {
  random_values r(7);
  for (int i = 0; i < 200; ++i) {
    storage_read_request read{1, r.u64(), r.bytes()};
    EXPECT_EQ(round_trip(read).key, read.key);
    storage_read_response value{1, r.u64(), r.flag(), r.bytes()};
    const auto value2 = round_trip(value);
    EXPECT_EQ(value2.found, value.found);
    EXPECT_EQ(value2.value, value.value);
    EXPECT_EQ(value2.nonce, value.nonce);
    code_request code{1, r.u64(), r.bytes()};
    EXPECT_EQ(round_trip(code).code_hash, code.code_hash);
    code_response module{1, r.u64(), r.flag(), r.bytes(300)};
    EXPECT_EQ(round_trip(module).code, module.code);

    init_message init;
    init.max_frame_bytes = r.u32();
    init.log_level = r.u32() % 7;
    init.gas_per_host_call = r.u64();
    const auto init2 = round_trip(init);
    EXPECT_EQ(init2.marshaler, "msgpack");
    EXPECT_EQ(init2.max_frame_bytes, init.max_frame_bytes);
    EXPECT_EQ(init2.gas_per_host_call, init.gas_per_host_call);
    log_record log{1, r.u32() % 7, r.bytes(), r.bytes()};
    const auto log2 = round_trip(log);
    EXPECT_EQ(log2.message, log.message);
    EXPECT_EQ(log2.invocation_id, log.invocation_id);
    version_response version{1, r.u64(), protocol_version, r.bytes()};
    EXPECT_EQ(round_trip(version).vm_version, version.vm_version);
  }
}

TEST(vm_proto, bytes_travel_as_msgpack_bin) {
  const std::string frame = encode_frame(storage_read_request{1, 1, std::string("\x00\xff", 2)});
  // payload: fixarray(3) 1 1 bin8(2) 00 ff
  EXPECT_EQ(frame.substr(preamble_bytes), std::string("\x93\x01\x01\xc4\x02\x00\xff", 7));
}

TEST(vm_proto, preamble_is_little_endian_length_then_kind) {
  char out[preamble_bytes];
  write_preamble({0x01020304u, 0x0a0b0c0du}, out);
  EXPECT_EQ(std::string(out, 8), std::string("\x04\x03\x02\x01\x0d\x0c\x0b\x0a", 8));
  const preamble p = read_preamble(out);
  EXPECT_EQ(p.length, 0x01020304u);
  EXPECT_EQ(p.kind, 0x0a0b0c0du);
}

TEST(vm_proto, frame_over_the_maximum_is_refused_naming_sizes) {
  try {
    check_frame_size({100, static_cast<uint32_t>(frame_kind::call_request)}, 99);
    FAIL() << "no error";
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("100 bytes (call_request) exceeds the maximum of 99"), std::string::npos)
        << e.what();
  }
  EXPECT_NO_THROW(check_frame_size({99, 4}, 99));
}

TEST(vm_proto, malformed_payloads_are_codec_errors) {
  EXPECT_THROW(decode_payload<call_request>(std::string("\xc1\xc1", 2)), codec_error);
  EXPECT_THROW(decode_payload<call_request>(std::string("\x05", 1)), codec_error);  // not an array
  EXPECT_THROW(decode_payload<call_request>(std::string("\x92\x01\xa1x", 4)), codec_error);  // nonce not int
  const std::string frame = encode_frame(stop_message{});
  EXPECT_THROW(decode_payload<stop_message>(frame.substr(preamble_bytes) + "x"), codec_error);  // trailing
}

TEST(vm_proto, payload_counts_beyond_the_payload_are_refused_before_allocating) {
  // 16M array elements in 5 bytes: without limits, a 400 MB zone first.
  try {
    decode_payload<call_request>(std::string("\xdd\x01\x00\x00\x00", 5));
    FAIL() << "decoded an array of 16M elements from 5 bytes";
  } catch (const codec_error& e) {
    EXPECT_NE(std::string(e.what()).find("size overflow"), std::string::npos) << e.what();
  }
}

TEST(vm_proto, decoded_messages_own_their_bytes_and_the_zone_is_reused) {
  contract_response response;
  response.message = std::string(40, 'm');
  response.return_data = {std::string(3000, 'r')};
  response.writes = {{std::string(20, 'k'), std::string(50, 'v'), false}};
  contract_response decoded;
  {
    std::string payload = encode_frame(response).substr(preamble_bytes);
    decoded = decode_payload<contract_response>(payload);
    payload.assign(payload.size(), '\0');  // strings referenced while decoding must have been copied
  }
  EXPECT_EQ(decoded.message, response.message);
  EXPECT_EQ(decoded.return_data, response.return_data);
  EXPECT_EQ(decoded.writes.at(0).value.bytes, std::string(50, 'v'));
  EXPECT_THROW(decode_payload<contract_response>(std::string("\x92\x01\xa1x", 4)), codec_error);
  for (int i = 0; i < 1000; ++i) {  // many decodes through the one per-thread zone, after a failed one
    ASSERT_EQ(decode_payload<contract_response>(encode_frame(response).substr(preamble_bytes)).return_data,
              response.return_data);
  }
}

TEST(vm_proto, a_frame_encoded_into_a_used_buffer_is_the_same_frame) {
  std::string buffer = encode_frame(code_response{1, 9, true, std::string(5000, 'c')});
  const storage_read_request small{1, 2, std::string("key")};
  encode_frame_into(small, buffer);
  EXPECT_EQ(buffer, encode_frame(small));
}

TEST(vm_proto, a_newer_peer_with_more_fields_is_understood) {
  // version 2 of storage_read_request with an extra trailing field
  const std::string payload("\x94\x02\x05\xc4\x01k\xa5" "extra", 12);
  const auto msg = decode_payload<storage_read_request>(payload);
  EXPECT_EQ(msg.version, 2u);
  EXPECT_EQ(msg.nonce, 5u);
  EXPECT_EQ(msg.key.bytes, "k");
}

/// The version-1 layouts of the messages version 2 extended.
struct call_request_v1 {
  static constexpr frame_kind kind = frame_kind::call_request;
  uint32_t version = 1;
  uint64_t nonce = 0;
  std::string invocation_id;
  std::string code_hash;
  call_input input;
  MSGPACK_DEFINE(version, nonce, invocation_id, code_hash, input)
};
struct contract_response_v1 {
  static constexpr frame_kind kind = frame_kind::contract_response;
  uint32_t version = 1;
  uint64_t nonce = 0;
  uint32_t return_code = 0;
  std::string message;
  std::vector<blob> return_data;
  std::vector<storage_write> writes;
  std::vector<log_entry> logs;
  uint64_t gas_used = 0;
  MSGPACK_DEFINE(version, nonce, return_code, message, return_data, writes, logs, gas_used)
};

TEST(vm_proto, prefetch_fields_are_compatible_with_version_1_peers) {
  // A version-1 driver's call: no prefetched values, so every read is a hook.
  call_request_v1 old_call;
  old_call.nonce = 1;
  old_call.input.function = "increment";
  const auto call = decode_payload<call_request>(encode_frame(old_call).substr(preamble_bytes));
  EXPECT_EQ(call.version, 1u);
  EXPECT_EQ(call.input.function, "increment");
  EXPECT_TRUE(call.prefetched.empty());
  EXPECT_FALSE(call.log_profile_sent);

  // A version-1 VM ignores the prefetched values and answers without prefetch_used.
  call_request new_call;
  new_call.nonce = 1;
  new_call.prefetched = {prefetched_value{std::string("k"), true, std::string("v")}};
  EXPECT_EQ(decode_payload<call_request_v1>(encode_frame(new_call).substr(preamble_bytes)).nonce, 1u);
  contract_response_v1 old_response;
  old_response.nonce = 3;
  old_response.gas_used = 9;
  const auto response = decode_payload<contract_response>(encode_frame(old_response).substr(preamble_bytes));
  EXPECT_EQ(response.gas_used, 9u);
  EXPECT_TRUE(response.prefetch_used.empty());
}

TEST(vm_proto, return_code_names_come_from_the_list) {
  EXPECT_EQ(to_string(return_code::ok), "ok");
  EXPECT_EQ(to_string(return_code::out_of_gas), "out_of_gas");
  EXPECT_EQ(to_string(return_code::execution_failed), "execution_failed");
  EXPECT_EQ(static_cast<uint32_t>(return_code::user_error), 4u);
  EXPECT_TRUE(is_known_return_code(10));
  EXPECT_FALSE(is_known_return_code(11));
  EXPECT_EQ(to_string(static_cast<return_code>(99)), "unknown");
}

TEST(vm_proto, dialogue_nonce_accepts_only_last_plus_one) {
  vm::dialogue_nonce nonce;
  EXPECT_EQ(nonce.next(), 1u);
  nonce.accept(2);
  EXPECT_EQ(nonce.next(), 3u);
  EXPECT_THROW(nonce.accept(3), codec_error);
  EXPECT_THROW(nonce.accept(9), codec_error);
  nonce.accept(4);
  nonce.reset();
  EXPECT_EQ(nonce.next(), 1u);
}

}  // namespace
}  // namespace vireo::vm_proto
