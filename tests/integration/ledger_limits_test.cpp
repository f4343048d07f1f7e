// The ledger's disk limits reach RocksDB from the node's configuration: a
// real vireod started with `--set ledger.max_wal_mb=1` keeps its WAL within
// a few MiB while it journals and commits some 13 MB of transactions.
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

uint64_t wal_bytes(const std::string& data_dir) {
  uint64_t total = 0;
  for (auto& entry : std::filesystem::directory_iterator(data_dir))
    if (entry.path().extension() == ".log")
      total += entry.file_size();
  return total;
}

TEST(ledger_limits, a_node_keeps_its_wal_within_ledger_max_wal_mb) {
  constexpr uint64_t max_wal = 1 << 20;
  vireod_process node{{"--set", "ledger.max_wal_mb=1", "--set", "ledger.delete_mb_per_s=16"}};
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "echoer", "parallel", "echo", "shout").status, 201);
  // Each echoed 8 KB payload is journaled with its transaction and committed
  // again in the output transaction: some 13 MB through the WAL in all.
  auto ids = submit_from_threads(api, "shout", 4, 200, [](int thread, int i) {
    return json{{"text", std::string(8000, static_cast<char>('a' + (thread * 7 + i) % 26))}};
  });
  ASSERT_EQ(ids.size(), 800u);
  for (auto& id : ids) {
    auto doc = api.receipt(id, 30000);
    ASSERT_TRUE(doc.has_value()) << id;
    EXPECT_EQ((*doc)["receipt"]["status"], "committed") << id;
  }
  // Obsolete WAL files go once the flushes they wait for are done.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (wal_bytes(node.data_dir()) > 3 * max_wal && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_LE(wal_bytes(node.data_dir()), 3 * max_wal);
}

}  // namespace
}  // namespace vireo::testing
