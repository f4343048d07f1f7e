// Arbitrary-precision integers by handle (Boost.Multiprecision): bigIntNew,
// bigIntAdd, bigIntSub, bigIntMul, bigIntTDiv, bigIntTMod, bigIntAbs,
// bigIntNeg, bigIntSign, bigIntCmp, bigInt{Get,Set}*Bytes, byte lengths,
// arguments, storage, finish and call value. Handles live for one call.
#include "proto-msgs/vm/big_int_codec.hpp"
#include "services/vm/engine/host_api.hpp"
#include "services/vm/engine/host_error.hpp"

namespace vireo::vm {

using namespace vm_proto;
using wabt::interp::Values;

namespace {

using byte_decoder = big_int (*)(const std::string&);
using byte_encoder = std::string (*)(const big_int&);

std::string unsigned_encoder(const big_int& v) {
  if (v < 0) throw host_error(return_code::execution_failed, "negative big integer used as unsigned");
  return to_unsigned_bytes(v);
}

/// bigIntGet{Unsigned,Signed}Argument, bigIntFinish{Unsigned,Signed} and
/// bigIntGet{Unsigned,Signed}Bytes differ only in their byte encoding.
void add_encoding_family(host_api& api, const std::string& flavour, byte_decoder decode,
                         byte_encoder encode) {
  api.add("bigIntGet" + flavour + "Argument", "ii", "",
          [decode](call_state& s, const Values& p, Values&) {
            s.big(i32_at(p, 1)) = decode(s.argument(i32_at(p, 0)));
          });
  api.add("bigIntFinish" + flavour, "i", "", [encode](call_state& s, const Values& p, Values&) {
    s.finish(encode(s.big(i32_at(p, 0))));
  });
  api.add("bigIntGet" + flavour + "Bytes", "ii", "i",
          [encode](call_state& s, const Values& p, Values& r) {
            const std::string bytes = encode(s.big(i32_at(p, 0)));
            s.write_memory(u32_at(p, 1), bytes);
            r[0] = i32_value(static_cast<int32_t>(bytes.size()));
          });
}

using big_binop = big_int (*)(const big_int&, const big_int&);

void add_binop(host_api& api, const char* name, big_binop op) {
  api.add(name, "iii", "", [op](call_state& s, const Values& p, Values&) {
    big_int result = op(s.big(i32_at(p, 1)), s.big(i32_at(p, 2)));
    s.big(i32_at(p, 0)) = std::move(result);
  });
}

using big_unop = big_int (*)(const big_int&);

void add_unop(host_api& api, const char* name, big_unop op) {
  api.add(name, "ii", "", [op](call_state& s, const Values& p, Values&) {
    big_int result = op(s.big(i32_at(p, 1)));
    s.big(i32_at(p, 0)) = std::move(result);
  });
}

/// As Arwen: a zero divisor fails the call (Go's big.Int would panic).
const big_int& divisor(const big_int& b) {
  if (b == 0) throw host_error(return_code::execution_failed, "big integer division by zero");
  return b;
}

}  // namespace

void register_big_int_functions(host_api& api) {
  add_encoding_family(api, "Unsigned", &from_unsigned_bytes, &unsigned_encoder);
  add_encoding_family(api, "Signed", &from_signed_bytes, &to_signed_bytes);
  add_binop(api, "bigIntAdd", [](const big_int& a, const big_int& b) -> big_int { return a + b; });
  add_binop(api, "bigIntSub", [](const big_int& a, const big_int& b) -> big_int { return a - b; });
  add_binop(api, "bigIntMul", [](const big_int& a, const big_int& b) -> big_int { return a * b; });
  // Boost's / and % truncate toward zero, as Go's Quo and Rem (Arwen's T functions).
  add_binop(api, "bigIntTDiv", [](const big_int& a, const big_int& b) -> big_int { return a / divisor(b); });
  add_binop(api, "bigIntTMod", [](const big_int& a, const big_int& b) -> big_int { return a % divisor(b); });
  add_unop(api, "bigIntAbs", [](const big_int& a) -> big_int { return abs(a); });
  add_unop(api, "bigIntNeg", [](const big_int& a) -> big_int { return -a; });

  api.add("bigIntNew", "I", "i", [](call_state& s, const Values& p, Values& r) {
    r[0] = i32_value(s.new_big_int(big_int(i64_at(p, 0))));
  });
  api.add("bigIntCmp", "ii", "i", [](call_state& s, const Values& p, Values& r) {
    const big_int& a = s.big(i32_at(p, 0));
    const big_int& b = s.big(i32_at(p, 1));
    r[0] = i32_value(a < b ? -1 : (a > b ? 1 : 0));
  });
  api.add("bigIntSign", "i", "i", [](call_state& s, const Values& p, Values& r) {
    r[0] = i32_value(s.big(i32_at(p, 0)).sign());
  });
  api.add("bigIntSetSignedBytes", "iii", "", [](call_state& s, const Values& p, Values&) {
    s.big(i32_at(p, 0)) = from_signed_bytes(s.read_memory(u32_at(p, 1), u32_at(p, 2)));
  });
  api.add("bigIntSetUnsignedBytes", "iii", "", [](call_state& s, const Values& p, Values&) {
    s.big(i32_at(p, 0)) = from_unsigned_bytes(s.read_memory(u32_at(p, 1), u32_at(p, 2)));
  });
  api.add("bigIntSignedByteLength", "i", "i", [](call_state& s, const Values& p, Values& r) {
    r[0] = i32_value(static_cast<int32_t>(to_signed_bytes(s.big(i32_at(p, 0))).size()));
  });
  // As Arwen (Go's big.Int.Bytes): the length of the magnitude, 0 for zero.
  api.add("bigIntUnsignedByteLength", "i", "i", [](call_state& s, const Values& p, Values& r) {
    r[0] = i32_value(static_cast<int32_t>(to_unsigned_bytes(abs(s.big(i32_at(p, 0)))).size()));
  });
  api.add("bigIntGetCallValue", "i", "", [](call_state& s, const Values& p, Values&) {
    s.big(i32_at(p, 0)) = from_unsigned_bytes(s.input().call_value.bytes);
  });
  api.add("bigIntStorageStoreUnsigned", "iii", "i", [](call_state& s, const Values& p, Values& r) {
    const std::string key = s.read_memory(u32_at(p, 0), u32_at(p, 1));
    r[0] = i32_value(static_cast<int32_t>(s.store(key, unsigned_encoder(s.big(i32_at(p, 2))))));
  });
  api.add("bigIntStorageLoadUnsigned", "iii", "i", [](call_state& s, const Values& p, Values& r) {
    const std::string key = s.read_memory(u32_at(p, 0), u32_at(p, 1));
    const std::string value = s.load(key).value_or(std::string());
    s.big(i32_at(p, 2)) = from_unsigned_bytes(value);
    r[0] = i32_value(static_cast<int32_t>(value.size()));
  });
}

}  // namespace vireo::vm
