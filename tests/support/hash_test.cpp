#include "support/hash.hpp"

#include <cstdio>

#include <gtest/gtest.h>
#include <openssl/evp.h>

namespace vireo {
namespace {

// Reference digests computed here with OpenSSL's EVP API, independently of
// support/hash.cpp.
std::string evp_sha256(const std::string& data) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(data.data(), data.size(), digest, &size, EVP_sha256(), nullptr);
  return std::string(reinterpret_cast<char*>(digest), size);
}

std::string hex(const std::string& bytes) {
  std::string out;
  char two[3];
  for (unsigned char c : bytes) {
    std::snprintf(two, sizeof two, "%02x", c);
    out += two;
  }
  return out;
}

TEST(sha256, matches_the_published_test_vectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_raw("abc").size(), 32u);
  EXPECT_EQ(to_hex(std::string("\x00\xff\x10", 3)), "00ff10");
}

TEST(merkle_root, of_no_leaves_is_the_hash_of_nothing) {
  EXPECT_EQ(merkle_root_hex({}), hex(evp_sha256("")));
}

TEST(merkle_root, of_one_leaf_is_its_hash) {
  EXPECT_EQ(merkle_root_hex({"a"}), hex(evp_sha256("a")));
}

TEST(merkle_root, hashes_pairs_of_raw_digests) {
  auto a = evp_sha256("a"), b = evp_sha256("b"), c = evp_sha256("c"), d = evp_sha256("d");
  EXPECT_EQ(merkle_root_hex({"a", "b"}), hex(evp_sha256(a + b)));
  EXPECT_EQ(merkle_root_hex({"a", "b", "c", "d"}), hex(evp_sha256(evp_sha256(a + b) + evp_sha256(c + d))));
  EXPECT_NE(merkle_root_hex({"a", "b"}), merkle_root_hex({"b", "a"})) << "leaf order matters";
}

TEST(merkle_root, calls_back_after_every_hash_without_changing_the_root) {
  int hashes = 0;
  std::vector<std::string> leaves{"a", "b", "c", "d", "e"};
  EXPECT_EQ(merkle_root_hex(leaves, [&] { ++hashes; }), merkle_root_hex(leaves));
  EXPECT_EQ(hashes, 5 + 3 + 2 + 1) << "five leaves, then levels of three, two and one";
}

TEST(merkle_root, pairs_an_odd_last_node_with_itself) {
  auto a = evp_sha256("a"), b = evp_sha256("b"), c = evp_sha256("c");
  auto ab = evp_sha256(a + b), cc = evp_sha256(c + c);
  EXPECT_EQ(merkle_root_hex({"a", "b", "c"}), hex(evp_sha256(ab + cc)));
  // Five leaves: odd at the first level (e pairs with itself) and at the
  // second (hash(ee) pairs with itself).
  auto e = evp_sha256("e");
  auto level1_last = evp_sha256(e + e);
  auto left = evp_sha256(ab + evp_sha256(c + evp_sha256("d")));
  auto right = evp_sha256(level1_last + level1_last);
  EXPECT_EQ(merkle_root_hex({"a", "b", "c", "d", "e"}), hex(evp_sha256(left + right)));
}

TEST(merkle_root, hashes_binary_leaves_byte_for_byte) {
  std::string zero_byte("\0x", 2), other("\0y", 2);
  EXPECT_EQ(merkle_root_hex({zero_byte}), hex(evp_sha256(zero_byte)));
  EXPECT_NE(merkle_root_hex({zero_byte}), merkle_root_hex({other}));
}

}  // namespace
}  // namespace vireo
