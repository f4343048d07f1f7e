// The peer's MSP identity: a self-signed EC P-256 certificate and its key, made
// at first start and kept in `<data_dir>/msp/` (signcert.pem, key.pem, mode
// 0600 for the key), so every proposal this node synthesizes names the same
// creator across restarts. Immutable after load; safe to share between threads
// (sign() uses a fresh OpenSSL context per call).
#pragma once

#include <memory>
#include <string>

namespace vireo::peer {

class msp_identity {
 public:
  /// Loads the identity from `<data_dir>/msp/`, creating it first when absent.
  /// `common_name` goes into the certificate subject of a new identity.
  /// Throws std::runtime_error (errc::identity) when files are unreadable or
  /// OpenSSL fails.
  static std::shared_ptr<const msp_identity> load_or_create(const std::string& data_dir,
                                                            const std::string& mspid,
                                                            const std::string& common_name);
  ~msp_identity();
  msp_identity(const msp_identity&) = delete;
  msp_identity& operator=(const msp_identity&) = delete;

  const std::string& mspid() const { return mspid_; }
  /// The certificate, PEM.
  const std::string& certificate_pem() const { return cert_pem_; }
  /// A serialized msp.SerializedIdentity{mspid, id_bytes = certificate PEM}.
  const std::string& serialized() const { return serialized_; }
  /// ECDSA-SHA256 signature (DER) of `data` with the identity key.
  std::string sign(const std::string& data) const;

 private:
  struct key_holder;
  msp_identity(std::string mspid, std::string cert_pem, std::unique_ptr<key_holder> key);

  std::string mspid_;
  std::string cert_pem_;
  std::string serialized_;
  std::unique_ptr<key_holder> key_;
};

}  // namespace vireo::peer
