#include "support/hash.hpp"

#include <openssl/sha.h>

namespace vireo {

std::string sha256_raw(std::string_view data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  return std::string(reinterpret_cast<const char*>(digest), sizeof(digest));
}

std::string to_hex(std::string_view bytes) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xf]);
  }
  return out;
}

std::string sha256_hex(std::string_view data) {
  return to_hex(sha256_raw(data));
}

std::string merkle_root_hex(const std::vector<std::string>& leaves) {
  if (leaves.empty())
    return sha256_hex("");
  std::vector<std::string> level;
  level.reserve(leaves.size());
  for (const auto& leaf : leaves)
    level.push_back(sha256_raw(leaf));
  while (level.size() > 1) {
    std::vector<std::string> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i < level.size(); i += 2) {
      const auto& right = i + 1 < level.size() ? level[i + 1] : level[i];
      next.push_back(sha256_raw(level[i] + right));
    }
    level.swap(next);
  }
  return to_hex(level.front());
}

}  // namespace vireo
