// The Arwen integer encodings: minimal two's complement and unsigned big-endian.
#include <gtest/gtest.h>

#include <random>

#include "proto-msgs/vm/big_int_codec.hpp"

namespace vireo::vm_proto {
namespace {

std::string bytes(std::initializer_list<int> values) {
  std::string out;
  for (int v : values) out.push_back(static_cast<char>(v));
  return out;
}

TEST(big_int_codec, signed_encoding_is_minimal_twos_complement) {
  EXPECT_EQ(to_signed_bytes(0), "");
  EXPECT_EQ(to_signed_bytes(42), bytes({0x2a}));
  EXPECT_EQ(to_signed_bytes(127), bytes({0x7f}));
  EXPECT_EQ(to_signed_bytes(128), bytes({0x00, 0x80}));
  EXPECT_EQ(to_signed_bytes(-1), bytes({0xff}));
  EXPECT_EQ(to_signed_bytes(-128), bytes({0x80}));
  EXPECT_EQ(to_signed_bytes(-129), bytes({0xff, 0x7f}));
  EXPECT_EQ(to_signed_bytes(big_int(1) << 64), bytes({0x01, 0, 0, 0, 0, 0, 0, 0, 0}));
}

TEST(big_int_codec, unsigned_encoding_is_minimal_big_endian) {
  EXPECT_EQ(to_unsigned_bytes(0), "");
  EXPECT_EQ(to_unsigned_bytes(255), bytes({0xff}));
  EXPECT_EQ(to_unsigned_bytes(258), bytes({0x01, 0x02}));
  EXPECT_EQ(from_unsigned_bytes(bytes({0x00, 0x01, 0x02})), 258);
  EXPECT_EQ(from_unsigned_bytes(""), 0);
  EXPECT_EQ(from_signed_bytes(bytes({0xff})), -1);
  EXPECT_EQ(from_signed_bytes(bytes({0x00, 0xff})), 255);
}

TEST(big_int_codec, random_values_round_trip) {
  std::mt19937_64 rng(1);
  for (int i = 0; i < 2000; ++i) {
    big_int v = rng();
    v <<= static_cast<unsigned>(rng() % 130);
    v += rng();
    if (rng() & 1u) v = -v;
    EXPECT_EQ(from_signed_bytes(to_signed_bytes(v)), v);
    if (v >= 0) {
      EXPECT_EQ(from_unsigned_bytes(to_unsigned_bytes(v)), v);
    }
  }
}

TEST(big_int_codec, int64_range_is_checked) {
  EXPECT_EQ(to_int64(from_signed_bytes(bytes({0x80, 0, 0, 0, 0, 0, 0, 0}))), INT64_MIN);
  EXPECT_FALSE(to_int64(from_signed_bytes(bytes({0x00, 0x80, 0, 0, 0, 0, 0, 0, 0}))).has_value());
}

}  // namespace
}  // namespace vireo::vm_proto
