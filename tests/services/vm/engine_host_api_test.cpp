// The Arwen host API as a contract sees it, byte for byte: the probe contract
// (tests/interop/wasm/contracts/probe.c) calls each import and returns what it saw.
#include "tests/services/vm/engine_fixture.hpp"

namespace vireo::vm::test {
namespace {

using vm_proto::return_code;
using strings = std::vector<std::string>;

class host_api_test : public engine_fixture {
 protected:
  void SetUp() override { load("probe_c.wasm"); }
};

TEST_F(host_api_test, arguments_come_back_with_lengths_and_bad_index_is_minus_one) {
  const auto out = call("probe_c.wasm", "echo_arguments", {"abc", std::string("\x00\x01", 2)});
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data), (strings{"616263", "0001", "ff", "ff"}));
}

TEST_F(host_api_test, int64_finish_uses_minimal_twos_complement) {
  const auto out = call("probe_c.wasm", "int64_encodings");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data), (strings{"", "2a", "0080", "ff", "ff7f"}));
}

TEST_F(host_api_test, int64_argument_is_signed_and_must_fit) {
  EXPECT_EQ(hex_all(call("probe_c.wasm", "int64_argument", {"\xff"}).return_data), strings{"ff"});
  EXPECT_EQ(hex_all(call("probe_c.wasm", "int64_argument", {std::string("\x00\x80", 2)}).return_data),
            strings{"0080"});
  const auto too_big = call("probe_c.wasm", "int64_argument", {std::string(9, '\x01')});
  EXPECT_EQ(too_big.code, return_code::user_error);
  EXPECT_NE(too_big.message.find("does not fit in int64"), std::string::npos) << too_big.message;
  const auto missing = call("probe_c.wasm", "int64_argument");
  EXPECT_EQ(missing.code, return_code::user_error);
  EXPECT_NE(missing.message.find("argument index 0 out of range"), std::string::npos) << missing.message;
}

TEST_F(host_api_test, storage_store_reports_added_unchanged_modified_deleted) {
  const auto out = call("probe_c.wasm", "storage_codes");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data), (strings{"02", "", "01", "03", ""}));
  ASSERT_EQ(out.writes.count("k"), 1u);
  EXPECT_FALSE(out.writes.at("k").has_value()) << "the last write deletes k";
}

TEST_F(host_api_test, int64_storage_is_unsigned_minimal_big_endian) {
  const auto out = call("probe_c.wasm", "int64_storage");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data), (strings{"02", "02", "0102", "0102"}));
  EXPECT_EQ(out.writes.at("k"), std::string("\x01\x02", 2));
}

TEST_F(host_api_test, a_call_sees_its_own_writes_and_reads_committed_values_once) {
  storage_.values["k"] = "old";
  const auto out = call("probe_c.wasm", "read_write_read");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(out.return_data, (strings{"old", "new"}));
  EXPECT_EQ(storage_.reads, 1) << "the second read of k comes from the call's cache";
}

TEST_F(host_api_test, context_gives_padded_addresses_call_value_and_block) {
  input_.caller = std::string(32, '\x11');
  input_.sc_address = std::string(32, '\x22');
  input_.owner = std::string("\x33", 1);
  input_.call_value = std::string("\x01\x00", 2);
  input_.block = vm_proto::block_info{1700000000, 7, 8, 9};
  const auto out = call("probe_c.wasm", "context");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  ASSERT_EQ(out.return_data.size(), 8u);
  EXPECT_EQ(out.return_data[0], std::string(32, '\x11'));
  EXPECT_EQ(out.return_data[1], std::string(32, '\x22'));
  EXPECT_EQ(out.return_data[2], std::string(31, '\0') + "\x33");
  EXPECT_EQ(out.return_data[3], std::string(30, '\0') + std::string("\x01\x00", 2)) << "32-byte left-padded";
  EXPECT_EQ(hex(out.return_data[4]), "6553f100");
  EXPECT_EQ(hex_all({out.return_data[5], out.return_data[6], out.return_data[7]}), (strings{"07", "08", "09"}));
}

TEST_F(host_api_test, check_no_payment_fails_a_paid_call) {
  EXPECT_EQ(call("probe_c.wasm", "no_payment").code, return_code::ok);
  input_.call_value = std::string("\x05", 1);
  const auto out = call("probe_c.wasm", "no_payment");
  EXPECT_EQ(out.code, return_code::user_error);
  EXPECT_EQ(out.message, "function does not accept payment");
}

TEST_F(host_api_test, sha256_and_keccak256_match_known_digests) {
  const auto out = call("probe_c.wasm", "hashes");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data),
            (strings{"", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", "",
                     "4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"}));
}

TEST_F(host_api_test, big_integers_add_subtract_compare_and_encode) {
  const auto out = call("probe_c.wasm", "big_integers");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data),
            (strings{"ff7f", "0367", "02", "fb97", "ff", "01", "", "80", "03e8"}));
}

TEST_F(host_api_test, big_integers_multiply_divide_toward_zero_and_report_signs_and_lengths) {
  const auto out = call("probe_c.wasm", "big_arithmetic");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  EXPECT_EQ(hex_all(out.return_data), (strings{"f2", "fd", "ff", "07", "fe", "ff", "", "01", "008000", "02", "01"}));
}

TEST_F(host_api_test, a_big_integer_division_by_zero_fails_the_call) {
  const auto out = call("probe_c.wasm", "divide_by_zero");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "big integer division by zero");
}

TEST_F(host_api_test, transfer_value_moves_nothing_and_refuses_an_amount) {
  const auto none = call("probe_c.wasm", "transfer", {std::string(32, '\0')});
  ASSERT_EQ(none.code, return_code::ok) << none.message;
  EXPECT_EQ(hex_all(none.return_data), strings{""}) << "0: done (there was nothing to move)";
  const auto paid = call("probe_c.wasm", "transfer", {std::string(31, '\0') + "\x05"});
  EXPECT_EQ(paid.code, return_code::execution_failed);
  EXPECT_EQ(paid.message, "transferValue of 5: Vireo holds no native balances to transfer");
}

TEST_F(host_api_test, big_integer_arguments_call_value_and_storage) {
  input_.call_value = std::string("\x12\x34", 2);
  const auto out = call("probe_c.wasm", "big_arguments", {std::string("\xff\x00", 2)});
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  // unsigned ff00, signed -256 (ff00), call value 1234, stored (added), loaded 2 bytes, ff00
  EXPECT_EQ(hex_all(out.return_data), (strings{"ff00", "ff00", "1234", "02", "02", "ff00"}));
}

TEST_F(host_api_test, write_log_becomes_a_log_with_32_byte_topics) {
  const auto out = call("probe_c.wasm", "log_event");
  ASSERT_EQ(out.code, return_code::ok) << out.message;
  ASSERT_EQ(out.logs.size(), 2u);
  ASSERT_EQ(out.logs[0].topics.size(), 2u);
  EXPECT_EQ(hex(out.logs[0].topics[0].bytes), "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(out.logs[0].topics[1].bytes.size(), 32u);
  EXPECT_EQ(out.logs[0].data.bytes, "payload");
  EXPECT_TRUE(out.logs[1].topics.empty());
  EXPECT_EQ(out.logs[1].data.bytes, "bare");
}

TEST_F(host_api_test, signal_error_is_a_user_error_with_the_message_and_drops_writes) {
  const auto out = call("probe_c.wasm", "write_then_fail");
  EXPECT_EQ(out.code, return_code::user_error);
  EXPECT_EQ(out.message, "after writing");
  EXPECT_TRUE(out.writes.empty());
  EXPECT_TRUE(out.return_data.empty());
  const auto custom = call("probe_c.wasm", "user_error");
  EXPECT_EQ(custom.message, "custom failure");
}

TEST_F(host_api_test, a_bad_big_integer_handle_fails_the_call) {
  const auto out = call("probe_c.wasm", "bad_handle");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(out.message, "no big integer with handle 77");
}

TEST_F(host_api_test, the_host_api_lists_every_arwen_import_of_the_protocol) {
  const strings expected = {
      "bigIntAbs", "bigIntAdd", "bigIntCmp", "bigIntFinishSigned", "bigIntFinishUnsigned",
      "bigIntGetCallValue", "bigIntGetSignedArgument", "bigIntGetSignedBytes", "bigIntGetUnsignedArgument",
      "bigIntGetUnsignedBytes", "bigIntMul", "bigIntNeg", "bigIntNew", "bigIntSetSignedBytes",
      "bigIntSetUnsignedBytes", "bigIntSign", "bigIntSignedByteLength", "bigIntStorageLoadUnsigned",
      "bigIntStorageStoreUnsigned", "bigIntSub", "bigIntTDiv", "bigIntTMod", "bigIntUnsignedByteLength",
      "checkNoPayment",
      "finish", "getArgument", "getArgumentLength", "getBlockEpoch", "getBlockNonce", "getBlockRound",
      "getBlockTimestamp", "getCallValue", "getCaller", "getNumArguments", "getOwnerAddress",
      "getSCAddress", "int64finish", "int64getArgument", "int64storageLoad", "int64storageStore",
      "keccak256", "sha256", "signalError", "storageLoad", "storageLoadLength", "storageStore", "transferValue", "writeLog"};
  EXPECT_EQ(engine_.host_function_names(), expected);
}

}  // namespace
}  // namespace vireo::vm::test
