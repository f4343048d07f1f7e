#include "services/peer/msp_identity.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "msp/identities.pb.h"
#include "services/peer/errc.hpp"
#include "services/peer/log.hpp"

namespace vireo::peer {
namespace fs = std::filesystem;

struct msp_identity::key_holder {
  EVP_PKEY* pkey = nullptr;
  ~key_holder() { EVP_PKEY_free(pkey); }
};

namespace {

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error(describe(errc::identity, what));
}

template <class T, void (*Free)(T*)>
struct owned {
  T* p;
  explicit owned(T* ptr) : p(ptr) {
    if (!p) fail("OpenSSL allocation failed");
  }
  ~owned() { Free(p); }
  owned(const owned&) = delete;
  owned& operator=(const owned&) = delete;
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read " + path.string());
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string bio_text(BIO* bio) {
  char* data = nullptr;
  long len = BIO_get_mem_data(bio, &data);
  return std::string(data, static_cast<size_t>(len));
}

// Writes a new key and self-signed certificate (valid 10 years) as PEM files.
void create_identity(const fs::path& cert_path, const fs::path& key_path, const std::string& cn) {
  EVP_PKEY* raw_key = EVP_EC_gen("P-256");
  if (!raw_key) fail("cannot generate an EC P-256 key");
  owned<EVP_PKEY, EVP_PKEY_free> key(raw_key);
  owned<X509, X509_free> cert(X509_new());
  X509_set_version(cert.p, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.p), static_cast<long>(std::time(nullptr)));
  X509_gmtime_adj(X509_getm_notBefore(cert.p), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.p), 10L * 365 * 24 * 3600);
  X509_NAME* name = X509_get_subject_name(cert.p);
  X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("Vireo"), -1, -1, 0);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
  X509_set_issuer_name(cert.p, name);
  X509_set_pubkey(cert.p, key.p);
  if (X509_sign(cert.p, key.p, EVP_sha256()) == 0) fail("cannot self-sign the certificate");

  owned<BIO, BIO_free_all> cert_bio(BIO_new(BIO_s_mem()));
  owned<BIO, BIO_free_all> key_bio(BIO_new(BIO_s_mem()));
  PEM_write_bio_X509(cert_bio.p, cert.p);
  PEM_write_bio_PrivateKey(key_bio.p, key.p, nullptr, nullptr, 0, nullptr, nullptr);
  {
    std::ofstream key_out(key_path, std::ios::binary | std::ios::trunc);
    key_out << bio_text(key_bio.p);
    if (!key_out) fail("cannot write " + key_path.string());
  }
  fs::permissions(key_path, fs::perms::owner_read | fs::perms::owner_write, fs::perm_options::replace);
  std::ofstream cert_out(cert_path, std::ios::binary | std::ios::trunc);
  cert_out << bio_text(cert_bio.p);
  if (!cert_out) fail("cannot write " + cert_path.string());
}

}  // namespace

std::shared_ptr<const msp_identity> msp_identity::load_or_create(const std::string& data_dir,
                                                                 const std::string& mspid,
                                                                 const std::string& common_name) {
  const fs::path dir = fs::path(data_dir) / "msp";
  const fs::path cert_path = dir / "signcert.pem";
  const fs::path key_path = dir / "key.pem";
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) fail("cannot create " + dir.string() + ": " + ec.message());
  if (!fs::exists(cert_path) || !fs::exists(key_path)) {
    create_identity(cert_path, key_path, common_name);
    log().info("created MSP identity {} (mspid {})", cert_path.string(), mspid);
  }
  std::string key_pem = read_file(key_path);
  owned<BIO, BIO_free_all> bio(BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size())));
  auto holder = std::make_unique<key_holder>();
  holder->pkey = PEM_read_bio_PrivateKey(bio.p, nullptr, nullptr, nullptr);
  if (!holder->pkey) fail("cannot parse " + key_path.string());
  return std::shared_ptr<const msp_identity>(
      new msp_identity(mspid, read_file(cert_path), std::move(holder)));
}

msp_identity::msp_identity(std::string mspid, std::string cert_pem, std::unique_ptr<key_holder> key)
    : mspid_(std::move(mspid)), cert_pem_(std::move(cert_pem)), key_(std::move(key)) {
  msp::SerializedIdentity id;
  id.set_mspid(mspid_);
  id.set_id_bytes(cert_pem_);
  serialized_ = id.SerializeAsString();
}

msp_identity::~msp_identity() = default;

std::string msp_identity::sign(const std::string& data) const {
  owned<EVP_MD_CTX, EVP_MD_CTX_free> ctx(EVP_MD_CTX_new());
  size_t len = 0;
  if (EVP_DigestSignInit(ctx.p, nullptr, EVP_sha256(), nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(ctx.p, nullptr, &len, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    fail("cannot sign");
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.p, reinterpret_cast<unsigned char*>(sig.data()), &len,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1)
    fail("cannot sign");
  sig.resize(len);
  return sig;
}

}  // namespace vireo::peer
