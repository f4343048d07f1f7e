#include "support/ids.hpp"

#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace vireo {
namespace {

TEST(transaction_ids, strictly_increase_within_a_process) {
  constexpr int count = 100000;
  std::string previous = new_transaction_id();
  for (int i = 0; i < count; ++i) {
    auto id = new_transaction_id();
    ASSERT_LT(previous, id) << "id " << i << " does not sort after the one before";
    previous = std::move(id);
  }
}

TEST(transaction_ids, are_unique_across_threads) {
  constexpr int threads = 4, per_thread = 20000;
  std::vector<std::vector<std::string>> made(threads);
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&made, t] {
      for (int i = 0; i < per_thread; ++i)
        made[t].push_back(new_transaction_id());
    });
  for (auto& th : pool)
    th.join();
  std::set<std::string> all;
  for (auto& ids : made) {
    for (size_t i = 1; i < ids.size(); ++i)
      ASSERT_LT(ids[i - 1], ids[i]) << "ids of one thread increase";
    all.insert(ids.begin(), ids.end());
  }
  EXPECT_EQ(all.size(), size_t{threads * per_thread});
}

TEST(transaction_ids, have_the_documented_shape) {
  auto id = new_transaction_id();
  EXPECT_EQ(id.size(), 32u);
  EXPECT_TRUE(is_transaction_id(id)) << id;
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  EXPECT_FALSE(is_transaction_id(""));
  EXPECT_FALSE(is_transaction_id(id.substr(1)));
  EXPECT_FALSE(is_transaction_id(id + "0"));
  auto upper = id;
  upper[0] = 'A';
  upper[31] = 'F';
  EXPECT_FALSE(is_transaction_id(upper));
  auto other = id;
  other[5] = 'g';
  EXPECT_FALSE(is_transaction_id(other));
}

TEST(transaction_ids, carry_their_creation_time) {
  auto before = unix_now_ms();
  auto id = new_transaction_id();
  auto after = unix_now_ms();
  auto at = transaction_id_time_ms(id);
  EXPECT_GE(at, before - 1) << id;
  EXPECT_LE(at, after + 1) << id;
  EXPECT_EQ(transaction_id_time_ms("0000000003e8" "0000" "0123456789abcdef"), 1000);
  EXPECT_EQ(transaction_id_time_ms("018bf0a3c000" "ffff" "0000000000000000"), 0x018bf0a3c000LL);
}

}  // namespace
}  // namespace vireo
