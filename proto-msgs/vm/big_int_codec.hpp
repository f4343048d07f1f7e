// Byte encodings of integers used by the Arwen host API: unsigned big-endian
// (minimal, 0 = empty) and two's complement big-endian (minimal: 0 -> empty,
// 42 -> 2a, 128 -> 0080, -1 -> ff). Pure functions.
#pragma once

#include <boost/multiprecision/cpp_int.hpp>
#include <optional>
#include <string>

namespace vireo::vm_proto {

using big_int = boost::multiprecision::cpp_int;

/// REQUIRES: value >= 0.
std::string to_unsigned_bytes(const big_int& value);
big_int from_unsigned_bytes(const std::string& bytes);

std::string to_signed_bytes(const big_int& value);
big_int from_signed_bytes(const std::string& bytes);

/// The value as int64 when it fits.
std::optional<int64_t> to_int64(const big_int& value);

}  // namespace vireo::vm_proto
