#include "support/hash.hpp"

#include <openssl/evp.h>

#include <initializer_list>
#include <memory>
#include <stdexcept>

namespace vireo {

namespace {

// OpenSSL 3's one-shot SHA256() looks the algorithm up and allocates a
// context on every call, several times the cost of hashing a transaction
// id; a block's Merkle tree hashes thousands of them.
class sha256_context {
 public:
  sha256_context() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
    if (!md_ || !ctx_)
      throw std::runtime_error("OpenSSL has no SHA-256");
  }
  ~sha256_context() {
    EVP_MD_CTX_free(ctx_);
    EVP_MD_free(md_);
  }
  sha256_context(const sha256_context&) = delete;
  sha256_context& operator=(const sha256_context&) = delete;

  /// SHA-256 of the concatenation of `parts`, as 32 raw bytes.
  std::string digest(std::initializer_list<std::string_view> parts) {
    std::string out(32, '\0');
    unsigned int size = 0;
    EVP_DigestInit_ex(ctx_, md_, nullptr);
    for (auto part : parts)
      EVP_DigestUpdate(ctx_, part.data(), part.size());
    EVP_DigestFinal_ex(ctx_, reinterpret_cast<unsigned char*>(out.data()), &size);
    return out;
  }

 private:
  EVP_MD* md_;
  EVP_MD_CTX* ctx_;
};

sha256_context& thread_context() {
  thread_local sha256_context context;
  return context;
}

}  // namespace

std::string sha256_raw(std::string_view data) {
  return thread_context().digest({data});
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

std::string merkle_root_hex(const std::vector<std::string>& leaves, const std::function<void()>& after_each_hash) {
  if (leaves.empty())
    return sha256_hex("");
  auto& context = thread_context();
  auto hashed = [&](std::string digest) {
    if (after_each_hash)
      after_each_hash();
    return digest;
  };
  std::vector<std::string> level;
  level.reserve(leaves.size());
  for (const auto& leaf : leaves)
    level.push_back(hashed(context.digest({leaf})));
  while (level.size() > 1) {
    std::vector<std::string> next;
    next.reserve((level.size() + 1) / 2);
    for (size_t i = 0; i < level.size(); i += 2) {
      const auto& right = i + 1 < level.size() ? level[i + 1] : level[i];
      next.push_back(hashed(context.digest({level[i], right})));
    }
    level.swap(next);
  }
  return to_hex(level.front());
}

}  // namespace vireo
