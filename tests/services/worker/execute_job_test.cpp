// An execute message as a job shared by executors: who may share it, that
// every invocation is taken exactly once, and that the message's result
// comes out once, in order, however the invocations finish.
#include "services/worker/execute_job.hpp"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

namespace vireo::worker {
namespace {

bus::execute message(const std::string& execution, size_t chained) {
  bus::execute body;
  body.invocation_id = "inv-0";
  body.transaction_json = "{\"n\":0}";
  body.execution = execution;
  for (size_t i = 1; i <= chained; ++i)
    body.chained.push_back({"inv-" + std::to_string(i), "{\"n\":" + std::to_string(i) + "}"});
  return body;
}

bus::result result_of(const execute_job& job, size_t index) {
  bus::result r;
  r.invocation_id = job.invocation_id(index);
  r.ok = true;
  r.output_json = job.transaction_json(index);
  return r;
}

TEST(execute_job, is_shared_only_for_chained_invocations_of_a_parallel_contract) {
  EXPECT_TRUE(execute_job(1, message("parallel", 3)).shareable());
  EXPECT_FALSE(execute_job(1, message("parallel", 0)).shareable());
  EXPECT_FALSE(execute_job(1, message("serial", 3)).shareable()) << "serial invocations must see each other's writes";
}

TEST(execute_job, hands_out_each_invocation_once_in_order) {
  execute_job job{7, message("parallel", 2)};
  EXPECT_EQ(job.correlation_id(), 7u);
  EXPECT_EQ(job.unclaimed(), 3u);
  EXPECT_EQ(job.claim(), std::optional<size_t>(0));
  EXPECT_EQ(job.claim(), std::optional<size_t>(1));
  EXPECT_EQ(job.unclaimed(), 1u);
  EXPECT_EQ(job.claim(), std::optional<size_t>(2));
  EXPECT_EQ(job.claim(), std::nullopt);
  EXPECT_EQ(job.unclaimed(), 0u);
  EXPECT_EQ(job.invocation_id(2), "inv-2");
  EXPECT_EQ(job.transaction_json(0), "{\"n\":0}");
}

TEST(execute_job, gives_the_message_result_with_the_last_store_in_message_order) {
  execute_job job{1, message("parallel", 2)};
  for (size_t i = 0; i < 3; ++i)
    job.claim();
  EXPECT_FALSE(job.store(2, result_of(job, 2)).has_value());
  EXPECT_FALSE(job.store(0, result_of(job, 0)).has_value());
  auto combined = job.store(1, result_of(job, 1));
  ASSERT_TRUE(combined.has_value());
  EXPECT_EQ(combined->invocation_id, "inv-0");
  ASSERT_EQ(combined->chained.size(), 2u);
  EXPECT_EQ(combined->chained[0].invocation_id, "inv-1");
  EXPECT_EQ(combined->chained[1].invocation_id, "inv-2");
  EXPECT_EQ(combined->chained[1].output_json, "{\"n\":2}");
}

TEST(execute_job, lets_concurrent_executors_take_every_invocation_exactly_once) {
  constexpr size_t invocations = 5000;
  execute_job job{1, message("parallel", invocations - 1)};
  std::vector<std::atomic<int>> taken(invocations);
  std::atomic<int> completions{0};
  std::optional<bus::result> combined;
  std::vector<std::thread> executors;
  for (int t = 0; t < 4; ++t)
    executors.emplace_back([&] {
      while (auto index = job.claim()) {
        ++taken[*index];
        if (auto done = job.store(*index, result_of(job, *index))) {
          ++completions;
          combined = std::move(done);
        }
      }
    });
  for (auto& executor : executors)
    executor.join();
  for (size_t i = 0; i < invocations; ++i)
    ASSERT_EQ(taken[i].load(), 1) << "invocation " << i;
  EXPECT_EQ(completions.load(), 1);
  ASSERT_TRUE(combined.has_value());
  ASSERT_EQ(combined->chained.size(), invocations - 1);
  for (size_t i = 1; i < invocations; ++i)
    ASSERT_EQ(combined->chained[i - 1].invocation_id, "inv-" + std::to_string(i));
}

}  // namespace
}  // namespace vireo::worker
