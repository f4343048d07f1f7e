// gRPC settings of both chaincode streams, from peer_settings: credentials
// (TLS / mutual TLS or insecure), message size limits, HTTP/2 ping policy.
#pragma once

#include <memory>

#include <grpcpp/grpcpp.h>

#include "services/peer/peer_settings.hpp"

namespace vireo::peer {

/// Register server: TLS when enabled, requiring a client certificate signed by
/// tls.client_ca_file when that is set. Throws std::invalid_argument on
/// unreadable files.
std::shared_ptr<grpc::ServerCredentials> server_credentials(const tls_settings& tls);

/// Applies message limits and the ping policy (accept pings every
/// min_recv_ping_interval_ms, no ping strikes) to a server builder.
void apply_server_options(grpc::ServerBuilder& builder, const peer_settings& settings);

/// Dialing a chaincode server: TLS (root CA, our client certificate) when enabled.
std::shared_ptr<grpc::ChannelCredentials> channel_credentials(const tls_settings& tls);

/// Channel arguments for dialing a chaincode server.
grpc::ChannelArguments channel_arguments(const peer_settings& settings);

/// Reads a whole file; throws std::invalid_argument naming it when unreadable.
std::string read_text_file(const std::string& path);

}  // namespace vireo::peer
