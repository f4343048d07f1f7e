#include "services/peer/grpc_options.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "services/peer/errc.hpp"

namespace vireo::peer {

std::string read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument(describe(errc::bad_settings, "cannot read '" + path + "'"));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::shared_ptr<grpc::ServerCredentials> server_credentials(const tls_settings& tls) {
  if (!tls.enabled) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions options(
      tls.client_ca_file.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                 : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  if (!tls.client_ca_file.empty()) options.pem_root_certs = read_text_file(tls.client_ca_file);
  options.pem_key_cert_pairs.push_back({read_text_file(tls.key_file), read_text_file(tls.cert_file)});
  return grpc::SslServerCredentials(options);
}

void apply_server_options(grpc::ServerBuilder& builder, const peer_settings& settings) {
  builder.SetMaxReceiveMessageSize(static_cast<int>(settings.max_message_bytes));
  builder.SetMaxSendMessageSize(static_cast<int>(settings.max_message_bytes));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
                             static_cast<int>(settings.min_recv_ping_interval_ms));
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);
}

std::shared_ptr<grpc::ChannelCredentials> channel_credentials(const tls_settings& tls) {
  if (!tls.enabled) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = read_text_file(tls.root_ca_file.empty() ? tls.cert_file : tls.root_ca_file);
  if (!tls.client_key_file.empty()) options.pem_private_key = read_text_file(tls.client_key_file);
  if (!tls.client_cert_file.empty()) options.pem_cert_chain = read_text_file(tls.client_cert_file);
  return grpc::SslCredentials(options);
}

grpc::ChannelArguments channel_arguments(const peer_settings& settings) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(static_cast<int>(settings.max_message_bytes));
  args.SetMaxSendMessageSize(static_cast<int>(settings.max_message_bytes));
  args.SetInt(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS,
              static_cast<int>(settings.min_recv_ping_interval_ms));
  args.SetInt(GRPC_ARG_HTTP2_MAX_PING_STRIKES, 0);
  // A restarted chaincode server is found again quickly.
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // Each dialed chaincode gets its own connection (no subchannel sharing).
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  if (!settings.tls.server_name_override.empty())
    args.SetSslTargetNameOverride(settings.tls.server_name_override);
  return args;
}

}  // namespace vireo::peer
