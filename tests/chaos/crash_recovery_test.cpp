// Nothing acknowledged is lost and nothing is applied twice (ARCHITECTURE.md
// invariants 1-3), proved by really killing vireod with SIGKILL at random
// moments while submitters stream transactions at it, round after round, then
// checking the ledger after a last restart:
// - every acknowledged invocation has exactly one receipt and exactly one
//   output transaction;
// - the serial contract's list holds every acknowledged item once, in
//   journal order, and each invocation saw the writes of all before it;
// - every acknowledged parallel write is in state.
#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

constexpr int rounds = 12;
constexpr int submitters = 4;

struct acknowledged {
  std::mutex mutex;
  std::map<std::string, int> serial_items;        ///< invocation id -> item
  std::map<std::string, std::string> parallel_keys;  ///< invocation id -> key
};

/// Streams submissions until the node stops answering; records what was acknowledged.
void stream(const std::string& base_url, int submitter, int round, acknowledged& acks, std::atomic<bool>& stop) {
  node_api api{base_url};
  for (int i = 0; !stop; ++i) {
    int item = (round * 100 + submitter) * 100000 + i;
    bool serial = i % 2 == 0;
    auto reply = serial ? api.submit("append", {{"item", item}})
                        : api.submit("kv", {{"key", "k" + std::to_string(item)}, {"value", item}});
    if (reply.status == 0)
      return;  // the node is gone
    if (reply.status != 202)
      continue;
    auto id = reply.json()["id"].get<std::string>();
    std::lock_guard<std::mutex> guard{acks.mutex};
    if (serial)
      acks.serial_items[id] = item;
    else
      acks.parallel_keys[id] = "k" + std::to_string(item);
  }
}

/// Every transaction id in every block, with the number of times it appears.
std::map<std::string, int> sealed_transactions(const node_api& api) {
  uint64_t height = 0;
  // Blocks are sealed every 50 ms: when the height stops moving, all is sealed.
  for (int stable = 0; stable < 10;) {
    auto latest = api.get("/v1/blocks/latest");
    uint64_t now = latest.status == 200 ? latest.json()["height"].get<uint64_t>() : 0;
    stable = now == height ? stable + 1 : 0;
    height = now;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::map<std::string, int> seen;
  for (uint64_t h = 1; h <= height; ++h) {
    auto block = api.get("/v1/blocks/" + std::to_string(h)).json();
    for (auto& id : block["transaction_ids"])
      ++seen[id.get<std::string>()];
  }
  return seen;
}

TEST(crash_recovery, kill_9_at_random_moments_loses_nothing_acknowledged_and_applies_nothing_twice) {
  auto seed = std::random_device{}();
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 random{seed};
  std::uniform_int_distribution<int> kill_after_ms{30, 400};

  vireod_process node{{"--set", "blocks.interval_ms=50"}};
  node.start();
  {
    node_api api{node.base_url()};
    ASSERT_EQ(api.deploy({{"name", "chain-list"}, {"kind", "system"}, {"execution", "serial"},
                          {"triggers", {"append"}}, {"runtime", {{"contract", "append"}}}})
                  .status,
              201);
    ASSERT_EQ(api.deploy({{"name", "kv"}, {"kind", "system"}, {"execution", "parallel"}, {"triggers", {"kv"}},
                          {"runtime", {{"contract", "kv_set"}}}})
                  .status,
              201);
  }
  acknowledged acks;
  for (int round = 0; round < rounds; ++round) {
    if (!node.running())
      node.start();
    std::atomic<bool> stop{false};
    std::vector<std::thread> threads;
    for (int s = 0; s < submitters; ++s)
      threads.emplace_back(stream, node.base_url(), s, round, std::ref(acks), std::ref(stop));
    std::this_thread::sleep_for(std::chrono::milliseconds(kill_after_ms(random)));
    node.kill_hard();
    stop = true;
    for (auto& t : threads)
      t.join();
  }
  node.start();
  node_api api{node.base_url()};
  ASSERT_GT(acks.serial_items.size(), 0u);
  ASSERT_GT(acks.parallel_keys.size(), 0u);

  // Every acknowledged invocation has its receipt.
  std::vector<json> serial_docs;
  for (auto& [id, item] : acks.serial_items) {
    auto doc = api.receipt(id, 30000);
    ASSERT_TRUE(doc.has_value()) << "acknowledged serial invocation lost: " << id;
    ASSERT_EQ((*doc)["receipt"]["status"], "committed") << (*doc).dump();
    serial_docs.push_back(*doc);
  }
  for (auto& [id, key] : acks.parallel_keys) {
    auto doc = api.receipt(id, 30000);
    ASSERT_TRUE(doc.has_value()) << "acknowledged parallel invocation lost: " << id;
    ASSERT_EQ((*doc)["receipt"]["status"], "committed");
    EXPECT_TRUE(api.state("kv", key).has_value()) << key;
  }

  // Serial order held across every crash: the list is the acknowledged (and
  // possibly some unacknowledged-but-durable) items, each once, in journal order.
  auto list = api.state("chain-list", "list");
  ASSERT_TRUE(list.has_value());
  std::set<int> unique_items;
  for (auto& item : *list)
    EXPECT_TRUE(unique_items.insert(item.get<int>()).second) << "item applied twice: " << item;
  for (auto& [id, item] : acks.serial_items)
    EXPECT_TRUE(unique_items.count(item)) << "acknowledged item missing from the list: " << item;
  std::sort(serial_docs.begin(), serial_docs.end(), [](const json& a, const json& b) {
    return a["receipt"]["journal_sequence"].get<uint64_t>() < b["receipt"]["journal_sequence"].get<uint64_t>();
  });
  int64_t last_position = -1;
  for (auto& doc : serial_docs) {
    auto item = acks.serial_items.at(doc["receipt"]["invocation_id"].get<std::string>());
    auto seen = doc["output"]["payload"]["seen"].get<int64_t>();
    ASSERT_LT(seen, static_cast<int64_t>(list->size()));
    EXPECT_EQ((*list)[seen], item) << "invocation saw a different prefix than the final list";
    EXPECT_GT(seen, last_position) << "journal order and list order disagree";
    last_position = seen;
  }

  // Exactly one output transaction per invocation, each sealed in exactly one block.
  auto sealed = sealed_transactions(api);
  ASSERT_GE(sealed.size(), acks.serial_items.size() + acks.parallel_keys.size());
  std::map<std::string, int> outputs_per_invocation;
  for (auto& [tx_id, times] : sealed) {
    EXPECT_EQ(times, 1) << "transaction in more than one block: " << tx_id;
    auto tx = api.get("/v1/transactions/" + tx_id).json();
    if (tx.contains("invoker"))
      ++outputs_per_invocation[tx["invoker"].get<std::string>()];
  }
  for (auto& [id, item] : acks.serial_items)
    EXPECT_EQ(outputs_per_invocation[id], 1) << "invocation " << id;
  for (auto& [id, key] : acks.parallel_keys)
    EXPECT_EQ(outputs_per_invocation[id], 1) << "invocation " << id;
  EXPECT_EQ(node.stop(), 0) << "clean shutdown after recovery";
}

}  // namespace
}  // namespace vireo::testing
