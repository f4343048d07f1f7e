// The journal actor for real: detached over a RocksDB ledger, as in the node.
#include "actors/journal/journal.hpp"

#include <chrono>
#include <future>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "support/ids.hpp"
#include "tests/actors/temp_ledger.hpp"

namespace vireo::journal {
namespace {

using testing::actor_system_fixture;

append_request submission(const std::string& contract) {
  append_request r;
  r.tx.id = new_transaction_id();
  r.tx.type = contract.empty() ? "note" : contract + "-call";
  r.tx.timestamp_ms = unix_now_ms();
  r.tx.payload = {{"n", 1}};
  r.contract = contract;
  return r;
}

class journal_actor_test : public ::testing::Test {
 protected:
  // A small max_batch so that bursts span several batches.
  static constexpr uint32_t max_batch = 8;

  journal_actor_test() { start(); }

  void start(std::chrono::microseconds sync_linger = std::chrono::microseconds(2000)) {
    journal_ = actors_.track(actors_.spawn_writer(&vireo::journal::journal, &actors_.store(), actors_.blocks(),
                                                  journal_settings{max_batch, sync_linger}));
  }
  void restart() {
    journal_ = nullptr;
    actors_.restart();
    start();
  }

  ledger::ledger_store& store() { return actors_.store(); }

  /// Restarts the journal with a linger far beyond any test, so that only
  /// another writer's sync (or a stop) covers its batches; has client()
  /// submit `request` and waits until the journal started it. Returns the
  /// ledger's latest sequence at that point (0 when it was not started).
  uint64_t submit_with_no_sync_due(append_request& request) {
    return submit_with_linger(request, std::chrono::seconds(600));
  }
  /// As submit_with_no_sync_due, with the journal's own sync due after `sync_linger`.
  uint64_t submit_with_linger(append_request& request, std::chrono::microseconds sync_linger) {
    journal_ = nullptr;
    client_.reset();
    actors_.restart();
    start(sync_linger);
    client_ = std::make_unique<caf::scoped_actor>(actors_.system());
    request.written_to = caf::actor_cast<written_sink>(client());
    client()->send(journal_, request);
    uint64_t written_at = 0;
    client()->receive(
        [&](journal_written& written) {
          EXPECT_EQ(written.invocations.size(), 1u);
          written_at = store().latest_sequence();
        },
        caf::after(std::chrono::seconds(30)) >> [&] { ADD_FAILURE() << "the invocation was not started"; });
    return written_at;
  }
  caf::scoped_actor& client() { return *client_; }

  /// A write with fsync by another ledger writer (as the committer's).
  void sync_write_elsewhere() {
    rocksdb::WriteBatch other;
    store().put_meta_u64(other, "elsewhere", 1);
    store().write(other, true);
  }

  /// The journal entries in the ledger by sequence.
  std::map<uint64_t, ledger::journal_entry> journal_by_sequence() {
    std::map<uint64_t, ledger::journal_entry> out;
    for (auto& e : store().load_journal())
      out[e.sequence] = e;
    return out;
  }

  /// Sends every request at once from one actor; returns the acks in order.
  std::vector<append_ack> append_all(const std::vector<append_request>& requests) {
    caf::scoped_actor self{actors_.system()};
    using handle = decltype(self->request(journal_, caf::infinite, requests[0]));
    std::vector<handle> pending;
    for (auto& r : requests)
      pending.push_back(self->request(journal_, caf::infinite, r));
    std::vector<append_ack> acks;
    for (auto& h : pending)
      std::move(h).receive([&](append_ack& ack) { acks.push_back(std::move(ack)); },
                           [&](caf::error& e) { ADD_FAILURE() << actors_.system().render(e); });
    return acks;
  }

  actor_system_fixture actors_;
  journal_actor journal_;
  std::unique_ptr<caf::scoped_actor> client_;  ///< see submit_with_no_sync_due
};

TEST_F(journal_actor_test, gives_appends_strictly_increasing_sequences_in_arrival_order) {
  std::vector<append_request> requests;
  for (int i = 0; i < 100; ++i)
    requests.push_back(submission(i % 3 ? "serial" : "parallel"));
  auto acks = append_all(requests);
  ASSERT_EQ(acks.size(), requests.size());
  for (size_t i = 0; i < acks.size(); ++i) {
    EXPECT_TRUE(acks[i].durable) << acks[i].error;
    EXPECT_EQ(acks[i].entry.sequence, i + 1) << "sequences follow arrival, without gaps";
    EXPECT_EQ(acks[i].entry.invocation_id, requests[i].tx.id);
    EXPECT_EQ(acks[i].entry.contract, requests[i].contract);
    EXPECT_EQ(acks[i].entry.submitted_ms, requests[i].tx.timestamp_ms);
  }
  auto journal = store().load_journal();
  ASSERT_EQ(journal.size(), requests.size());
  for (size_t i = 0; i < journal.size(); ++i)
    EXPECT_EQ(journal[i].invocation_id, requests[i].tx.id) << "journal order is submission order";
  EXPECT_EQ(store().last_journal_sequence(), requests.size());
}

TEST_F(journal_actor_test, acknowledges_only_what_the_ledger_already_holds) {
  // Concurrent submitters; each checks the ledger the moment its ack arrives.
  constexpr int submitters = 4, each = 40;
  std::vector<std::vector<uint64_t>> sequences(submitters);
  std::vector<std::string> failures[submitters];
  std::vector<std::thread> threads;
  for (int t = 0; t < submitters; ++t)
    threads.emplace_back([&, t] {
      caf::scoped_actor self{actors_.system()};
      for (int i = 0; i < each; ++i) {
        auto request = submission("c" + std::to_string(t));
        self->request(journal_, caf::infinite, request)
            .receive(
                [&](append_ack& ack) {
                  auto tx = store().get_transaction(request.tx.id);
                  auto unsealed = store().unsealed_transactions(100000);
                  bool journaled = false;
                  for (auto& e : store().load_journal())
                    journaled |= e.sequence == ack.entry.sequence && e.invocation_id == request.tx.id;
                  if (!ack.durable || !tx || !journaled ||
                      std::find(unsealed.begin(), unsealed.end(), request.tx.id) == unsealed.end())
                    failures[t].push_back(request.tx.id);
                  sequences[t].push_back(ack.entry.sequence);
                },
                [&](caf::error&) { failures[t].push_back(request.tx.id); });
      }
    });
  for (auto& th : threads)
    th.join();
  std::set<uint64_t> all;
  for (int t = 0; t < submitters; ++t) {
    EXPECT_TRUE(failures[t].empty()) << failures[t].size() << " acks came before their record was readable";
    for (size_t i = 1; i < sequences[t].size(); ++i)
      EXPECT_LT(sequences[t][i - 1], sequences[t][i]);
    all.insert(sequences[t].begin(), sequences[t].end());
  }
  EXPECT_EQ(all.size(), size_t{submitters * each});
  EXPECT_EQ(*all.begin(), 1u);
  EXPECT_EQ(*all.rbegin(), uint64_t{submitters * each});
}

TEST_F(journal_actor_test, starts_each_batch_of_invocations_in_journal_order_before_acknowledging_it) {
  caf::scoped_actor self{actors_.system()};
  auto sink = caf::actor_cast<written_sink>(self);
  std::vector<append_request> requests;
  for (int i = 0; i < 30; ++i) {
    requests.push_back(submission(i % 5 ? "parallel" : ""));
    requests.back().written_to = sink;
    self->send(journal_, requests.back());
  }
  std::vector<written_invocation> started;
  size_t messages = 0, acks = 0;
  bool acked_before_started = false;
  std::set<std::string> started_ids;
  while (acks < requests.size()) {
    self->receive(
        [&](journal_written& written) {
          ++messages;
          for (auto& invocation : written.invocations) {
            started_ids.insert(invocation.entry.invocation_id);
            started.push_back(std::move(invocation));
          }
        },
        [&](append_ack& ack) {
          ++acks;
          EXPECT_TRUE(ack.durable) << ack.error;
          if (ack.entry.sequence != 0 && !started_ids.count(ack.entry.invocation_id))
            acked_before_started = true;
        },
        caf::after(std::chrono::seconds(30)) >> [&] { FAIL() << "the journal went quiet"; });
    if (::testing::Test::HasFailure())
      return;
  }
  EXPECT_FALSE(acked_before_started) << "an invocation is started when written, before its ack";
  std::vector<std::string> invocations;
  for (auto& r : requests)
    if (!r.contract.empty())
      invocations.push_back(r.tx.id);
  ASSERT_EQ(started.size(), invocations.size()) << "plain transactions are not started";
  for (size_t i = 0; i < started.size(); ++i) {
    EXPECT_EQ(started[i].entry.sequence, i + 1) << "journal order";
    EXPECT_EQ(started[i].entry.invocation_id, invocations[i]);
    EXPECT_EQ(started[i].trigger_type, "parallel-call");
    auto stored = store().get_transaction(invocations[i]);
    ASSERT_TRUE(stored);
    EXPECT_EQ(started[i].transaction_json, stored->to_json().dump())
        << "the transaction travels with its entry, as stored";
  }
  // Every batch of at most 8 holds an invocation (one request in five is plain).
  EXPECT_GE(messages, (requests.size() + max_batch - 1) / max_batch) << "one message per written batch";
  EXPECT_LE(messages, invocations.size());
}

TEST_F(journal_actor_test, acknowledges_a_written_batch_only_once_another_writers_sync_covers_it) {
  auto request = submission("parallel");
  auto written_at = submit_with_no_sync_due(request);
  ASSERT_NE(written_at, 0u);
  auto& self = client();
  EXPECT_TRUE(store().get_transaction(request.tx.id).has_value()) << "written before it is durable";
  EXPECT_LT(store().durable_sequence(), written_at) << "nothing has synced the write yet";
  self->receive([&](append_ack&) { ADD_FAILURE() << "acknowledged before any fsync covered it"; },
                caf::after(std::chrono::milliseconds(300)) >> [] {});

  sync_write_elsewhere();
  self->receive(
      [&](append_ack& ack) {
        EXPECT_TRUE(ack.durable);
        EXPECT_EQ(ack.entry.invocation_id, request.tx.id);
        EXPECT_GE(store().durable_sequence(), written_at);
      },
      caf::after(std::chrono::seconds(30)) >> [&] { FAIL() << "the other writer's sync did not release the ack"; });
}

/// A sync by another ledger writer that starts now and runs until release():
/// a slow fsync of the committer's, as far as the journal can tell.
class held_sync {
 public:
  held_sync(ledger::ledger_store& store, rocksdb::Status outcome) {
    thread_ = std::thread([&store, outcome, this] {
      try {
        store.run_sync(
            [&] {
              released_.get_future().wait();
              return outcome.ok() ? store.db().SyncWAL() : outcome;
            },
            "held sync");
      } catch (const ledger::storage_error&) {
        failed_ = true;
      }
    });
  }
  ~held_sync() { release(); }
  void release() {
    if (thread_.joinable()) {
      released_.set_value();
      thread_.join();
    }
  }
  bool failed() const { return failed_; }

 private:
  std::promise<void> released_;
  std::thread thread_;
  bool failed_ = false;
};

TEST_F(journal_actor_test, leaves_its_batch_to_a_running_sync_that_covers_it_instead_of_syncing_again) {
  constexpr auto linger = std::chrono::milliseconds(100);
  auto request = submission("parallel");
  auto written_at = submit_with_linger(request, linger);
  ASSERT_NE(written_at, 0u);
  held_sync slow_fsync{store(), rocksdb::Status::OK()};
  while (store().syncing_sequence() < written_at)
    std::this_thread::yield();
  auto& self = client();
  self->receive([&](append_ack&) { ADD_FAILURE() << "the journal synced by itself while a sync covering it ran"; },
                caf::after(linger * 5) >> [] {});
  EXPECT_LT(store().durable_sequence(), written_at);

  slow_fsync.release();
  self->receive(
      [&](append_ack& ack) { EXPECT_TRUE(ack.durable); },
      caf::after(std::chrono::seconds(30)) >> [&] { FAIL() << "the running sync's end did not release the ack"; });
  EXPECT_GE(store().durable_sequence(), written_at);
}

TEST_F(journal_actor_test, syncs_by_itself_when_the_running_sync_it_waited_for_fails) {
  constexpr auto linger = std::chrono::milliseconds(100);
  auto request = submission("parallel");
  auto written_at = submit_with_linger(request, linger);
  ASSERT_NE(written_at, 0u);
  held_sync failing_fsync{store(), rocksdb::Status::IOError("injected: the disk is gone")};
  while (store().syncing_sequence() < written_at)
    std::this_thread::yield();
  failing_fsync.release();
  EXPECT_TRUE(failing_fsync.failed()) << "run_sync reports the failed sync as storage_error";
  EXPECT_LT(store().durable_sequence(), written_at) << "a failed sync covers nothing";
  client()->receive(
      [&](append_ack& ack) {
        EXPECT_TRUE(ack.durable);
        EXPECT_GE(store().durable_sequence(), written_at) << "the journal's own sync covered it";
      },
      caf::after(std::chrono::seconds(30)) >> [&] { FAIL() << "the ack waited forever for a sync that failed"; });
}

TEST_F(journal_actor_test, answers_its_written_batches_when_stopped_cleanly) {
  auto request = submission("parallel");
  auto written_at = submit_with_no_sync_due(request);
  ASSERT_NE(written_at, 0u);
  auto& self = client();
  self->send_exit(journal_, caf::exit_reason::user_shutdown);
  self->receive(
      [&](append_ack& ack) {
        EXPECT_TRUE(ack.durable);
        EXPECT_GE(store().durable_sequence(), written_at) << "its last sync covered the batch";
      },
      [&](caf::error& e) { ADD_FAILURE() << "the batch was left unanswered: " << actors_.system().render(e); },
      caf::after(std::chrono::seconds(30)) >> [&] { FAIL() << "no answer at stop"; });
}

TEST_F(journal_actor_test, syncs_the_wal_itself_when_no_other_writer_syncs_within_the_linger) {
  caf::scoped_actor self{actors_.system()};
  auto request = submission("");
  self->request(journal_, caf::infinite, request)
      .receive(
          [&](append_ack& ack) {
            EXPECT_TRUE(ack.durable);
            EXPECT_GT(store().latest_sequence(), 0u);
            EXPECT_EQ(store().durable_sequence(), store().latest_sequence())
                << "nothing else wrote, so the journal's own sync covered its batch";
          },
          [&](caf::error& e) { FAIL() << actors_.system().render(e); });
}

TEST_F(journal_actor_test, gives_plain_transactions_no_journal_entry) {
  auto acks = append_all({submission(""), submission("serial"), submission("")});
  ASSERT_EQ(acks.size(), 3u);
  EXPECT_TRUE(acks[0].durable);
  EXPECT_EQ(acks[0].entry.sequence, 0u) << "not an invocation";
  EXPECT_EQ(acks[1].entry.sequence, 1u) << "plain transactions use no sequence";
  EXPECT_EQ(acks[2].entry.sequence, 0u);
  auto journal = store().load_journal();
  ASSERT_EQ(journal.size(), 1u);
  EXPECT_EQ(journal[0].contract, "serial");
  EXPECT_EQ(store().unsealed_transactions(10).size(), 3u) << "every transaction waits for a block";
}

TEST_F(journal_actor_test, continues_the_sequence_after_a_restart_even_when_the_journal_is_empty) {
  auto acks = append_all({submission("s"), submission("s"), submission("s")});
  ASSERT_EQ(acks.back().entry.sequence, 3u);
  rocksdb::WriteBatch committed;  // as the committer does for each receipt
  for (auto& ack : acks)
    store().delete_journal(committed, ack.entry.sequence);
  store().write(committed, true);
  restart();
  EXPECT_TRUE(store().load_journal().empty());
  auto after = append_all({submission("s")});
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].entry.sequence, 4u) << "a sequence is never reused";
}

}  // namespace
}  // namespace vireo::journal
