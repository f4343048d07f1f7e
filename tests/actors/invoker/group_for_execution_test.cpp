// How the parallel scheduler cuts what one journal group commit made durable
// into execute messages (group_for_execution).
#include "actors/invoker/invocation.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace vireo::invoker {
namespace {

invocation make(const std::string& contract, const std::string& id, const std::string& kind = "system",
                uint64_t revision = 1, uint32_t timeout_ms = 1000) {
  ledger::contract_entry entry;
  entry.name = contract;
  entry.kind = kind;
  entry.revision = revision;
  invocation inv;
  inv.contract = std::make_shared<const ledger::contract_entry>(std::move(entry));
  inv.exec_timeout_ms = timeout_ms;
  inv.entry.invocation_id = id;
  return inv;
}

/// The invocation ids of each batch.
std::vector<std::vector<std::string>> ids(const std::vector<std::vector<invocation>>& batches) {
  std::vector<std::vector<std::string>> out;
  for (auto& batch : batches) {
    out.emplace_back();
    for (auto& inv : batch)
      out.back().push_back(inv.entry.invocation_id);
  }
  return out;
}

using batches = std::vector<std::vector<std::string>>;

TEST(group_for_execution, gathers_each_contract_in_order_of_first_appearance) {
  auto grouped = group_for_execution({make("a", "a1"), make("b", "b1"), make("a", "a2"), make("c", "c1"),
                                      make("b", "b2"), make("a", "a3")},
                                     16);
  EXPECT_EQ(ids(grouped), (batches{{"a1", "a2", "a3"}, {"b1", "b2"}, {"c1"}}));
}

TEST(group_for_execution, starts_a_new_batch_when_one_is_full) {
  auto grouped =
      group_for_execution({make("a", "a1"), make("a", "a2"), make("b", "b1"), make("a", "a3"), make("a", "a4")}, 2);
  EXPECT_EQ(ids(grouped), (batches{{"a1", "a2"}, {"b1"}, {"a3", "a4"}}));
}

TEST(group_for_execution, sends_http_functions_one_at_a_time) {
  auto grouped = group_for_execution({make("f", "f1", "http"), make("f", "f2", "http")}, 16);
  EXPECT_EQ(ids(grouped), (batches{{"f1"}, {"f2"}}));
}

TEST(group_for_execution, keeps_revisions_and_timeouts_apart_and_in_order) {
  auto grouped = group_for_execution({make("a", "a1", "system", 1), make("a", "a2", "system", 2),
                                      make("a", "a3", "system", 2), make("a", "a4", "system", 2, 50)},
                                     16);
  EXPECT_EQ(ids(grouped), (batches{{"a1"}, {"a2", "a3"}, {"a4"}}));
}

TEST(group_for_execution, stays_linear_when_thousands_of_contracts_interleave) {
  // Each invocation is compared with one batch's first only; 20000 distinct
  // contracts twice each would take 10^8 comparisons if each scanned the rest.
  std::vector<invocation> ready;
  for (int round = 0; round < 2; ++round)
    for (int c = 0; c < 20000; ++c)
      ready.push_back(make("c" + std::to_string(c), std::to_string(round) + "-" + std::to_string(c)));
  auto grouped = group_for_execution(std::move(ready), 16);
  ASSERT_EQ(grouped.size(), 20000u);
  EXPECT_EQ(ids({grouped[7]}), (batches{{"0-7", "1-7"}}));
}

}  // namespace
}  // namespace vireo::invoker
