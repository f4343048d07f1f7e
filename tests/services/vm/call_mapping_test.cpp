// How an invocation's JSON becomes a VM call and a response becomes a result.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "services/vm/driver/call_mapping.hpp"
#include "tests/services/vm/test_support.hpp"

namespace vireo::vm::test {
namespace {

using json = nlohmann::json;

TEST(call_mapping, arguments_are_hex_integers_or_utf8) {
  EXPECT_EQ(hex(argument_bytes(R"("0x00ff")")), "00ff");
  EXPECT_EQ(hex(argument_bytes(R"("0x")")), "");
  EXPECT_EQ(hex(argument_bytes("42")), "2a");
  EXPECT_EQ(hex(argument_bytes(R"("128")")), "0080");
  EXPECT_EQ(hex(argument_bytes(R"("-1")")), "ff");
  EXPECT_EQ(hex(argument_bytes(R"("340282366920938463463374607431768211456")")), "0100000000000000000000000000000000");
  EXPECT_EQ(argument_bytes(R"("héllo")"), "héllo");
  EXPECT_EQ(argument_bytes(R"("12a")"), "12a");
  EXPECT_THROW(argument_bytes(R"("0x123")"), bad_request);
  EXPECT_THROW(argument_bytes("1.5"), bad_request);
  EXPECT_THROW(argument_bytes("[1]"), bad_request);
}

TEST(call_mapping, addresses_are_32_bytes) {
  EXPECT_EQ(address_bytes(""), std::string(32, '\0'));
  EXPECT_EQ(hex(address_bytes("0x" + std::string(64, 'a'))), std::string(64, 'a'));
  EXPECT_EQ(hex(address_bytes("alice")), "2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90");
}

TEST(call_mapping, runtime_json_gives_code_hash_and_limits_with_defaults) {
  vm_settings settings;
  const auto plain = parse_runtime(R"({"code_hash":"abc"})", settings);
  EXPECT_EQ(plain.code_hash, "abc");
  EXPECT_EQ(plain.gas_limit, settings.default_gas_limit);
  EXPECT_EQ(plain.memory_limit_pages, settings.default_memory_limit_pages);
  const auto custom = parse_runtime(R"({"code_hash":"abc","gas_limit":5,"memory_limit_pages":3})", settings);
  EXPECT_EQ(custom.gas_limit, 5u);
  EXPECT_EQ(custom.memory_limit_pages, 3u);
  EXPECT_THROW(parse_runtime(R"({"gas_limit":5})", settings), bad_request);
  EXPECT_THROW(parse_runtime("[]", settings), bad_request);
}

TEST(call_mapping, the_transaction_gives_function_args_caller_value_and_block) {
  worker::execution_request r;
  r.invocation_id = "tx-1";
  r.contract.name = "token";
  r.transaction_json = json{{"header", {{"sender", "alice"}, {"timestamp", "1700000000123"}, {"block_id", "17"}}},
                            {"payload", {{"function", "transfer"}, {"args", {"0x01", 7}}, {"value", "300"}}}}
                           .dump();
  mapping_cache cache;
  const auto d = make_dialogue_request(r, wasm_runtime{"hash", 99, 4, "bob"}, false, cache);
  EXPECT_EQ(d.invocation_id, "tx-1");
  EXPECT_EQ(d.code_hash, "hash");
  EXPECT_FALSE(d.deploy);
  EXPECT_EQ(d.input.function, "transfer");
  ASSERT_EQ(d.input.args.size(), 2u);
  EXPECT_EQ(hex(d.input.args[0].bytes), "01");
  EXPECT_EQ(hex(d.input.args[1].bytes), "07");
  EXPECT_EQ(d.input.caller.bytes, address_bytes("alice"));
  EXPECT_EQ(d.input.owner.bytes, address_bytes("bob"));
  EXPECT_EQ(d.input.sc_address.bytes.size(), 32u);
  EXPECT_EQ(hex(d.input.call_value.bytes), "012c");
  EXPECT_EQ(d.input.block.timestamp, 1700000000u) << "milliseconds become seconds";
  EXPECT_EQ(d.input.block.nonce, 17u);
  EXPECT_EQ(d.input.gas_limit, 99u);
  EXPECT_EQ(d.input.memory_limit_pages, 4u);
}

TEST(call_mapping, a_call_needs_a_function_but_a_deploy_does_not) {
  worker::execution_request r;
  r.transaction_json = R"({"payload":{"args":["x"]}})";
  mapping_cache cache;
  EXPECT_THROW(make_dialogue_request(r, wasm_runtime{"h", 1, 1, ""}, false, cache), bad_request);
  const auto d = make_dialogue_request(r, wasm_runtime{"h", 1, 1, ""}, true, cache);
  EXPECT_TRUE(d.deploy);
  EXPECT_EQ(d.input.args.size(), 1u);
}

/// The dialogue for `transaction_json` (a call of contract "c"), or the bad_request message.
std::string mapping_error(const std::string& transaction_json) {
  worker::execution_request r;
  r.transaction_json = transaction_json;
  mapping_cache cache;
  try {
    make_dialogue_request(r, wasm_runtime{"h", 1, 1, ""}, false, cache);
  } catch (const bad_request& e) {
    return e.what();
  }
  return {};
}

TEST(call_mapping, only_the_needed_fields_are_read_and_the_last_duplicate_wins) {
  worker::execution_request r;
  r.contract.name = "c";
  r.transaction_json = R"({"id":"x","signature":{"payload":{"function":"no"},"args":[[1]]},
      "header":{"sender":5,"timestamp":-3,"block_id":"9"},"sender":"carol","caller":"dave",
      "payload":{"function":"first"},
      "payload":{"function":"second","args":[18446744073709551615,"0x0a",-2],"extra":[{"args":{}}],
                 "args":[1,"y"],"value":7}})";
  mapping_cache cache;
  const auto d = make_dialogue_request(r, wasm_runtime{"h", 1, 1, ""}, false, cache);
  EXPECT_EQ(d.input.function, "second");
  ASSERT_EQ(d.input.args.size(), 2u) << "the last payload.args wins";
  EXPECT_EQ(hex(d.input.args[0].bytes), "01");
  EXPECT_EQ(d.input.args[1].bytes, "y");
  EXPECT_EQ(hex(d.input.call_value.bytes), "07");
  EXPECT_EQ(d.input.caller.bytes, address_bytes("carol")) << "header.sender is not a string";
  EXPECT_EQ(d.input.block.nonce, 9u);
  EXPECT_GT(d.input.block.timestamp, 1'600'000'000u) << "a negative timestamp means now";
  EXPECT_EQ(d.input.sc_address.bytes, cache.contract_address("c"));
}

TEST(call_mapping, integers_beyond_int64_keep_their_value) {
  worker::execution_request r;
  r.transaction_json = R"({"payload":{"function":"f","args":[18446744073709551615,-9223372036854775808]}})";
  mapping_cache cache;
  const auto d = make_dialogue_request(r, wasm_runtime{"h", 1, 1, ""}, false, cache);
  ASSERT_EQ(d.input.args.size(), 2u);
  EXPECT_EQ(hex(d.input.args[0].bytes), "00ffffffffffffffff");
  EXPECT_EQ(hex(d.input.args[1].bytes), "8000000000000000");
  EXPECT_EQ(argument_bytes("18446744073709551615"), d.input.args[0].bytes);
}

TEST(call_mapping, malformed_transactions_are_refused_with_the_reason) {
  EXPECT_EQ(mapping_error("[1]"), "the transaction is not a JSON object");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f"})"), "the transaction is not a JSON object");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f"}} x)"), "the transaction is not a JSON object");
  // A field the mapping never reads is still validated.
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f"},"memo":[1, tru]})"),
            "the transaction is not a JSON object");
  EXPECT_EQ(mapping_error("{\"payload\":{\"function\":\"f\"},\"memo\":\"\xff\"}"),
            "the transaction is not a JSON object");
  EXPECT_EQ(mapping_error(R"({"payload":"f"})"), "the transaction payload names no function (payload.function)");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":["f"]}})"),
            "the transaction payload names no function (payload.function)");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f","args":{"a":1}}})"), "payload.args is not an array");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f","args":"a"}})"), "payload.args is not an array");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f","args":[1.5]}})"),
            "argument 1.5 is neither a string nor an integer");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f","args":[25e-1]}})"),
            "argument 2.5 is neither a string nor an integer");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f","args":[[1]]}})"),
            "argument an array is neither a string nor an integer");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f","value":true}})"),
            "argument true is neither a string nor an integer");
  EXPECT_EQ(mapping_error(R"({"payload":{"function":"f"}})"), "");
  EXPECT_EQ(mapping_error(""), "the transaction payload names no function (payload.function)");
}

TEST(call_mapping, the_cache_returns_what_the_functions_compute) {
  vm_settings settings;
  mapping_cache cache;
  const std::string runtime = R"({"code_hash":"abc","gas_limit":5,"owner":"bob"})";
  EXPECT_EQ(cache.runtime(runtime, settings).gas_limit, 5u);
  EXPECT_EQ(&cache.runtime(runtime, settings), &cache.runtime(runtime, settings)) << "parsed once";
  EXPECT_EQ(cache.runtime(runtime, settings).owner, "bob");
  EXPECT_THROW(cache.runtime("[]", settings), bad_request);
  EXPECT_THROW(cache.runtime("[]", settings), bad_request) << "a failure is not cached";
  EXPECT_EQ(cache.address("alice"), address_bytes("alice"));
  EXPECT_EQ(cache.address(""), std::string(32, '\0'));
  for (size_t i = 0; i <= mapping_cache::max_entries; ++i) cache.address(std::to_string(i));
  EXPECT_EQ(cache.address("alice"), address_bytes("alice")) << "still right after the memo was cleared";
  const std::string long_sender(mapping_cache::max_key_bytes + 1, 's');
  EXPECT_EQ(cache.address(long_sender), address_bytes(long_sender)) << "computed, not kept";
  EXPECT_EQ(cache.address("alice"), address_bytes("alice"));
  EXPECT_NE(cache.contract_address("a"), cache.contract_address("b"));
  EXPECT_EQ(cache.contract_address("a").size(), 32u);
}

TEST(call_mapping, a_successful_response_becomes_output_events_and_writes) {
  vm_proto::contract_response response;
  response.return_data = {std::string("\x01\xff", 2), std::string()};
  response.writes = {{std::string("a"), std::string("1"), false}, {std::string("b"), std::string(), true}};
  response.logs = {{{std::string(32, '\x01')}, std::string("data")}};
  memory_state state;
  const auto result = to_execution_result(response, state);
  EXPECT_EQ(result.status, worker::execution_result::outcome::ok);
  EXPECT_EQ(result.output_json, R"({"return_code":0,"return_data":["01ff",""]})");
  ASSERT_EQ(result.events.size(), 1u);
  EXPECT_EQ(result.events[0].name, hex(std::string(32, '\x01')));
  EXPECT_EQ(result.events[0].payload, "data");
  EXPECT_EQ(state.pending.at("a"), "1");
  EXPECT_FALSE(state.pending.at("b").has_value());
}

TEST(call_mapping, a_failed_response_names_its_return_code_and_writes_nothing) {
  vm_proto::contract_response response;
  response.return_code = 4;
  response.message = "insufficient funds";
  response.writes = {{std::string("a"), std::string("1"), false}};
  memory_state state;
  const auto result = to_execution_result(response, state);
  EXPECT_EQ(result.status, worker::execution_result::outcome::failed);
  EXPECT_EQ(result.error, "user_error (return code 4): insufficient funds");
  EXPECT_TRUE(state.pending.empty());
}

}  // namespace
}  // namespace vireo::vm::test
