// Parallel means concurrent and still correct (ARCHITECTURE.md invariant 4),
// on a real vireod: parallel invocations overlap in time, and a counter
// incremented by conflicting parallel invocations loses no update because the
// committer re-executes the ones whose reads went stale.
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

std::vector<std::string> submit_from_threads(const node_api& api, const std::string& type, const json& payload,
                                             int threads, int each) {
  std::vector<std::vector<std::string>> ids(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&, t] {
      for (int i = 0; i < each; ++i)
        if (auto id = api.submit_accepted(type, payload))
          ids[t].push_back(*id);
    });
  for (auto& thread : pool)
    thread.join();
  std::vector<std::string> all;
  for (auto& list : ids)
    all.insert(all.end(), list.begin(), list.end());
  return all;
}

TEST(parallel_contract, runs_invocations_at_the_same_time) {
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(api.deploy({{"name", "sleeper"}, {"kind", "system"}, {"execution", "parallel"}, {"triggers", {"nap"}},
                        {"runtime", {{"contract", "sleep"}}}})
                .status,
            201);
  auto ids = submit_from_threads(api, "nap", {{"ms", 300}}, 6, 1);
  ASSERT_EQ(ids.size(), 6u);
  int64_t latest_start = 0;
  int64_t earliest_finish = INT64_MAX;
  for (auto& id : ids) {
    auto doc = api.receipt(id);
    ASSERT_TRUE(doc.has_value());
    ASSERT_EQ((*doc)["receipt"]["status"], "committed");
    auto& out = (*doc)["output"]["payload"];
    latest_start = std::max(latest_start, out["started_us"].get<int64_t>());
    earliest_finish = std::min(earliest_finish, out["finished_us"].get<int64_t>());
    ASSERT_EQ((*doc)["events"][0]["name"], "slept");
  }
  // Every invocation had started before the first one finished: all six ran at once.
  EXPECT_LT(latest_start, earliest_finish);
}

TEST(parallel_contract, re_executes_conflicting_invocations_and_loses_no_update) {
  vireod_process node{{"--set", "invoker.mvcc_max_retries=100"}};
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(api.deploy({{"name", "tally"}, {"kind", "system"}, {"execution", "parallel"}, {"triggers", {"tally"}},
                        {"runtime", {{"contract", "counter"}}}})
                .status,
            201);
  // Each invocation holds its read for 20 ms, so concurrent ones overlap and conflict.
  auto ids = submit_from_threads(api, "tally", {{"by", 1}, {"delay_ms", 20}}, 8, 5);
  ASSERT_EQ(ids.size(), 40u);
  uint64_t retries = 0;
  for (auto& id : ids) {
    auto doc = api.receipt(id, 60000);
    ASSERT_TRUE(doc.has_value()) << id;
    EXPECT_EQ((*doc)["receipt"]["status"], "committed");
    retries += (*doc)["receipt"]["retries"].get<uint64_t>();
  }
  EXPECT_EQ(api.state("tally", "count"), json(40));
  EXPECT_GT(retries, 0u) << "no invocation conflicted, so re-execution was not exercised";
}

TEST(parallel_contract, marks_an_invocation_invalid_when_retries_run_out_and_counts_only_applied_updates) {
  vireod_process node{{"--set", "invoker.mvcc_max_retries=0"}};
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(api.deploy({{"name", "tally"}, {"kind", "system"}, {"execution", "parallel"}, {"triggers", {"tally"}},
                        {"runtime", {{"contract", "counter"}}}})
                .status,
            201);
  auto ids = submit_from_threads(api, "tally", {{"by", 1}, {"delay_ms", 50}}, 8, 1);
  int committed = 0;
  int invalid = 0;
  for (auto& id : ids) {
    auto doc = api.receipt(id, 60000);
    ASSERT_TRUE(doc.has_value());
    auto status = (*doc)["receipt"]["status"].get<std::string>();
    if (status == "committed")
      ++committed;
    if (status == "invalid") {
      ++invalid;
      EXPECT_NE((*doc)["receipt"]["reason"].get<std::string>().find("mvcc conflict"), std::string::npos);
      EXPECT_TRUE((*doc)["output"]["payload"].contains("error"));
    }
  }
  EXPECT_EQ(committed + invalid, 8);
  EXPECT_GT(invalid, 0);
  EXPECT_EQ(api.state("tally", "count"), json(committed));
}

}  // namespace
}  // namespace vireo::testing
