// The ceiling probe beside the chaincode peer benchmark: a bare gRPC bidi
// ping-pong of ChaincodeMessages (32-byte payload) between this process and an
// echo server in a child process (this binary run with --echo-server), over
// loopback, insecure, sync API, one stream per client thread: the cost of one
// talk-back round trip with nothing but gRPC in it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace vireo::bench {

struct latency_summary {
  double per_second = 0;  ///< completed operations per second, all threads
  double p50_us = 0;
  double p99_us = 0;
  uint64_t count = 0;
};

/// p-quantile of `samples` (nanoseconds) in microseconds; sorts them.
double quantile_us(std::vector<uint64_t>& samples, double q);

/// Runs the echo server until stdin closes, printing its port first. Returns an exit code.
int run_echo_server();

/// Ping-pong for `seconds` on `streams` concurrent streams against an echo
/// server spawned from `self_exe`.
latency_summary grpc_pingpong(const std::string& self_exe, int streams, double seconds);

}  // namespace vireo::bench
