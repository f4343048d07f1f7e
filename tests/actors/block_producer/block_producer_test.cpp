// The block producer for real (detached, RocksDB): it seals the markers a
// previous run left and those its writers report, each exactly once, in
// blocks of at most blocks.max_transactions.
#include "actors/block_producer/block_producer.hpp"

#include <algorithm>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>

#include "tests/actors/temp_ledger.hpp"

namespace vireo::block_producer {
namespace {

using ledger::unsealed_marker;
using ledger::unsealed_stream;

unsealed_marker journal_marker(uint64_t position) {
  return {unsealed_stream::journal, position, "tx-j" + std::to_string(position)};
}

unsealed_marker output_marker(uint64_t position) {
  return {unsealed_stream::committer, position, "tx-c" + std::to_string(position)};
}

class block_producer_test : public ::testing::Test {
 protected:
  ~block_producer_test() override {
    if (blocks_) {
      caf::anon_send_exit(blocks_, caf::exit_reason::user_shutdown);
      blocks_ = nullptr;
      system_.await_all_actors_done();
    }
  }

  void write_markers(const std::vector<unsealed_marker>& markers) {
    rocksdb::WriteBatch batch;
    for (auto& marker : markers)
      ledger_.store().put_unsealed(batch, marker);
    ledger_.write(batch);
  }

  void start(uint32_t interval_ms, uint32_t max_transactions) {
    blocks_ = system_.spawn<caf::detached>(block_producer, &ledger_.store(), interval_ms, max_transactions);
  }

  /// Block `height`, waiting up to 10 s for it.
  std::optional<ledger::block> wait_for_block(uint64_t height) {
    for (int i = 0; i < 1000; ++i) {
      auto latest = ledger_.store().latest_block();
      if (latest && latest->height >= height)
        return ledger_.store().get_block(height);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
  }

  testing::temp_ledger ledger_;
  caf::actor_system_config config_;
  caf::actor_system system_{config_};
  block_producer_actor blocks_;
};

TEST_F(block_producer_test, seals_markers_left_before_its_start_and_reported_ones_exactly_once) {
  write_markers({journal_marker(1), journal_marker(2), journal_marker(3), output_marker(1)});
  start(60000, 6);
  // A writer reports a batch the producer may have read at start already
  // (journal 3), and new ones.
  write_markers({journal_marker(4), output_marker(2)});
  caf::anon_send(blocks_, unsealed_added{{journal_marker(3), journal_marker(4)}});
  caf::anon_send(blocks_, unsealed_added{{output_marker(2)}});

  auto block = wait_for_block(1);
  ASSERT_TRUE(block.has_value()) << "six waiting transactions should seal a block at once";
  std::vector<std::string> expected{"tx-c1", "tx-c2", "tx-j1", "tx-j2", "tx-j3", "tx-j4"};
  EXPECT_EQ(block->transaction_ids, expected);
  EXPECT_TRUE(ledger_.store().unsealed_transactions(100).empty());
}

TEST_F(block_producer_test, seals_at_most_max_transactions_and_the_rest_at_the_next_tick) {
  start(200, 3);
  std::vector<unsealed_marker> batch{journal_marker(1), journal_marker(2), journal_marker(3), journal_marker(4)};
  write_markers(batch);
  write_markers({output_marker(1)});
  caf::anon_send(blocks_, unsealed_added{batch});
  caf::anon_send(blocks_, unsealed_added{{output_marker(1)}});

  auto first = wait_for_block(1);
  auto second = wait_for_block(2);
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->transaction_ids, (std::vector<std::string>{"tx-j1", "tx-j2", "tx-j3"}))
      << "a block takes each stream's markers in position order";
  EXPECT_EQ(second->transaction_ids, (std::vector<std::string>{"tx-c1", "tx-j4"}));
  EXPECT_EQ(second->previous_hash, first->hash);
  EXPECT_TRUE(ledger_.store().unsealed_transactions(100).empty());
}

}  // namespace
}  // namespace vireo::block_producer
