// Parallel means concurrent and still correct (ARCHITECTURE.md invariant 4),
// on a real vireod: parallel invocations overlap in time, and a counter
// incremented by conflicting parallel invocations loses no update because the
// committer re-executes the ones whose reads went stale.
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include <gtest/gtest.h>

#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

/// Starts a node with `args`, deploys the parallel counter `tally`, has 8
/// threads submit `each` increments that hold their read `delay_ms`, and
/// returns the receipts' statuses with the retries they report.
struct tally_run {
  std::vector<nlohmann::json> receipts;
  std::optional<nlohmann::json> count;
  std::optional<double> backlog;  ///< the journal backlog once every receipt is in
};

tally_run run_tally(std::vector<std::string> args, int each, int delay_ms) {
  vireod_process node{std::move(args)};
  node.start();
  node_api api{node.base_url()};
  EXPECT_EQ(deploy_system(api, "tally", "parallel", "counter", "tally").status, 201);
  auto ids = submit_from_threads(api, "tally", 8, each,
                                 [delay_ms](int, int) { return json{{"by", 1}, {"delay_ms", delay_ms}}; });
  EXPECT_EQ(ids.size(), size_t(8 * each));
  tally_run run;
  for (auto& id : ids) {
    auto doc = api.receipt(id, 60000);
    EXPECT_TRUE(doc.has_value()) << id;
    if (doc)
      run.receipts.push_back((*doc));
  }
  run.count = api.state("tally", "count");
  run.backlog = backlog_once_drained(api);
  return run;
}

/// When invocations of the system contract `sleep` ran, from their outputs:
/// all of them ran at once iff latest_start < earliest_finish.
struct nap_times {
  size_t committed = 0;
  int64_t latest_start = 0;
  int64_t earliest_finish = INT64_MAX;
};

/// Waits for the receipts of the naps `ids`; each must be committed and say it slept.
nap_times when_naps_ran(node_api& api, const std::vector<std::string>& ids) {
  nap_times times;
  for (auto& id : ids) {
    auto doc = api.receipt(id, 30000);
    if (!doc || (*doc)["receipt"]["status"] != "committed") {
      ADD_FAILURE() << "nap " << id << " not committed: " << (doc ? doc->dump() : "no receipt");
      continue;
    }
    ++times.committed;
    auto& out = (*doc)["output"]["payload"];
    times.latest_start = std::max(times.latest_start, out["started_us"].get<int64_t>());
    times.earliest_finish = std::min(times.earliest_finish, out["finished_us"].get<int64_t>());
    EXPECT_EQ((*doc)["events"][0]["name"], "slept") << id;
  }
  return times;
}

/// Submits `naps` naps of `ms` each in one batch request (usually journaled
/// in one or two group commits, so they leave in one or two execute messages).
std::vector<std::string> submit_nap_batch(node_api& api, size_t naps, int ms) {
  json batch = {{"transactions", json::array()}};
  for (size_t i = 0; i < naps; ++i)
    batch["transactions"].push_back({{"type", "nap"}, {"payload", {{"ms", ms}}}});
  auto submitted = api.post("/v1/transactions/batch", batch.dump());
  EXPECT_EQ(submitted.status, 200) << submitted.body;
  std::vector<std::string> ids;
  if (submitted.status == 200) {
    auto results = submitted.json().at("results");
    for (auto& item : results)
      ids.push_back(item.at("id").get<std::string>());
  }
  return ids;
}

/// Execute messages the node sent for parallel contracts so far (the
/// histogram appears with the first).
double parallel_execute_messages(node_api& api) {
  return api.metric("vireo_execute_batch_invocations_count{mode=\"parallel\"}").value_or(0);
}

/// Submits naps with `submit` until some of them share an execute message,
/// up to three times: on a loaded machine the journal can take a batch
/// request's transactions in as many group commits, and each leaves alone.
/// The times of the naps that shared; nullopt when none did.
std::optional<nap_times> when_naps_that_shared_an_execute_ran(node_api& api,
                                                              const std::function<std::vector<std::string>()>& submit) {
  for (int attempt = 0; attempt < 3; ++attempt) {
    auto executes_before = parallel_execute_messages(api);
    auto ids = submit();
    auto times = when_naps_ran(api, ids);
    EXPECT_EQ(times.committed, ids.size());
    auto sent = parallel_execute_messages(api) - executes_before;
    EXPECT_GT(sent, 0.0) << "no execute message counted";
    if (sent < static_cast<double>(ids.size()))
      return times;
  }
  return std::nullopt;
}

TEST(parallel_contract, runs_invocations_at_the_same_time) {
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "sleeper", "parallel", "sleep", "nap").status, 201);
  auto ids = submit_from_threads(api, "nap", 6, 1, [](int, int) { return json{{"ms", 1000}}; });
  ASSERT_EQ(ids.size(), 6u);
  auto times = when_naps_ran(api, ids);
  ASSERT_EQ(times.committed, 6u);
  // Every invocation had started before the first one finished: all six ran at once.
  EXPECT_LT(times.latest_start, times.earliest_finish);
}

TEST(parallel_contract, still_overlaps_invocations_that_travel_to_the_worker_in_one_batch) {
  vireod_process node;
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "sleeper", "parallel", "sleep", "nap").status, 201);
  constexpr size_t naps = 12;
  auto times = when_naps_that_shared_an_execute_ran(api, [&] {
    auto ids = submit_nap_batch(api, naps, 500);
    EXPECT_EQ(ids.size(), naps);
    return ids;
  });
  ASSERT_TRUE(times.has_value()) << "no two invocations shared an execute message in three batch requests";
  // The worker lent idle executors to the batch: all of them still ran at
  // once (a worker has 16 executors).
  EXPECT_LT(times->latest_start, times->earliest_finish);
}

TEST(parallel_contract, lends_executors_to_a_slow_batch_that_started_while_another_waited_for_help) {
  // The pool keeps one help check for all running batches: the second batch
  // starts 100 ms after the first, while the first's check is pending, and
  // is due only after it, so the check must come back for it.
  vireod_process node{{"--set", "worker.batch_help_after_ms=200"}};
  node.start();
  node_api api{node.base_url()};
  ASSERT_EQ(deploy_system(api, "sleeper", "parallel", "sleep", "nap").status, 201);
  constexpr size_t per_batch = 6;
  auto times = when_naps_that_shared_an_execute_ran(api, [&] {
    auto ids = submit_nap_batch(api, per_batch, 1000);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto second = submit_nap_batch(api, per_batch, 1000);
    ids.insert(ids.end(), second.begin(), second.end());
    EXPECT_EQ(ids.size(), 2 * per_batch);
    return ids;
  });
  ASSERT_TRUE(times.has_value()) << "no two invocations shared an execute message in three tries";
  // Unhelped, the second batch's naps would run one after another, the last
  // starting seconds after the first nap ended.
  EXPECT_LT(times->latest_start, times->earliest_finish);
}

TEST(parallel_contract, re_executes_conflicting_invocations_and_loses_no_update) {
  // Each invocation holds its read for 20 ms, so concurrent ones overlap and conflict.
  auto run = run_tally({"--set", "invoker.mvcc_max_retries=100"}, 5, 20);
  ASSERT_EQ(run.receipts.size(), 40u);
  uint64_t retries = 0;
  for (auto& doc : run.receipts) {
    EXPECT_EQ(doc["receipt"]["status"], "committed");
    retries += doc["receipt"]["retries"].get<uint64_t>();
  }
  EXPECT_EQ(run.count, json(40));
  EXPECT_GT(retries, 0u) << "no invocation conflicted, so re-execution was not exercised";
  EXPECT_EQ(run.backlog, 0.0) << "every invocation counted done, however often it re-executed";
}

TEST(parallel_contract, marks_an_invocation_invalid_when_retries_run_out_and_counts_only_applied_updates) {
  auto run = run_tally({"--set", "invoker.mvcc_max_retries=0"}, 1, 50);
  int committed = 0;
  int invalid = 0;
  for (auto& doc : run.receipts) {
    auto status = doc["receipt"]["status"].get<std::string>();
    committed += status == "committed";
    if (status == "invalid") {
      ++invalid;
      EXPECT_NE(doc["receipt"]["reason"].get<std::string>().find("mvcc conflict"), std::string::npos);
      EXPECT_TRUE(doc["output"]["payload"].contains("error"));
    }
  }
  EXPECT_EQ(committed + invalid, 8);
  EXPECT_GT(invalid, 0);
  EXPECT_EQ(run.count, json(committed));
}

}  // namespace
}  // namespace vireo::testing
