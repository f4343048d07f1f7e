// The committer for real: a detached committer actor over a RocksDB ledger
// with a block producer, driven by scoped_actor requests. The same-batch
// cases run on CAF's test coordinator so that both results are certainly in
// one batch.
#include "actors/committer/committer.hpp"

#include <condition_variable>
#include <mutex>

#include <gtest/gtest.h>

#include "support/ids.hpp"
#include "support/json_depth.hpp"
#include "tests/actors/temp_ledger.hpp"

namespace vireo::committer {
namespace {

using testing::actor_system_fixture;
using testing::scheduling;

/// A committer over a temp ledger; writes journaled invocations the way the
/// journal does and records what the receipt listener is told.
template <scheduling Mode>
class committer_harness : public ::testing::Test {
 protected:
  committer_harness()
      : actors_(Mode),
        committer_(actors_.track(actors_.spawn_writer(
            &vireo::committer::committer, &actors_.store(), actors_.blocks(),
            receipt_listener([this](const std::vector<ledger::receipt>& receipts) { heard(receipts); }), 64u))),
        self_(actors_.system()) {}

  ledger::ledger_store& store() { return actors_.store(); }
  caf::actor_system& actors_system() { return actors_.system(); }
  const committer_actor& committer_handle() const { return committer_; }

  /// A journaled invocation of `contract` (its transaction and journal entry, durable).
  ledger::journal_entry journaled(const std::string& contract = "kv") {
    ledger::transaction tx;
    tx.id = new_transaction_id();
    tx.type = contract + "-call";
    tx.timestamp_ms = unix_now_ms();
    ledger::journal_entry entry{++last_sequence_, tx.id, contract, tx.timestamp_ms};
    rocksdb::WriteBatch b;
    store().put_transaction(b, tx);
    store().put_journal(b, entry);
    store().write(b, true);
    return entry;
  }

  static commit_request request_for(const ledger::journal_entry& entry, bus::result result) {
    commit_request r;
    r.entry = entry;
    r.trigger_type = entry.contract + "-call";
    result.invocation_id = entry.invocation_id;
    r.result = std::move(result);
    return r;
  }

  static bus::result writes(std::vector<bus::write_entry> w, std::string output = "{}") {
    bus::result r;
    r.ok = true;
    r.output_json = std::move(output);
    r.writes = std::move(w);
    return r;
  }

  /// Sends every request in one commit_batch and returns the replies, which
  /// must come one per request.
  std::vector<commit_reply> commit_all(std::vector<commit_request> requests) {
    auto sent = requests.size();
    auto pending = self_->request(committer_, caf::infinite, commit_batch{std::move(requests)});
    actors_.run();
    std::vector<commit_reply> replies;
    std::move(pending).receive([&](commit_batch_reply& reply) { replies = std::move(reply.replies); },
                               [&](caf::error& e) { ADD_FAILURE() << actors_.system().render(e); });
    EXPECT_EQ(replies.size(), sent);
    return replies;
  }

  commit_reply commit(commit_request request) {
    std::vector<commit_request> one;
    one.push_back(std::move(request));
    auto replies = commit_all(std::move(one));
    return replies.empty() ? commit_reply{} : replies.front();
  }

  /// Receipts the listener was told about, each with whether the ledger
  /// already held it at that moment. The listener runs after the reply, so
  /// this waits (up to 10 s) until it has heard of at least `expected`.
  std::vector<std::pair<ledger::receipt, bool>> heard_receipts(size_t expected) {
    std::unique_lock<std::mutex> lock{mutex_};
    heard_changed_.wait_for(lock, std::chrono::seconds(10), [&] { return heard_.size() >= expected; });
    return heard_;
  }

  bool journal_holds(uint64_t sequence) {
    for (auto& e : store().load_journal())
      if (e.sequence == sequence)
        return true;
    return false;
  }

 private:
  void heard(const std::vector<ledger::receipt>& receipts) {
    std::lock_guard<std::mutex> guard{mutex_};
    for (auto& r : receipts)
      heard_.emplace_back(r, store().get_receipt(r.invocation_id).has_value());
    heard_changed_.notify_all();
  }

  // Declared before the actors: the listener may still run until they stop.
  std::mutex mutex_;
  std::condition_variable heard_changed_;
  std::vector<std::pair<ledger::receipt, bool>> heard_;
  uint64_t last_sequence_ = 0;
  actor_system_fixture actors_;
  committer_actor committer_;
  caf::scoped_actor self_;
};

using committer = committer_harness<scheduling::threaded>;
using committer_batch = committer_harness<scheduling::stepped>;

TEST_F(committer, applies_state_history_events_output_receipt_and_journal_delete_together) {
  auto entry = journaled("kv");
  auto result = writes({{"count", false, "1"}, {"gone", true, ""}}, R"({"count": 1, "tag": "t1"})");
  result.has_tag = true;
  result.tag = "t1";
  result.events = {{"counted", std::string("\0\1", 2)}, {"second", "x"}};
  ASSERT_TRUE(journal_holds(entry.sequence));

  auto reply = commit(request_for(entry, result));
  ASSERT_EQ(reply.outcome, commit_outcome::committed);
  auto& receipt = reply.receipt;
  EXPECT_EQ(receipt.status, ledger::receipt_status::committed);
  EXPECT_EQ(receipt.invocation_id, entry.invocation_id);
  EXPECT_EQ(receipt.contract, "kv");
  EXPECT_EQ(receipt.journal_sequence, entry.sequence);
  EXPECT_EQ(receipt.retries, 0u);
  EXPECT_GT(receipt.commit_seq, 0u);

  auto count = store().get_state("kv", "count");
  EXPECT_TRUE(count.found);
  EXPECT_EQ(count.value, "1");
  EXPECT_EQ(count.version, receipt.commit_seq);
  auto gone = store().get_state("kv", "gone");
  EXPECT_FALSE(gone.found);
  EXPECT_EQ(gone.version, receipt.commit_seq) << "a delete is a versioned write";
  auto history = store().state_history("kv", "count");
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].invocation_id, entry.invocation_id);
  EXPECT_EQ(history[0].version, receipt.commit_seq);
  ASSERT_EQ(store().state_history("kv", "gone").size(), 1u);
  EXPECT_TRUE(store().state_history("kv", "gone")[0].is_delete);

  auto stored = store().get_receipt(entry.invocation_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->to_json(), receipt.to_json());
  auto output = store().get_transaction(receipt.output_tx_id);
  ASSERT_TRUE(output);
  EXPECT_EQ(output->invoker, entry.invocation_id);
  EXPECT_EQ(output->type, "kv-call");
  EXPECT_EQ(output->tag, "t1");
  EXPECT_EQ(output->payload, nlohmann::json::parse(R"({"count": 1, "tag": "t1"})"));
  auto unsealed = store().unsealed_transactions(100);
  EXPECT_NE(std::find(unsealed.begin(), unsealed.end(), receipt.output_tx_id), unsealed.end());
  auto events = store().events_of(entry.invocation_id, receipt.commit_seq);
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].payload, std::string("\0\1", 2));
  EXPECT_FALSE(journal_holds(entry.sequence)) << "the journal entry goes with the receipt";
  EXPECT_EQ(store().meta_u64("commit_seq"), receipt.commit_seq);

  auto heard = heard_receipts(1);
  ASSERT_EQ(heard.size(), 1u);
  EXPECT_EQ(heard[0].first.invocation_id, entry.invocation_id);
  EXPECT_TRUE(heard[0].second) << "the listener hears of a receipt only once it is in the ledger";
}

TEST_F(committer, stores_a_non_json_output_as_a_string) {
  auto entry = journaled();
  auto reply = commit(request_for(entry, writes({}, "plain text")));
  ASSERT_EQ(reply.outcome, commit_outcome::committed);
  EXPECT_EQ(store().get_transaction(reply.receipt.output_tx_id)->payload, nlohmann::json("plain text"));
}

TEST_F(committer, stores_a_json_output_as_it_came_and_keeps_serving_after_an_output_that_is_not_utf8) {
  auto entry = journaled();
  auto reply = commit(request_for(entry, writes({}, "{\"b\":1,\"a\":[true]}")));
  ASSERT_EQ(reply.outcome, commit_outcome::committed);
  auto stored = store().get_transaction(reply.receipt.output_tx_id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->payload, nlohmann::json::parse(R"({"a": [true], "b": 1})"));

  auto broken = journaled();
  auto broken_reply = commit(request_for(broken, writes({}, "not json \xff\xfe")));
  ASSERT_EQ(broken_reply.outcome, commit_outcome::committed);
  EXPECT_EQ(store().get_transaction(broken_reply.receipt.output_tx_id)->payload,
            nlohmann::json("not json \xef\xbf\xbd\xef\xbf\xbd"));
  bus::result failed;
  failed.error = "function said \xff";
  auto failing = journaled();
  auto failed_reply = commit(request_for(failing, failed));
  ASSERT_EQ(failed_reply.outcome, commit_outcome::committed);
  EXPECT_EQ(failed_reply.receipt.status, ledger::receipt_status::failed);
  EXPECT_EQ(store().get_transaction(failed_reply.receipt.output_tx_id)->payload,
            nlohmann::json({{"error", "function said \xef\xbf\xbd"}}));
  auto next = journaled();
  EXPECT_EQ(commit(request_for(next, writes({{"k", false, "v"}}))).outcome, commit_outcome::committed)
      << "the committer still serves";
}

TEST_F(committer, drops_a_duplicate_result_and_writes_nothing_twice) {
  auto entry = journaled();
  auto first = commit(request_for(entry, writes({{"k", false, "v1"}})));
  ASSERT_EQ(first.outcome, commit_outcome::committed);
  auto seq_after_first = store().meta_u64("commit_seq");
  auto unsealed_after_first = store().unsealed_transactions(1000).size();

  auto again = commit(request_for(entry, writes({{"k", false, "v2"}})));
  EXPECT_EQ(again.outcome, commit_outcome::duplicate);
  EXPECT_EQ(store().get_state("kv", "k").value, "v1");
  EXPECT_EQ(store().get_state("kv", "k").version, first.receipt.commit_seq);
  EXPECT_EQ(store().state_history("kv", "k").size(), 1u);
  EXPECT_EQ(store().get_receipt(entry.invocation_id)->output_tx_id, first.receipt.output_tx_id);
  EXPECT_EQ(store().meta_u64("commit_seq"), seq_after_first);
  EXPECT_EQ(store().unsealed_transactions(1000).size(), unsealed_after_first) << "no second output transaction";
  EXPECT_EQ(heard_receipts(1).size(), 1u) << "the duplicate is not announced";
}

TEST_F(committer, drops_a_duplicate_that_arrives_with_the_original) {
  auto entry = journaled();
  std::vector<commit_request> both;
  both.push_back(request_for(entry, writes({{"k", false, "a"}})));
  both.push_back(request_for(entry, writes({{"k", false, "b"}})));
  auto replies = commit_all(std::move(both));
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].outcome, commit_outcome::committed);
  EXPECT_EQ(replies[1].outcome, commit_outcome::duplicate);
  EXPECT_EQ(store().get_state("kv", "k").value, "a");
  EXPECT_EQ(store().state_history("kv", "k").size(), 1u);
}

TEST_F(committer, answers_a_batch_larger_than_a_write_batch_once_all_of_it_is_durable_in_request_order) {
  constexpr size_t count = 150;  // the harness's write batches hold 64
  std::vector<ledger::journal_entry> entries;
  std::vector<commit_request> requests;
  for (size_t i = 0; i < count; ++i) {
    entries.push_back(journaled());
    requests.push_back(request_for(entries.back(), writes({{"k" + std::to_string(i), false, std::to_string(i)}})));
  }
  auto replies = commit_all(std::move(requests));
  ASSERT_EQ(replies.size(), count);
  for (size_t i = 0; i < count; ++i) {
    ASSERT_EQ(replies[i].outcome, commit_outcome::committed) << i;
    EXPECT_EQ(replies[i].receipt.invocation_id, entries[i].invocation_id) << i;
    EXPECT_TRUE(store().get_receipt(entries[i].invocation_id)) << "answered before request " << i << " was durable";
    EXPECT_EQ(store().get_state("kv", "k" + std::to_string(i)).version, replies[i].receipt.commit_seq) << i;
    if (i > 0) {
      EXPECT_GT(replies[i].receipt.commit_seq, replies[i - 1].receipt.commit_seq) << "applied in request order";
    }
  }
  EXPECT_EQ(heard_receipts(count).size(), count);
}

TEST_F(committer, answers_an_empty_batch_with_no_replies_and_writes_nothing) {
  auto seq = store().meta_u64("commit_seq");
  EXPECT_TRUE(commit_all({}).empty());
  EXPECT_EQ(store().meta_u64("commit_seq"), seq);
  EXPECT_EQ(commit(request_for(journaled(), writes({{"k", false, "v"}}))).outcome, commit_outcome::committed)
      << "the committer still serves";
}

TEST_F(committer, answers_conflict_for_a_stale_read_and_writes_nothing) {
  auto writer = commit(request_for(journaled(), writes({{"x", false, "1"}})));
  ASSERT_EQ(writer.outcome, commit_outcome::committed);
  auto seq = store().meta_u64("commit_seq");

  auto entry = journaled();
  auto stale = request_for(entry, writes({{"y", false, "from stale x"}}));
  stale.result.reads = {{"x", 0}, {"never-written", 0}};
  stale.validate = true;
  auto reply = commit(stale);
  EXPECT_EQ(reply.outcome, commit_outcome::conflict);
  EXPECT_NE(reply.conflict.find("'x'"), std::string::npos) << reply.conflict;
  EXPECT_FALSE(store().get_state("kv", "y").found);
  EXPECT_FALSE(store().get_receipt(entry.invocation_id));
  EXPECT_TRUE(journal_holds(entry.sequence)) << "a conflicting invocation stays journaled for its re-execution";
  EXPECT_EQ(store().meta_u64("commit_seq"), seq);

  // Re-executed against the current version, it commits.
  stale.result.reads = {{"x", writer.receipt.commit_seq}, {"never-written", 0}};
  auto retried = commit(stale);
  ASSERT_EQ(retried.outcome, commit_outcome::committed);
  EXPECT_EQ(store().get_state("kv", "y").value, "from stale x");
}

TEST_F(committer, answers_a_conflict_only_once_the_write_that_made_it_stale_is_in_the_ledger) {
  // Sent together, so the writer usually shares the reader's batch; either
  // way the conflict must not overtake the writer's write, or the reader's
  // re-execution would read the old version and conflict again for nothing.
  auto writer = request_for(journaled(), writes({{"x", false, "1"}}));
  auto reader = request_for(journaled(), writes({{"y", false, "2"}}));
  reader.validate = true;
  reader.result.reads = {{"x", 0}};
  caf::scoped_actor self{actors_system()};
  auto writer_reply = self->request(committer_handle(), caf::infinite, commit_batch::of(std::move(writer)));
  auto reader_reply = self->request(committer_handle(), caf::infinite, commit_batch::of(std::move(reader)));
  std::move(reader_reply)
      .receive(
          [&](commit_batch_reply& reply) {
            ASSERT_EQ(reply.replies.size(), 1u);
            EXPECT_EQ(reply.replies[0].outcome, commit_outcome::conflict);
            EXPECT_TRUE(store().get_state("kv", "x").found) << "answered before the stale-making write";
          },
          [&](caf::error& e) { ADD_FAILURE() << actors_system().render(e); });
  std::move(writer_reply)
      .receive(
          [&](commit_batch_reply& reply) {
            ASSERT_EQ(reply.replies.size(), 1u);
            EXPECT_EQ(reply.replies[0].outcome, commit_outcome::committed);
          },
          [&](caf::error& e) { ADD_FAILURE() << actors_system().render(e); });
}

TEST_F(committer, records_a_stale_final_attempt_as_invalid_with_reason_and_retries) {
  auto writer = commit(request_for(journaled(), writes({{"x", false, "1"}})));
  ASSERT_EQ(writer.outcome, commit_outcome::committed);

  auto entry = journaled();
  auto stale = request_for(entry, writes({{"y", false, "lost?"}}));
  stale.result.reads = {{"x", 0}};
  stale.validate = true;
  stale.final_attempt = true;
  stale.retries = 5;
  auto reply = commit(stale);
  ASSERT_EQ(reply.outcome, commit_outcome::committed);
  auto& receipt = reply.receipt;
  EXPECT_EQ(receipt.status, ledger::receipt_status::invalid);
  EXPECT_EQ(receipt.retries, 5u);
  EXPECT_NE(receipt.reason.find("mvcc conflict after 5 re-executions"), std::string::npos) << receipt.reason;
  EXPECT_NE(receipt.reason.find("'x'"), std::string::npos) << receipt.reason;
  EXPECT_EQ(store().get_receipt(entry.invocation_id)->to_json(), receipt.to_json());
  EXPECT_FALSE(store().get_state("kv", "y").found) << "an invalid invocation writes no state";
  EXPECT_TRUE(store().state_history("kv", "y").empty());
  EXPECT_EQ(store().get_transaction(receipt.output_tx_id)->payload, (nlohmann::json{{"error", receipt.reason}}));
  EXPECT_FALSE(journal_holds(entry.sequence));
}

TEST_F(committer, records_a_failed_result_as_failed_without_state_writes) {
  auto entry = journaled();
  auto result = writes({{"z", false, "must not land"}});
  result.ok = false;
  result.error = "timeout after 2000 ms";
  result.events = {{"never", "x"}};
  auto request = request_for(entry, result);
  request.validate = true;
  request.result.reads = {{"stale-but-irrelevant", 99}};
  auto reply = commit(request);
  ASSERT_EQ(reply.outcome, commit_outcome::committed);
  EXPECT_EQ(reply.receipt.status, ledger::receipt_status::failed);
  EXPECT_EQ(reply.receipt.reason, "timeout after 2000 ms");
  EXPECT_EQ(store().get_transaction(reply.receipt.output_tx_id)->payload,
            (nlohmann::json{{"error", "timeout after 2000 ms"}}));
  EXPECT_FALSE(store().get_state("kv", "z").found);
  EXPECT_TRUE(store().events_of(entry.invocation_id, reply.receipt.commit_seq).empty());
  EXPECT_FALSE(journal_holds(entry.sequence));
}

TEST_F(committer, fails_an_output_nested_too_deep_to_serve_and_writes_none_of_its_state) {
  auto entry = journaled();
  auto nested = std::string(max_json_depth + 1, '[') + std::string(max_json_depth + 1, ']');
  auto result = writes({{"z", false, "must not land"}}, nested);
  result.events = {{"never", "x"}};
  auto reply = commit(request_for(entry, result));
  ASSERT_EQ(reply.outcome, commit_outcome::committed);
  EXPECT_EQ(reply.receipt.status, ledger::receipt_status::failed);
  EXPECT_EQ(reply.receipt.reason, "the contract's output nests deeper than 512 levels");
  EXPECT_EQ(store().get_transaction(reply.receipt.output_tx_id)->payload,
            (nlohmann::json{{"error", reply.receipt.reason}}));
  EXPECT_FALSE(store().get_state("kv", "z").found);
  EXPECT_TRUE(store().events_of(entry.invocation_id, reply.receipt.commit_seq).empty());
  EXPECT_FALSE(journal_holds(entry.sequence));

  auto at_limit = journaled();
  auto deepest = std::string(max_json_depth, '[') + std::string(max_json_depth, ']');
  auto kept = commit(request_for(at_limit, writes({}, deepest)));
  EXPECT_EQ(kept.receipt.status, ledger::receipt_status::committed);
  EXPECT_EQ(store().get_transaction(kept.receipt.output_tx_id)->payload.dump(), deepest);

  auto text = journaled();
  auto brackets = "not json " + std::string(max_json_depth + 1, '[');
  auto as_text = commit(request_for(text, writes({}, brackets)));
  EXPECT_EQ(as_text.receipt.status, ledger::receipt_status::committed) << "text that is not JSON is not nested";
  EXPECT_EQ(store().get_transaction(as_text.receipt.output_tx_id)->payload, nlohmann::json(brackets));
}

TEST_F(committer_batch, detects_a_range_changed_by_an_earlier_write_in_the_same_batch) {
  auto writer = request_for(journaled(), writes({{"r5", false, "new"}}));
  auto reader_entry = journaled();
  auto reader = request_for(reader_entry, writes({{"sum", false, "0"}}));
  reader.validate = true;
  reader.result.ranges = {{"r0", "r9", 100, {}}};  // read empty before r5 was written
  auto outside_entry = journaled();
  auto outside = request_for(outside_entry, writes({{"other", false, "1"}}));
  outside.validate = true;
  outside.result.ranges = {{"s0", "", 100, {}}};  // a range r5 is not in

  std::vector<commit_request> batch;
  batch.push_back(std::move(writer));
  batch.push_back(std::move(reader));
  batch.push_back(std::move(outside));
  auto replies = commit_all(std::move(batch));
  ASSERT_EQ(replies.size(), 3u);
  EXPECT_EQ(replies[0].outcome, commit_outcome::committed);
  EXPECT_EQ(replies[1].outcome, commit_outcome::conflict);
  EXPECT_NE(replies[1].conflict.find("range ['r0', 'r9')"), std::string::npos) << replies[1].conflict;
  EXPECT_EQ(replies[2].outcome, commit_outcome::committed) << replies[2].conflict;
  EXPECT_EQ(replies[0].receipt.commit_seq + 1, replies[2].receipt.commit_seq) << "both in one batch";
  EXPECT_FALSE(store().get_state("kv", "sum").found);
  EXPECT_TRUE(journal_holds(reader_entry.sequence));
}

TEST_F(committer_batch, detects_a_point_read_made_stale_earlier_in_the_same_batch) {
  auto writer = request_for(journaled(), writes({{"x", false, "1"}}));
  auto reader_entry = journaled();
  auto reader = request_for(reader_entry, writes({{"y", false, "2"}}));
  reader.validate = true;
  reader.result.reads = {{"x", 0}};
  std::vector<commit_request> batch;
  batch.push_back(std::move(writer));
  batch.push_back(std::move(reader));
  auto replies = commit_all(std::move(batch));
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].outcome, commit_outcome::committed);
  EXPECT_EQ(replies[1].outcome, commit_outcome::conflict);
  EXPECT_FALSE(store().get_state("kv", "y").found);
}

}  // namespace
}  // namespace vireo::committer
