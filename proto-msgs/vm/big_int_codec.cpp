#include "proto-msgs/vm/big_int_codec.hpp"

#include <cstdint>
#include <iterator>
#include <limits>

namespace vireo::vm_proto {

std::string to_unsigned_bytes(const big_int& value) {
  std::string out;
  if (value <= 0) return out;
  boost::multiprecision::export_bits(value, std::back_inserter(out), 8, true);
  return out;
}

big_int from_unsigned_bytes(const std::string& bytes) {
  big_int value = 0;
  if (bytes.empty()) return value;
  boost::multiprecision::import_bits(value, bytes.begin(), bytes.end(), 8, true);
  return value;
}

std::string to_signed_bytes(const big_int& value) {
  if (value == 0) return {};
  if (value > 0) {
    std::string out = to_unsigned_bytes(value);
    if (static_cast<unsigned char>(out[0]) & 0x80u) out.insert(out.begin(), '\0');
    return out;
  }
  // value < 0: the smallest n with value >= -2^(8n-1), then 2^(8n) + value.
  const std::string magnitude = to_unsigned_bytes(-value - 1);
  size_t n = magnitude.empty() ? 1 : magnitude.size();
  if (!magnitude.empty() && (static_cast<unsigned char>(magnitude[0]) & 0x80u)) ++n;
  std::string out = to_unsigned_bytes((big_int(1) << (8 * n)) + value);
  out.insert(out.begin(), n - out.size(), '\xff');
  return out;
}

big_int from_signed_bytes(const std::string& bytes) {
  big_int value = from_unsigned_bytes(bytes);
  if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80u)) {
    value -= big_int(1) << (8 * bytes.size());
  }
  return value;
}

std::optional<int64_t> to_int64(const big_int& value) {
  if (value < std::numeric_limits<int64_t>::min() || value > std::numeric_limits<int64_t>::max()) {
    return std::nullopt;
  }
  return value.convert_to<int64_t>();
}

}  // namespace vireo::vm_proto
