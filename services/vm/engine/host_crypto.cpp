// Hashes: sha256 and keccak256 (Keccak_256: the pre-standard padding Ethereum
// and Elrond use), both from Crypto++. Both return 0 on success.
#include <crypto++/keccak.h>
#include <crypto++/sha.h>

#include "services/vm/engine/host_api.hpp"

namespace vireo::vm {

using wabt::interp::Values;

namespace {

template <typename Hash>
std::string digest_of(const std::string& data) {
  std::string out(Hash::DIGESTSIZE, '\0');
  Hash().CalculateDigest(reinterpret_cast<CryptoPP::byte*>(out.data()),
                         reinterpret_cast<const CryptoPP::byte*>(data.data()), data.size());
  return out;
}

using digest_fn = std::string (*)(const std::string&);

void add_hash(host_api& api, const char* name, digest_fn digest) {
  api.add(name, "iii", "i", [digest](call_state& s, const Values& p, Values& r) {
    s.write_memory(u32_at(p, 2), digest(s.read_memory(u32_at(p, 0), u32_at(p, 1))));
    r[0] = i32_value(0);
  });
}

}  // namespace

void register_crypto_functions(host_api& api) {
  add_hash(api, "sha256", &digest_of<CryptoPP::SHA256>);
  add_hash(api, "keccak256", &digest_of<CryptoPP::Keccak_256>);
}

}  // namespace vireo::vm
