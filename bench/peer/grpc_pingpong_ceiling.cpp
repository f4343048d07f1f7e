#include "bench/peer/grpc_pingpong_ceiling.hpp"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <thread>

#include <grpcpp/grpcpp.h>

#include "peer/chaincode_shim.grpc.pb.h"

extern char** environ;

namespace vireo::bench {
namespace {

using clock = std::chrono::steady_clock;

class echo_service final : public protos::ChaincodeSupport::Service {
  grpc::Status Register(grpc::ServerContext*,
                        grpc::ServerReaderWriter<protos::ChaincodeMessage, protos::ChaincodeMessage>* stream) override {
    protos::ChaincodeMessage msg;
    while (stream->Read(&msg)) stream->Write(msg);
    return grpc::Status::OK;
  }
};

}  // namespace

double quantile_us(std::vector<uint64_t>& samples, double q) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  return samples[std::min(samples.size() - 1, static_cast<size_t>(q * samples.size()))] / 1e3;
}

int run_echo_server() {
  echo_service service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  auto server = builder.BuildAndStart();
  std::cout << port << std::endl;
  std::string line;
  std::getline(std::cin, line);  // the parent closes our stdin to stop us
  server->Shutdown(std::chrono::system_clock::now());
  return 0;
}

latency_summary grpc_pingpong(const std::string& self_exe, int streams, double seconds) {
  int to_child[2], from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) return {};
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_adddup2(&files, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&files, from_child[1], 1);
  posix_spawn_file_actions_addclose(&files, to_child[1]);
  posix_spawn_file_actions_addclose(&files, from_child[0]);
  std::string flag = "--echo-server";
  char* argv[] = {const_cast<char*>(self_exe.c_str()), flag.data(), nullptr};
  pid_t pid = 0;
  posix_spawn(&pid, self_exe.c_str(), &files, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&files);
  close(to_child[0]);
  close(from_child[1]);
  char buf[32] = {};
  ssize_t n = read(from_child[0], buf, sizeof buf - 1);
  const int port = n > 0 ? std::atoi(buf) : 0;

  auto channel = grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  std::mutex mu;
  std::vector<uint64_t> all;
  double rate = 0;  // sum of each stream's round trips per second of its own window
  std::vector<std::thread> threads;
  for (int t = 0; t < streams; ++t) {
    threads.emplace_back([&] {
      // One channel per stream, as each chaincode has its own connection.
      grpc::ChannelArguments args;
      args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
      auto own = grpc::CreateCustomChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials(), args);
      auto stub = protos::ChaincodeSupport::NewStub(streams == 1 ? channel : own);
      grpc::ClientContext ctx;
      auto stream = stub->Register(&ctx);
      protos::ChaincodeMessage ping, pong;
      ping.set_type(protos::ChaincodeMessage::GET_STATE);
      ping.set_payload(std::string(32, 'g'));
      for (int i = 0; i < 200; ++i) stream->Write(ping), stream->Read(&pong);  // warm-up
      std::vector<uint64_t> mine;
      const auto started = clock::now();
      const auto deadline = started + std::chrono::duration<double>(seconds);
      while (clock::now() < deadline) {
        auto a = clock::now();
        stream->Write(ping);
        stream->Read(&pong);
        mine.push_back(std::chrono::duration_cast<std::chrono::nanoseconds>(clock::now() - a).count());
      }
      const double window = std::chrono::duration<double>(clock::now() - started).count();
      stream->WritesDone();
      stream->Finish();
      std::lock_guard<std::mutex> lock(mu);
      all.insert(all.end(), mine.begin(), mine.end());
      rate += mine.size() / window;
    });
  }
  for (auto& t : threads) t.join();
  close(to_child[1]);
  close(from_child[0]);
  waitpid(pid, nullptr, 0);
  latency_summary s;
  s.count = all.size();
  s.per_second = rate;
  s.p50_us = quantile_us(all, 0.5);
  s.p99_us = quantile_us(all, 0.99);
  return s;
}

}  // namespace vireo::bench
