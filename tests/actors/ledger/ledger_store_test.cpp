#include "actors/ledger/ledger_store.hpp"

#include <sched.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <set>
#include <thread>

#include "support/ids.hpp"
#include "tests/actors/temp_ledger.hpp"
#include "tests/fixtures/proc_threads.hpp"

namespace vireo::ledger {
namespace {

using testing::temp_ledger;

transaction make_transaction(const std::string& type, nlohmann::json payload = nlohmann::json::object()) {
  transaction t;
  t.id = new_transaction_id();
  t.type = type;
  t.timestamp_ms = unix_now_ms();
  t.payload = std::move(payload);
  return t;
}

void write_state(temp_ledger& ledger, const std::string& contract, const std::string& key,
                 const std::optional<std::string>& value, uint64_t version) {
  rocksdb::WriteBatch b;
  ledger.store().put_state(b, contract, key, value, version);
  ledger.write(b);
}

std::vector<std::string> keys_of(const std::vector<std::pair<std::string, worker::state_value>>& range) {
  std::vector<std::string> keys;
  for (auto& [key, value] : range)
    keys.push_back(key);
  return keys;
}

TEST(ledger_store, keeps_every_kind_of_record_across_reopen) {
  temp_ledger ledger;
  auto tx = make_transaction("pay", {{"amount", 5}, {"to", "bob"}});
  tx.tag = "t1";
  contract_entry contract;
  contract.name = "bank";
  contract.kind = "system";
  contract.execution = "serial";
  contract.triggers = {"pay"};
  contract.runtime = {{"contract", "counter"}};
  receipt r;
  r.invocation_id = tx.id;
  r.contract = "bank";
  r.status = receipt_status::invalid;
  r.reason = "stale";
  r.retries = 2;
  r.commit_seq = 9;
  block blk;
  blk.height = 1;
  blk.transaction_ids = {tx.id};
  blk.merkle_root = "ab";
  blk.hash = blk.compute_hash();
  {
    rocksdb::WriteBatch b;
    auto& s = ledger.store();
    s.put_transaction(b, tx);
    s.put_contract(b, contract);
    s.put_receipt(b, r);
    s.put_code(b, "c0de", std::string("\0asm", 4));
    s.put_state(b, "bank", "balance", std::string("100"), 3);
    s.put_block(b, blk);
    s.put_meta_u64(b, "commit_seq", 9);
    ledger.write(b);
  }
  ledger.reopen();
  auto& s = ledger.store();
  auto got_tx = s.get_transaction(tx.id);
  ASSERT_TRUE(got_tx);
  EXPECT_EQ(got_tx->to_json(), tx.to_json());
  auto got_contract = s.get_contract("bank");
  ASSERT_TRUE(got_contract);
  EXPECT_EQ(got_contract->to_json(), contract.to_json());
  ASSERT_EQ(s.list_contracts().size(), 1u);
  auto got_receipt = s.get_receipt(tx.id);
  ASSERT_TRUE(got_receipt);
  EXPECT_EQ(got_receipt->to_json(), r.to_json());
  EXPECT_EQ(s.get_code("c0de"), std::string("\0asm", 4));
  EXPECT_EQ(s.get_state("bank", "balance").value, "100");
  ASSERT_TRUE(s.latest_block());
  EXPECT_EQ(s.latest_block()->to_json(), blk.to_json());
  EXPECT_EQ(s.meta_u64("commit_seq"), 9u);
  EXPECT_FALSE(s.get_transaction(new_transaction_id()));
  EXPECT_FALSE(s.get_receipt(tx.id + "x"));
  EXPECT_FALSE(s.get_block(2));
}

TEST(ledger_store, keeps_a_version_per_key_and_tombstones_deletes) {
  temp_ledger ledger;
  auto& s = ledger.store();
  auto never = s.get_state("c", "k");
  EXPECT_FALSE(never.found);
  EXPECT_EQ(never.version, 0u);

  write_state(ledger, "c", "k", std::string("one"), 4);
  auto v4 = s.get_state("c", "k");
  EXPECT_TRUE(v4.found);
  EXPECT_EQ(v4.value, "one");
  EXPECT_EQ(v4.version, 4u);

  write_state(ledger, "c", "k", std::nullopt, 7);
  auto deleted = s.get_state("c", "k");
  EXPECT_FALSE(deleted.found);
  EXPECT_EQ(deleted.value, "");
  EXPECT_EQ(deleted.version, 7u) << "a delete keeps its version, so a stale read of it is detectable";

  write_state(ledger, "c", "k", std::string("", 0), 8);
  auto empty = s.get_state("c", "k");
  EXPECT_TRUE(empty.found) << "an empty value is a value";
  EXPECT_EQ(empty.version, 8u);

  std::string binary("\0\1\xff", 3);
  write_state(ledger, "c", binary, binary, 9);
  EXPECT_EQ(s.get_state("c", binary).value, binary);
  EXPECT_FALSE(s.get_state("other", "k").found) << "contracts have separate key spaces";
}

TEST(ledger_store, ranges_respect_bounds_limit_and_skip_deleted_keys) {
  temp_ledger ledger;
  auto& s = ledger.store();
  for (auto key : {"a", "b", "c", "d", "e"})
    write_state(ledger, "c", key, std::string("v") + key, 1);
  write_state(ledger, "c", "c", std::nullopt, 2);
  write_state(ledger, "cc", "a", std::string("other contract"), 1);
  write_state(ledger, "b", "z", std::string("other contract"), 1);

  using keys = std::vector<std::string>;
  EXPECT_EQ(keys_of(s.range_state("c", "", "", 100)), (keys{"a", "b", "d", "e"}));
  EXPECT_EQ(keys_of(s.range_state("c", "b", "e", 100)), (keys{"b", "d"})) << "start inclusive, end exclusive";
  EXPECT_EQ(keys_of(s.range_state("c", "bb", "", 100)), (keys{"d", "e"}));
  EXPECT_EQ(keys_of(s.range_state("c", "", "", 2)), (keys{"a", "b"}));
  EXPECT_EQ(keys_of(s.range_state("c", "b", "", 2)), (keys{"b", "d"})) << "deleted keys do not use up the limit";
  EXPECT_TRUE(s.range_state("c", "f", "", 10).empty());
  EXPECT_TRUE(s.range_state("c", "a", "", 0).empty());
  EXPECT_EQ(keys_of(s.range_state("cc", "", "", 10)), (keys{"a"}));
  auto range = s.range_state("c", "d", "e", 10);
  ASSERT_EQ(range.size(), 1u);
  EXPECT_EQ(range[0].second.value, "vd");
  EXPECT_EQ(range[0].second.version, 1u);
}

TEST(ledger_store, returns_history_oldest_first_and_only_of_that_key) {
  temp_ledger ledger;
  auto& s = ledger.store();
  auto entry = [](const std::string& inv, const std::string& value, bool deleted, uint64_t version) {
    return worker::state_history_entry{inv, value, deleted, version, 1700000000000 + int64_t(version)};
  };
  // Written out of order, and across the 255/256 boundary of the version bytes.
  for (uint64_t version : {300, 2, 256, 17}) {
    rocksdb::WriteBatch b;
    s.put_history(b, "c", "k", entry("inv" + std::to_string(version), "v" + std::to_string(version), false, version));
    ledger.write(b);
  }
  rocksdb::WriteBatch b;
  s.put_history(b, "c", "k", entry("inv301", "", true, 301));
  s.put_history(b, "c", "k2", entry("other", "x", false, 5));
  s.put_history(b, "c", std::string("k\0z", 3), entry("binary", "x", false, 6));
  s.put_history(b, "d", "k", entry("other contract", "x", false, 7));
  ledger.write(b);

  auto history = s.state_history("c", "k");
  ASSERT_EQ(history.size(), 5u);
  std::vector<uint64_t> versions;
  for (auto& h : history)
    versions.push_back(h.version);
  EXPECT_EQ(versions, (std::vector<uint64_t>{2, 17, 256, 300, 301}));
  EXPECT_EQ(history[0].invocation_id, "inv2");
  EXPECT_EQ(history[0].value, "v2");
  EXPECT_EQ(history[0].timestamp_ms, 1700000000002);
  EXPECT_FALSE(history[0].is_delete);
  EXPECT_TRUE(history[4].is_delete);
  EXPECT_EQ(s.state_history("c", std::string("k\0z", 3)).size(), 1u);
  EXPECT_TRUE(s.state_history("c", "nothing").empty());
}

TEST(ledger_store, loads_the_journal_in_sequence_order) {
  temp_ledger ledger;
  auto& s = ledger.store();
  EXPECT_EQ(s.last_journal_sequence(), 0u);
  EXPECT_TRUE(s.load_journal().empty());
  rocksdb::WriteBatch b;
  for (uint64_t seq : {3, 256, 1, 2, 1000})
    s.put_journal(b, journal_entry{seq, "inv" + std::to_string(seq), seq % 2 ? "odd" : "even", int64_t(seq) * 10});
  ledger.write(b);

  auto journal = s.load_journal();
  std::vector<uint64_t> order;
  for (auto& e : journal)
    order.push_back(e.sequence);
  EXPECT_EQ(order, (std::vector<uint64_t>{1, 2, 3, 256, 1000}));
  EXPECT_EQ(journal[3].invocation_id, "inv256");
  EXPECT_EQ(journal[3].contract, "even");
  EXPECT_EQ(journal[3].submitted_ms, 2560);
  EXPECT_EQ(s.last_journal_sequence(), 1000u);

  rocksdb::WriteBatch deletes;
  s.delete_journal(deletes, 1000);
  s.delete_journal(deletes, 256);
  s.put_meta_u64(deletes, "journal_seq", 1000);
  ledger.write(deletes);
  EXPECT_EQ(s.load_journal().size(), 3u);
  EXPECT_EQ(s.last_journal_sequence(), 1000u) << "a sequence is never reused after its entry is deleted";
  ledger.reopen();
  EXPECT_EQ(ledger.store().last_journal_sequence(), 1000u);
}

// The time-ordered families insert from a hint, the spot of the last insert.
// Keys that land far from it, behind or ahead, must still go in key order.
TEST(ledger_store, keeps_journal_order_when_sequences_land_far_from_the_last_insert) {
  temp_ledger ledger;
  auto& s = ledger.store();
  std::vector<uint64_t> arrival;
  for (uint64_t base = 1000; base < 3000; base += 8)
    for (uint64_t offset : {3, 0, 7, 1, 5, 2, 6, 4})
      arrival.push_back(base + offset);
  for (uint64_t seq = 1; seq <= 400; seq += 3)
    arrival.push_back(seq);
  arrival.push_back(1'000'000);
  std::set<uint64_t> expected;
  for (size_t i = 0; i < arrival.size(); i += 50) {
    rocksdb::WriteBatch b;
    for (size_t j = i; j < std::min(arrival.size(), i + 50); ++j) {
      s.put_journal(b, journal_entry{arrival[j], "inv" + std::to_string(arrival[j]), "c", 0});
      expected.insert(arrival[j]);
    }
    ledger.write(b);
  }
  rocksdb::WriteBatch deletes;
  for (uint64_t seq = 1001; seq < 3000; seq += 7) {
    s.delete_journal(deletes, seq);
    expected.erase(seq);
  }
  s.delete_journal(deletes, 1);
  expected.erase(1);
  ledger.write(deletes);

  auto read_order = [](const std::vector<journal_entry>& journal) {
    std::vector<uint64_t> order;
    for (auto& e : journal)
      order.push_back(e.sequence);
    return order;
  };
  std::vector<uint64_t> sorted(expected.begin(), expected.end());
  EXPECT_EQ(read_order(s.load_journal()), sorted);
  ledger.reopen();
  EXPECT_EQ(read_order(ledger.store().load_journal()), sorted) << "replayed from the WAL into a new memtable";
}

TEST(ledger_store, lists_unsealed_markers_of_each_stream_in_position_order_after_a_cursor) {
  temp_ledger ledger;
  auto& s = ledger.store();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i)
    ids.push_back(new_transaction_id());
  rocksdb::WriteBatch b;
  for (uint64_t position = 5; position >= 1; --position)
    s.put_unsealed(b, {ledger::unsealed_stream::journal, position, ids[position - 1]});
  s.put_unsealed(b, {ledger::unsealed_stream::committer, 1, "output-1"});
  ledger.write(b);
  EXPECT_EQ(s.unsealed_transactions(100),
            (std::vector<std::string>{ids[0], ids[1], ids[2], ids[3], ids[4], "output-1"}));
  EXPECT_EQ(s.unsealed_transactions(2), (std::vector<std::string>{ids[0], ids[1]}));
  auto after_two = s.unsealed_after(ledger::unsealed_stream::journal, 2, 100);
  ASSERT_EQ(after_two.size(), 3u);
  EXPECT_EQ(after_two[0].position, 3u);
  EXPECT_EQ(after_two[0].tx_id, ids[2]);
  rocksdb::WriteBatch seal;
  s.delete_unsealed(seal, ledger::unsealed_stream::journal, after_two[0].position, after_two[0].position);
  s.delete_unsealed(seal, ledger::unsealed_stream::committer, 1, 1);
  ledger.write(seal);
  EXPECT_EQ(s.unsealed_transactions(100), (std::vector<std::string>{ids[0], ids[1], ids[3], ids[4]}));
  EXPECT_TRUE(s.unsealed_after(ledger::unsealed_stream::committer, 0, 100).empty());
}

TEST(ledger_store, finds_the_events_of_an_invocation_in_emission_order) {
  temp_ledger ledger;
  auto& s = ledger.store();
  rocksdb::WriteBatch b;
  std::string binary("\0\xfe", 2);
  s.put_event(b, 0, {"inv-a", "c", "first", "1", 7});
  s.put_event(b, 1, {"inv-a", "c", "second", binary, 7});
  s.put_event(b, 256, {"inv-a", "c", "third", "3", 7});
  s.put_event(b, 0, {"inv-b", "c", "other seq", "x", 8});
  s.put_event(b, 0, {"inv-c", "c", "before", "x", 6});
  ledger.write(b);

  auto events = s.events_of("inv-a", 7);
  ASSERT_EQ(events.size(), 3u);
  EXPECT_EQ(events[0].name, "first");
  EXPECT_EQ(events[1].name, "second");
  EXPECT_EQ(events[1].payload, binary);
  EXPECT_EQ(events[2].name, "third");
  EXPECT_EQ(events[0].contract, "c");
  EXPECT_EQ(events[0].commit_seq, 7u);
  EXPECT_EQ(s.events_of("inv-b", 8).size(), 1u);
  EXPECT_TRUE(s.events_of("inv-a", 8).empty()) << "events are found by the receipt's commit sequence";
  EXPECT_TRUE(s.events_of("nobody", 7).empty());
}

TEST(ledger_records, keep_every_receipt_field_and_status_through_their_stored_form) {
  for (auto status : {receipt_status::committed, receipt_status::invalid, receipt_status::failed}) {
    receipt r;
    r.invocation_id = new_transaction_id();
    r.contract = "c\xc3\xa9";
    r.status = status;
    r.reason = std::string("why\0not", 7);
    r.retries = 3;
    r.output_tx_id = new_transaction_id();
    r.commit_seq = UINT64_MAX;
    r.journal_sequence = 42;
    r.submitted_ms = -1;
    r.committed_ms = 1700000000123;
    EXPECT_EQ(receipt::decode(r.encode()).to_json(), r.to_json());
  }
}

TEST(ledger_records, write_a_transaction_with_payload_text_as_to_json_writes_it_with_the_payload_tree) {
  transaction plain{new_transaction_id(), "kv \"quoted\" \xc3\xa9", "", "", 1700000000123, nullptr};
  transaction output{new_transaction_id(), "t", "tag\n1", new_transaction_id(), -5, nullptr};
  for (auto* t : {&plain, &output})
    for (auto payload : {nlohmann::json::parse(R"({"b": [1, 2.5, null], "a": {"x": "\u00e9"}})"),
                         nlohmann::json("text"), nlohmann::json(42), nlohmann::json::array()}) {
      auto with_tree = *t;
      with_tree.payload = payload;
      EXPECT_EQ(t->to_json_text(payload.dump()), with_tree.to_json().dump());
      EXPECT_EQ(with_tree.to_json_text(), with_tree.to_json().dump());
      EXPECT_EQ(transaction::from_json(nlohmann::json::parse(t->to_json_text(payload.dump()))).to_json(),
                with_tree.to_json());
    }
}

TEST(ledger_records, write_every_byte_of_a_transaction_string_as_the_json_writer_does) {
  for (int byte = 0; byte < 256; ++byte) {
    auto text = std::string("a") + static_cast<char>(byte) + "/b";
    transaction t{text, text, text, text, 1, nullptr};
    EXPECT_EQ(t.to_json_text(), to_json_text(t.to_json())) << "byte " << byte;
  }
}

TEST(ledger_records, write_invalid_utf8_in_a_transaction_text_as_replacement_characters) {
  transaction t{"id", "type", "bad \xff tag", "", 1, nullptr};
  auto text = t.to_json_text(to_json_text(nlohmann::json("bad \xfe output")));
  ASSERT_TRUE(nlohmann::json::accept(text)) << text;
  auto read = transaction::from_json(nlohmann::json::parse(text));
  EXPECT_EQ(read.tag, "bad \xef\xbf\xbd tag");
  EXPECT_EQ(read.payload, nlohmann::json("bad \xef\xbf\xbd output"));
  EXPECT_THROW(nlohmann::json("bad \xff").dump(), nlohmann::json::type_error) << "what dump() does instead";
}

TEST(ledger_records, refuse_bytes_that_are_not_their_record) {
  journal_entry entry;
  entry.invocation_id = "inv";
  entry.contract = "c";
  auto expect_corrupt = [](auto decode, const char* what) {
    try {
      decode();
      ADD_FAILURE() << "decoded a corrupt " << what << " record";
    } catch (const storage_error& e) {
      EXPECT_NE(std::string(e.what()).find(std::string("corrupt ") + what + " record"), std::string::npos)
          << e.what();
    }
  };
  // A format-1 (JSON) record, another record's fields, and plain garbage.
  expect_corrupt([] { receipt::decode(R"({"invocation_id":"x","status":"committed"})"); }, "receipt");
  expect_corrupt([&] { receipt::decode(entry.encode()); }, "receipt");
  expect_corrupt([] { journal_entry::decode(1, std::string("\xc1\xff", 2)); }, "journal");
  expect_corrupt([] { event_record::decode(1, ""); }, "event");
  // A damaged count is refused before msgpack-c allocates room for it.
  try {
    journal_entry::decode(1, std::string("\xdd\x01\x00\x00\x00", 5));
    ADD_FAILURE() << "decoded 16M fields from 5 bytes";
  } catch (const storage_error& e) {
    EXPECT_NE(std::string(e.what()).find("size overflow"), std::string::npos) << e.what();
  }
  receipt bad_status;
  auto bytes = bad_status.encode();
  bytes[3] = 7;  // fixarray, two empty strings, then the status byte
  expect_corrupt([&] { receipt::decode(bytes); }, "receipt");
  EXPECT_EQ(journal_entry::decode(5, entry.encode()).invocation_id, "inv");
}

TEST(ledger_store, refuses_a_ledger_whose_records_an_older_build_wrote) {
  temp_ledger ledger;
  ledger.close();
  std::filesystem::remove_all(ledger.dir());
  {
    // What a format-1 node left: counters in meta, no record_format key.
    rocksdb::Options options;
    options.create_if_missing = true;
    options.create_missing_column_families = true;
    std::vector<rocksdb::ColumnFamilyDescriptor> families = {{rocksdb::kDefaultColumnFamilyName, {}}, {"meta", {}}};
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(options, ledger.dir(), families, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db{raw};
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), handles[1], "journal_seq", encode_u64(3)).ok());
    for (auto* handle : handles)
      db->DestroyColumnFamilyHandle(handle);
  }
  try {
    ledger_store::open(ledger.dir());
    FAIL() << "opened a format-1 ledger";
  } catch (const storage_error& e) {
    std::string what = e.what();
    EXPECT_NE(what.find("format 1 (JSON)"), std::string::npos) << what;
    EXPECT_NE(what.find("empty data directory"), std::string::npos) << what;
  }
}

TEST(ledger_store, stamps_a_new_ledger_with_its_record_format_and_checks_it_at_open) {
  temp_ledger ledger;
  EXPECT_EQ(ledger.store().meta_u64("record_format"), 2u);
  {
    rocksdb::WriteBatch b;
    ledger.store().put_meta_u64(b, "commit_seq", 5);
    ledger.write(b);
  }
  ledger.reopen();
  EXPECT_EQ(ledger.store().meta_u64("commit_seq"), 5u);
  {
    rocksdb::WriteBatch b;
    ledger.store().put_meta_u64(b, "record_format", 3);
    ledger.write(b);
  }
  ledger.close();
  EXPECT_THROW(ledger_store::open(ledger.dir()), storage_error);
}

/// Bytes of the files in `dir` whose names end in `suffix`.
uint64_t bytes_of_files(const std::string& dir, const std::string& suffix) {
  uint64_t total = 0;
  for (auto& entry : std::filesystem::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    if (name.size() >= suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0)
      total += entry.file_size();
  }
  return total;
}

TEST(ledger_store, keeps_its_wal_within_the_limit_and_loses_nothing_to_the_flushes_that_takes) {
  constexpr uint64_t max_wal = 4 << 20;
  constexpr int batches = 1200;  // 48 MiB, far below a memtable: only the WAL limit flushes
  for (uint64_t delete_rate : {uint64_t{0}, uint64_t{64} << 20}) {
    SCOPED_TRACE("delete rate " + std::to_string(delete_rate));
    temp_ledger ledger;
    ledger.close();
    auto store = ledger_store::open(ledger.dir(), {max_wal, delete_rate});
    transaction tx;
    tx.type = "filler";
    tx.payload = std::string(4000, 'x');
    for (int i = 0; i < batches; ++i) {
      rocksdb::WriteBatch b;
      for (int j = 0; j < 10; ++j) {
        tx.id = std::to_string(i) + "." + std::to_string(j);
        store->put_transaction(b, tx);
      }
      store->write(b, i + 1 == batches);
    }
    // Obsolete WAL files go after the flushes they wait for, in the background.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (bytes_of_files(ledger.dir(), ".log") > 3 * max_wal && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_LE(bytes_of_files(ledger.dir(), ".log"), 3 * max_wal) << "some 48 MiB written";
    store.reset();
    store = ledger_store::open(ledger.dir(), {max_wal, delete_rate});
    for (int i = 0; i < batches; i += 97) {
      auto stored = store->get_transaction(std::to_string(i) + ".9");
      ASSERT_TRUE(stored) << i;
      EXPECT_EQ(stored->payload, tx.payload) << i;
    }
    EXPECT_TRUE(store->get_transaction(std::to_string(batches - 1) + ".0"));
  }
}

TEST(ledger_store, encodes_integers_so_keys_sort_numerically) {
  EXPECT_LT(encode_u64(255), encode_u64(256));
  EXPECT_LT(encode_u64(1), encode_u64(UINT64_MAX));
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{256}, uint64_t{0x0102030405060708}, UINT64_MAX})
    EXPECT_EQ(decode_u64(encode_u64(v)), v);
}

TEST(ledger_store, counts_a_write_durable_once_a_later_sync_covers_it_and_tells_the_listener_once) {
  temp_ledger ledger;
  auto& store = ledger.store();
  int told = 0;
  store.set_durability_listener([&told] { ++told; });
  rocksdb::WriteBatch unsynced;
  store.put_meta_u64(unsynced, "a", 1);
  store.write(unsynced, false);
  auto written = store.latest_sequence();
  EXPECT_LT(store.durable_sequence(), written) << "a write without sync is not durable";
  EXPECT_FALSE(store.notify_when_durable(written));

  rocksdb::WriteBatch synced;
  store.put_meta_u64(synced, "b", 2);
  store.write(synced, true);
  EXPECT_GE(store.durable_sequence(), written) << "the WAL's fsync covers the earlier write";
  EXPECT_EQ(store.durable_sequence(), store.latest_sequence()) << "and the sync write itself";
  EXPECT_EQ(told, 1);
  store.write(synced, true);
  EXPECT_EQ(told, 1) << "one wish, one call";

  rocksdb::WriteBatch later;
  store.put_meta_u64(later, "c", 3);
  store.write(later, false);
  EXPECT_FALSE(store.notify_when_durable(store.latest_sequence()));
  store.sync_wal();
  EXPECT_EQ(store.durable_sequence(), store.latest_sequence());
  EXPECT_EQ(told, 2);
  EXPECT_TRUE(store.notify_when_durable(store.latest_sequence())) << "covered already: no wish is left";
  store.sync_wal();
  EXPECT_EQ(told, 2);
  store.set_durability_listener({});
}

TEST(ledger_store, runs_flushes_and_compactions_at_idle_priority_once_asked) {
  ledger_store::run_background_work_when_idle();
  temp_ledger ledger;
  auto& db = ledger.store().db();
  // Two flushed files (RocksDB's high-priority threads), then one
  // compaction of them (its low-priority threads).
  for (auto key : {"a", "b"}) {
    ASSERT_TRUE(db.Put(rocksdb::WriteOptions(), key, "value").ok());
    ASSERT_TRUE(db.Flush(rocksdb::FlushOptions()).ok());
  }
  rocksdb::CompactRangeOptions compact;
  compact.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  ASSERT_TRUE(db.CompactRange(compact, nullptr, nullptr).ok());

  std::map<std::string, int> idle;
  for (auto& [name, policy] : testing::thread_policies(getpid()))
    if (policy == SCHED_IDLE)
      ++idle[name];
  EXPECT_GE(idle["rocksdb:high"], 1) << "the flushes' thread";
  EXPECT_GE(idle["rocksdb:low"], 1) << "the compaction's thread";
  EXPECT_EQ(idle.size(), 2u) << "nothing else";
}

}  // namespace
}  // namespace vireo::ledger
