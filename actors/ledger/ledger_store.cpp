#include "actors/ledger/ledger_store.hpp"

#include <algorithm>
#include <set>
#include <string_view>
#include <tuple>

#include <rocksdb/options.h>
#include <rocksdb/sst_file_manager.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include "actors/ledger/record_codec.hpp"

namespace vireo::ledger {

using nlohmann::json;

namespace {

const std::vector<std::string> column_names = {
    "transactions", "receipts", "contracts", "code", "state", "history",
    "events",       "journal",  "unsealed",  "blocks", "meta",
};

void check(const rocksdb::Status& status, const char* what) {
  if (!status.ok())
    throw storage_error(std::string(what) + ": " + status.ToString());
}

void raise_to(std::atomic<uint64_t>& value, uint64_t at_least) {
  auto current = value.load();
  while (current < at_least && !value.compare_exchange_weak(current, at_least)) {
  }
}

std::string state_key(const std::string& contract, const std::string& key) {
  std::string out;
  out.reserve(contract.size() + 1 + key.size());
  out.append(contract).push_back('\0');
  out.append(key);
  return out;
}

std::string_view view(const rocksdb::Slice& bytes) {
  return std::string_view(bytes.data(), bytes.size());
}

/// A history entry's stored fields: invocation id, value, deleted, version,
/// commit time (ms).
using history_fields = std::tuple<std::string, std::string, bool, uint64_t, int64_t>;

worker::state_value decode_state(const rocksdb::Slice& bytes) {
  worker::state_value v;
  if (bytes.size() < 9)
    return v;
  v.version = decode_u64(rocksdb::Slice(bytes.data() + 1, 8));
  v.found = (bytes[0] & 1) == 0;
  if (v.found)
    v.value.assign(bytes.data() + 9, bytes.size() - 9);
  return v;
}

}  // namespace

std::string encode_u64(uint64_t value) {
  std::string out(8, '\0');
  for (int i = 7; i >= 0; --i, value >>= 8)
    out[i] = static_cast<char>(value & 0xff);
  return out;
}

uint64_t decode_u64(const rocksdb::Slice& bytes) {
  uint64_t value = 0;
  for (size_t i = 0; i < 8 && i < bytes.size(); ++i)
    value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

void ledger_store::run_background_work_when_idle() {
  for (auto pool : {rocksdb::Env::Priority::HIGH, rocksdb::Env::Priority::LOW})
    check(rocksdb::Env::Default()->LowerThreadPoolCPUPriority(pool, rocksdb::CpuPriority::kIdle),
          "lower the priority of RocksDB's background threads");
}

std::unique_ptr<ledger_store> ledger_store::open(const std::string& dir, const ledger_limits& limits) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.create_missing_column_families = true;
  // Point-in-time recovery keeps a WAL prefix after a crash: a commit is never
  // visible without every commit before it.
  options.wal_recovery_mode = rocksdb::WALRecoveryMode::kPointInTimeRecovery;
  options.IncreaseParallelism(2);
  options.max_background_jobs = 2;
  // RocksDB keeps a WAL file until every column family with data in it has
  // flushed; by default up to four times all memtables together (some 6 GiB
  // here), which a restart replays. A lower limit flushes the small column
  // families early, at a cost in commit latency (docs/benchmarks.md).
  options.max_total_wal_size = limits.max_wal_bytes;
  if (limits.delete_bytes_per_sec > 0) {
    // A deletion frees its blocks at once, and on a file system mounted with
    // `discard` that stalls the fsyncs behind it (unlinking 400 MB held a
    // concurrent fdatasync for 35 ms here); this truncates files a chunk at a
    // time instead, at a bounded rate. The trash may grow far beyond the
    // tables' size (a new ledger's WAL files are most of it), or each large
    // deletion would bypass the rate.
    constexpr double max_trash_to_tables = 1000;
    constexpr uint64_t delete_chunk_bytes = 4 << 20;
    rocksdb::Status status;
    options.sst_file_manager.reset(rocksdb::NewSstFileManager(
        rocksdb::Env::Default(), nullptr, "", static_cast<int64_t>(limits.delete_bytes_per_sec), true, &status,
        max_trash_to_tables, delete_chunk_bytes));
    check(status, "set up the file deletion rate");
  }
  rocksdb::BlockBasedTableOptions table;
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf_options(options);
  cf_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));

  // The committer looks up every invocation's receipt, which is nearly always
  // absent (the duplicate check), and every version it validates: a whole-key
  // bloom filter on the memtable answers those without a skiplist search.
  rocksdb::ColumnFamilyOptions lookup_options(cf_options);
  lookup_options.memtable_prefix_bloom_size_ratio = 0.02;
  lookup_options.memtable_whole_key_filtering = true;

  // Keys that grow with time (transaction and invocation ids, sequences) land
  // next to the previous insert: the memtable keeps that spot as a hint and
  // skips most of the skiplist search. The empty prefix gives each family one
  // hint. Not for families that take range deletions (unsealed): RocksDB 7.8
  // keeps one hint map per memtable for its point and its range-deletion
  // skiplists, and a hint from one corrupts an insert into the other.
  std::shared_ptr<const rocksdb::SliceTransform> one_hint(rocksdb::NewCappedPrefixTransform(0));
  const std::set<std::string> time_ordered = {"transactions", "receipts", "events", "journal"};

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  descriptors.emplace_back(rocksdb::kDefaultColumnFamilyName, cf_options);
  for (auto& name : column_names) {
    auto family = name == "receipts" || name == "state" ? lookup_options : cf_options;
    if (time_ordered.count(name))
      family.memtable_insert_with_hint_prefix_extractor = one_hint;
    descriptors.emplace_back(name, family);
  }

  std::unique_ptr<ledger_store> store{new ledger_store};
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  check(rocksdb::DB::Open(rocksdb::DBOptions(options), dir, descriptors, &handles, &raw), "open ledger");
  store->db_.reset(raw);
  // handles[0] is the default family, unused; drop it so cf() indexes by column.
  store->db_->DestroyColumnFamilyHandle(handles.front());
  store->handles_.assign(handles.begin() + 1, handles.end());
  store->check_record_format(dir);
  return store;
}

void ledger_store::check_record_format(const std::string& dir) {
  auto stored = get(column::meta, "record_format");
  if (stored && decode_u64(*stored) == record_format)
    return;
  // Format 1 kept no record_format key; a ledger that ever journaled has one
  // of these counters.
  if (stored || get(column::meta, "journal_seq") || get(column::meta, "commit_seq"))
    throw storage_error("ledger " + dir + " holds records in format " +
                        (stored ? std::to_string(decode_u64(*stored)) : std::string("1 (JSON)")) +
                        "; this build reads format " + std::to_string(record_format) +
                        ": start the node on an empty data directory");
  rocksdb::WriteBatch batch;
  put_meta_u64(batch, "record_format", record_format);
  write(batch, true);
}

ledger_store::~ledger_store() {
  for (auto* handle : handles_)
    db_->DestroyColumnFamilyHandle(handle);
  if (db_)
    db_->Close();
}

void ledger_store::write(rocksdb::WriteBatch& batch, bool sync) {
  // Written, then synced apart: a sync write holds RocksDB's write queue
  // through its fsync, and with it every other writer's batch (under load
  // most journal batches waited 0.6 ms that way for a commit's fsync), while
  // SyncWAL lets them append meanwhile.
  check(db_->Write(rocksdb::WriteOptions(), &batch), "write batch");
  if (sync)
    sync_wal();
}

void ledger_store::sync_wal() {
  run_sync([&] { return db_->SyncWAL(); }, "sync WAL");
}

void ledger_store::run_sync(const std::function<rocksdb::Status()>& sync, const char* what) {
  // Writes numbered up to `before` are in the WAL ahead of this sync, so its
  // fsync covers them too.
  auto before = latest_sequence();
  raise_to(syncing_sequence_, before);
  auto status = sync();
  if (!status.ok()) {
    // The promise is withdrawn: whoever waits for this sync must now sync
    // (and fail) by itself instead of waiting forever. Claiming too little
    // of another sync still running costs at most one more sync.
    syncing_sequence_.store(durable_sequence_.load());
    check(status, what);
  }
  covered_by_sync(before);
}

void ledger_store::covered_by_sync(uint64_t sequence) {
  raise_to(durable_sequence_, sequence);
  auto awaited = awaited_sequence_.load();
  if (awaited == 0 || awaited > durable_sequence_.load() || !awaited_sequence_.compare_exchange_strong(awaited, 0))
    return;
  std::lock_guard<std::mutex> guard{listener_mutex_};
  if (durability_listener_)
    durability_listener_();
}

bool ledger_store::notify_when_durable(uint64_t sequence) {
  awaited_sequence_.store(sequence);
  if (durable_sequence_.load() < sequence)
    return false;
  // Covered already: withdraw the wish (unless a sync is notifying for it
  // right now, which costs the listener one spurious call).
  awaited_sequence_.compare_exchange_strong(sequence, 0);
  return true;
}

void ledger_store::set_durability_listener(std::function<void()> listener) {
  std::lock_guard<std::mutex> guard{listener_mutex_};
  durability_listener_ = std::move(listener);
}

std::optional<std::string> ledger_store::get(column c, const std::string& key) const {
  std::string value;
  auto status = db_->Get(rocksdb::ReadOptions(), cf(c), key, &value);
  if (status.IsNotFound())
    return std::nullopt;
  check(status, "get");
  return value;
}

std::optional<transaction> ledger_store::get_transaction(const std::string& id) const {
  auto bytes = get(column::transactions, id);
  if (!bytes)
    return std::nullopt;
  return transaction::from_json(json::parse(*bytes));
}

std::optional<receipt> ledger_store::get_receipt(const std::string& invocation_id) const {
  auto bytes = get(column::receipts, invocation_id);
  if (!bytes)
    return std::nullopt;
  return receipt::decode(*bytes);
}

std::optional<contract_entry> ledger_store::get_contract(const std::string& name) const {
  auto bytes = get(column::contracts, name);
  if (!bytes)
    return std::nullopt;
  return contract_entry::from_json(json::parse(*bytes));
}

std::vector<contract_entry> ledger_store::list_contracts() const {
  std::vector<contract_entry> out;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::contracts))};
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out.push_back(contract_entry::from_json(json::parse(it->value().ToString())));
  check(it->status(), "list contracts");
  return out;
}

std::optional<std::string> ledger_store::get_code(const std::string& code_hash) const {
  return get(column::code, code_hash);
}

worker::state_value ledger_store::get_state(const std::string& contract, const std::string& key) const {
  auto bytes = get(column::state, state_key(contract, key));
  if (!bytes)
    return {};
  return decode_state(*bytes);
}

std::vector<std::pair<std::string, worker::state_value>> ledger_store::range_state(
    const std::string& contract, const std::string& start_key, const std::string& end_key,
    uint32_t limit) const {
  std::vector<std::pair<std::string, worker::state_value>> out;
  auto prefix = state_key(contract, "");
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::state))};
  for (it->Seek(prefix + start_key); it->Valid() && out.size() < limit; it->Next()) {
    auto raw = it->key();
    if (!raw.starts_with(prefix))
      break;
    std::string key(raw.data() + prefix.size(), raw.size() - prefix.size());
    if (!end_key.empty() && key >= end_key)
      break;
    auto value = decode_state(it->value());
    if (value.found)
      out.emplace_back(std::move(key), std::move(value));
  }
  check(it->status(), "range state");
  return out;
}

std::vector<worker::state_history_entry> ledger_store::state_history(const std::string& contract,
                                                                     const std::string& key) const {
  std::vector<worker::state_history_entry> out;
  auto prefix = state_key(contract, key);
  prefix.push_back('\0');
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::history))};
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    // A longer key that starts with `key` and a NUL ("k\0z" for "k") shares
    // the prefix; this key's entries are exactly prefix + version(8).
    if (it->key().size() != prefix.size() + 8)
      continue;
    worker::state_history_entry e;
    std::tie(e.invocation_id, e.value, e.is_delete, e.version, e.timestamp_ms) =
        unpack_record<history_fields>(view(it->value()), "history");
    out.push_back(std::move(e));
  }
  check(it->status(), "state history");
  return out;
}

std::vector<event_record> ledger_store::events_of(const std::string& invocation_id, uint64_t commit_seq) const {
  std::vector<event_record> out;
  auto prefix = encode_u64(commit_seq);
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::events))};
  for (it->Seek(prefix); it->Valid() && it->key().starts_with(prefix); it->Next()) {
    auto event = event_record::decode(commit_seq, view(it->value()));
    if (event.invocation_id == invocation_id)
      out.push_back(std::move(event));
  }
  check(it->status(), "events");
  return out;
}

std::vector<transaction> ledger_store::list_transactions(const std::string& after_id, int64_t from_ms, int64_t to_ms,
                                                         const std::string& type, size_t limit,
                                                         size_t max_scanned) const {
  std::vector<transaction> out;
  // Ids start with 12 hex digits of milliseconds (support/ids.hpp).
  char start[17];
  std::snprintf(start, sizeof(start), "%012llx",
                static_cast<unsigned long long>(std::clamp<int64_t>(from_ms, 0, 0xffffffffffffLL)));
  std::string seek = std::max(after_id, std::string(start));
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::transactions))};
  size_t scanned = 0;
  for (it->Seek(seek); it->Valid() && out.size() < limit && scanned < max_scanned; it->Next(), ++scanned) {
    auto id = it->key().ToString();
    if (id == after_id)
      continue;
    if (id.size() >= 12 && static_cast<int64_t>(std::stoull(id.substr(0, 12), nullptr, 16)) >= to_ms)
      break;
    auto tx = transaction::from_json(json::parse(it->value().ToString()));
    if (type.empty() || tx.type == type)
      out.push_back(std::move(tx));
  }
  check(it->status(), "list transactions");
  return out;
}

std::optional<block> ledger_store::get_block_by_hash(const std::string& hash) const {
  auto height = get(column::meta, "block:" + hash);
  if (!height)
    return std::nullopt;
  return get_block(decode_u64(*height));
}

std::vector<block> ledger_store::list_blocks(uint64_t from_height, size_t limit) const {
  std::vector<block> out;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::blocks))};
  for (it->Seek(encode_u64(from_height)); it->Valid() && out.size() < limit; it->Next())
    out.push_back(block::from_json(json::parse(it->value().ToString())));
  check(it->status(), "list blocks");
  return out;
}

std::optional<block> ledger_store::get_block(uint64_t height) const {
  auto bytes = get(column::blocks, encode_u64(height));
  if (!bytes)
    return std::nullopt;
  return block::from_json(json::parse(*bytes));
}

std::optional<block> ledger_store::latest_block() const {
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::blocks))};
  it->SeekToLast();
  if (!it->Valid())
    return std::nullopt;
  return block::from_json(json::parse(it->value().ToString()));
}

std::vector<journal_entry> ledger_store::load_journal() const {
  std::vector<journal_entry> out;
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::journal))};
  for (it->SeekToFirst(); it->Valid(); it->Next())
    out.push_back(journal_entry::decode(decode_u64(it->key()), view(it->value())));
  check(it->status(), "load journal");
  return out;
}

namespace {

std::string unsealed_key(unsealed_stream stream, uint64_t position) {
  return std::string(1, static_cast<char>(stream)) + encode_u64(position);
}

}  // namespace

std::vector<unsealed_marker> ledger_store::unsealed_after(unsealed_stream stream, uint64_t after, size_t limit) const {
  std::vector<unsealed_marker> out;
  auto prefix = std::string(1, static_cast<char>(stream));
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::unsealed))};
  for (it->Seek(unsealed_key(stream, after + 1)); it->Valid() && out.size() < limit && it->key().starts_with(prefix);
       it->Next())
    out.push_back({stream, decode_u64(rocksdb::Slice(it->key().data() + 1, 8)), it->value().ToString()});
  check(it->status(), "unsealed");
  return out;
}

std::vector<std::string> ledger_store::unsealed_transactions(size_t limit) const {
  std::vector<std::string> out;
  for (auto stream : {unsealed_stream::journal, unsealed_stream::committer})
    for (auto& marker : unsealed_after(stream, 0, limit - out.size()))
      out.push_back(std::move(marker.tx_id));
  return out;
}

uint64_t ledger_store::meta_u64(const std::string& name) const {
  auto bytes = get(column::meta, name);
  return bytes ? decode_u64(*bytes) : 0;
}

uint64_t ledger_store::last_journal_sequence() const {
  uint64_t last = meta_u64("journal_seq");
  std::unique_ptr<rocksdb::Iterator> it{db_->NewIterator(rocksdb::ReadOptions(), cf(column::journal))};
  it->SeekToLast();
  if (it->Valid())
    last = std::max(last, decode_u64(it->key()));
  return last;
}

void ledger_store::put_transaction(rocksdb::WriteBatch& b, const transaction& t) const {
  put_transaction(b, t.id, t.to_json_text());
}

void ledger_store::put_transaction(rocksdb::WriteBatch& b, const std::string& id, const std::string& json) const {
  b.Put(cf(column::transactions), id, json);
}

void ledger_store::put_receipt(rocksdb::WriteBatch& b, const receipt& r) const {
  b.Put(cf(column::receipts), r.invocation_id, r.encode());
}

void ledger_store::put_contract(rocksdb::WriteBatch& b, const contract_entry& c) const {
  b.Put(cf(column::contracts), c.name, c.to_json().dump());
}

void ledger_store::delete_contract(rocksdb::WriteBatch& b, const std::string& name) const {
  b.Delete(cf(column::contracts), name);
}

void ledger_store::put_code(rocksdb::WriteBatch& b, const std::string& code_hash, const std::string& code) const {
  b.Put(cf(column::code), code_hash, code);
}

void ledger_store::put_state(rocksdb::WriteBatch& b, const std::string& contract, const std::string& key,
                             const std::optional<std::string>& value, uint64_t version) const {
  std::string bytes;
  bytes.reserve(9 + (value ? value->size() : 0));
  bytes.push_back(value ? '\0' : '\1');
  bytes += encode_u64(version);
  if (value)
    bytes += *value;
  b.Put(cf(column::state), state_key(contract, key), bytes);
}

void ledger_store::put_history(rocksdb::WriteBatch& b, const std::string& contract, const std::string& key,
                               const worker::state_history_entry& e) const {
  auto k = state_key(contract, key);
  k.push_back('\0');
  k += encode_u64(e.version);
  b.Put(cf(column::history), k,
        msgpack_string(history_fields{e.invocation_id, e.value, e.is_delete, e.version, e.timestamp_ms}));
}

void ledger_store::put_event(rocksdb::WriteBatch& b, uint32_t index, const event_record& e) const {
  std::string key = encode_u64(e.commit_seq);
  key += encode_u64(index).substr(4);
  b.Put(cf(column::events), key, e.encode());
}

void ledger_store::put_journal(rocksdb::WriteBatch& b, const journal_entry& e) const {
  b.Put(cf(column::journal), encode_u64(e.sequence), e.encode());
}

void ledger_store::delete_journal(rocksdb::WriteBatch& b, uint64_t sequence) const {
  b.Delete(cf(column::journal), encode_u64(sequence));
}

void ledger_store::put_unsealed(rocksdb::WriteBatch& b, const unsealed_marker& marker) const {
  b.Put(cf(column::unsealed), unsealed_key(marker.stream, marker.position), marker.tx_id);
}

void ledger_store::delete_unsealed(rocksdb::WriteBatch& b, unsealed_stream stream, uint64_t first,
                                   uint64_t last) const {
  b.DeleteRange(cf(column::unsealed), unsealed_key(stream, first), unsealed_key(stream, last + 1));
}

void ledger_store::put_block(rocksdb::WriteBatch& b, const block& blk) const {
  b.Put(cf(column::blocks), encode_u64(blk.height), blk.to_json().dump());
  b.Put(cf(column::meta), "block:" + blk.hash, encode_u64(blk.height));
}

void ledger_store::put_meta_u64(rocksdb::WriteBatch& b, const std::string& name, uint64_t value) const {
  b.Put(cf(column::meta), name, encode_u64(value));
}

}  // namespace vireo::ledger
