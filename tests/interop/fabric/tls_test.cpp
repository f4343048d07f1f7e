// TLS and mutual TLS on both sides, with certificates made by the openssl CLI
// at test time: a launched client-mode chaincode registering over mutual TLS,
// and the peer dialing a chaincode server over mutual TLS.
#include <cstdlib>
#include <fstream>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "services/peer/grpc_options.hpp"
#include "tests/interop/fabric/chaincode_fixture.hpp"

namespace vireo::peer {
namespace {

using worker::execution_result;
namespace fs = std::filesystem;

class tls : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs = fs::temp_directory_path() / ("vireo-tls-certs-" + std::to_string(::getpid()));
    fs::create_directories(certs);
    std::ofstream(certs / "server.ext") << "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n";
    std::ofstream(certs / "client.ext") << "extendedKeyUsage=clientAuth\n";
    const std::string d = certs.string();
    const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes ";
    const std::string script =
        "cd " + d + " && ( openssl req -x509" + ec + "-keyout ca.key -out ca.crt -days 1 -subj /CN=vireo-test-ca" +
        " && openssl req" + ec + "-keyout server.key -out server.csr -subj /CN=localhost" +
        " && openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out server.crt -days 1"
        " -extfile server.ext" +
        " && openssl req" + ec + "-keyout client.key -out client.csr -subj /CN=vireo-chaincode" +
        " && openssl x509 -req -in client.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out client.crt -days 1"
        " -extfile client.ext )";
    if (std::system((script + " > openssl.log 2>&1").c_str()) != 0) setup_error = "openssl failed, see " + d + "/openssl.log";
  }
  static void TearDownTestSuite() { fs::remove_all(certs); }
  // gtest reports a failed SetUpTestSuite as skipped tests: fail each test instead.
  void SetUp() override { ASSERT_EQ(setup_error, ""); }
  static std::string file(const std::string& name) { return (certs / name).string(); }
  static nlohmann::json tls_settings(bool serve) {
    nlohmann::json t = {{"enabled", true}, {"root_ca_file", file("ca.crt")}, {"client_cert_file", file("client.crt")},
                        {"client_key_file", file("client.key")}};
    if (serve) {
      t["cert_file"] = file("server.crt");
      t["key_file"] = file("server.key");
      t["client_ca_file"] = file("ca.crt");
    }
    return t;
  }
  // Whether a gRPC channel with `creds` gets connected to `address`.
  static bool connects(const std::string& address, std::shared_ptr<grpc::ChannelCredentials> creds) {
    auto channel = grpc::CreateChannel(address, creds);
    return channel->WaitForConnected(std::chrono::system_clock::now() + std::chrono::seconds(2));
  }
  static fs::path certs;
  static std::string setup_error;
};
fs::path tls::certs;
std::string tls::setup_error;

TEST_F(tls, a_launched_chaincode_registers_over_mutual_tls) {
  testing::chaincode_fixture fixture("tls-client", {{"tls", tls_settings(true)}});
  const std::string launch = testing::node_bin("fabric-chaincode-node") + " start --module-path " +
                             testing::chaincode_dir("asset_contract").string();
  fixture.deploy_spec("asset", {{"chaincode_id", "asset:tls"}, {"launch", launch}});
  auto created = fixture.invoke("asset", "CreateAsset", {"t1", "blue", "1", "alice", "1"});
  ASSERT_TRUE(created.committed) << created.result.error;
  auto me = nlohmann::json::parse(fixture.invoke("asset", "WhoAmI").output["payload"].get<std::string>());
  EXPECT_EQ(me["mspid"], "VireoTestMSP");

  const std::string address = fixture.service().listen_address();
  EXPECT_FALSE(connects(address, grpc::InsecureChannelCredentials())) << "plaintext is refused";
  grpc::SslCredentialsOptions no_client_cert;
  no_client_cert.pem_root_certs = read_text_file(file("ca.crt"));
  EXPECT_FALSE(connects(address, grpc::SslCredentials(no_client_cert))) << "a client certificate is required";
}

TEST_F(tls, the_peer_dials_a_chaincode_server_over_mutual_tls) {
  testing::chaincode_fixture fixture("tls-server", {{"listen_address", ""}, {"tls", tls_settings(false)}});
  const std::string address = "127.0.0.1:" + std::to_string(testing::free_port());
  fixture.spawn({testing::node_bin("fabric-chaincode-node"), "server", "--module-path",
                 testing::chaincode_dir("asset_contract").string(), "--chaincode-tls-cert-file", file("server.crt"),
                 "--chaincode-tls-key-file", file("server.key"), "--chaincode-tls-client-cacert-file", file("ca.crt")},
                {{"CORE_CHAINCODE_ID", "asset:tls"}, {"CORE_CHAINCODE_ADDRESS", address}});
  fixture.deploy_spec("asset", {{"chaincode_id", "asset:tls"}, {"mode", "server"}, {"address", address}});
  auto created = fixture.invoke("asset", "CreateAsset", {"t2", "red", "1", "bob", "1"});
  ASSERT_TRUE(created.committed) << created.result.error;
  EXPECT_EQ(fixture.invoke("asset", "ReadAsset", {"t2"}).result.status, execution_result::outcome::ok);
}

}  // namespace
}  // namespace vireo::peer
