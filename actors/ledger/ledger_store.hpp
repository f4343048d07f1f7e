// The ledger: one RocksDB database with a column family per kind of record.
//
//   transactions  id -> transaction JSON
//   receipts      invocation id -> receipt (msgpack, actors/ledger/record_codec.hpp)
//   contracts     name -> registry entry JSON
//   code          code hash (hex) -> module bytes
//   state         contract \0 key -> flags(1) version(8, BE) value   (flags bit 0: deleted)
//   history       contract \0 key \0 version(8, BE) -> history entry (msgpack)
//   events        commit seq(8, BE) index(4, BE) -> event (msgpack)
//   journal       sequence(8, BE) -> journal entry (msgpack)   (invocations without receipt)
//   unsealed      stream(1) position(8, BE) -> transaction id   (durable, not yet in a block)
//   blocks        height(8, BE) -> block JSON
//   meta          name -> value (commit_seq, record_format, ...)
//
// Writers own disjoint parts and build WriteBatches with the put_* helpers:
// the journal actor (transactions, journal, unsealed), the committer (state,
// history, events, receipts, output transactions, journal deletes), the block
// producer (blocks, unsealed deletes), the registry (contracts, code).
// Reads are safe from any thread; write() is safe from any thread (RocksDB
// groups concurrent writers).
//
// Durability: RocksDB numbers every write, and the WAL is one log in that
// order, so one fsync makes every write before it durable. The store keeps
// the sequence number up to which a sync (a sync write or sync_wal()) is
// known to have covered the WAL; a writer that wrote without sync (the
// journal) asks to hear when a later sync covers its write.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

#include "actors/ledger/records.hpp"
#include "services/worker/executor.hpp"

namespace vireo::ledger {

/// A RocksDB failure; what() has RocksDB's status text.
class storage_error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Who wrote an unsealed marker. Each writer numbers its markers with its own
/// increasing position, so the block producer can seek past every marker it
/// has sealed instead of scanning their tombstones.
enum class unsealed_stream : char { journal = 'j', committer = 'c' };

/// One transaction waiting for a block.
struct unsealed_marker {
  unsealed_stream stream = unsealed_stream::journal;
  uint64_t position = 0;
  std::string tx_id;
};

enum class column {
  transactions, receipts, contracts, code, state, history, events, journal, unsealed, blocks, meta,
};

/// Big-endian fixed-width encodings, so keys sort numerically.
std::string encode_u64(uint64_t value);
uint64_t decode_u64(const rocksdb::Slice& bytes);

/// How the ledger bounds what it keeps on disk besides its records
/// (ledger.* in the node's configuration; docs/configuration.md).
struct ledger_limits {
  /// WAL kept at most: past it, RocksDB flushes the column families that hold
  /// data in the oldest WAL file, so that file can go, and a restart replays
  /// at most this much. 0: RocksDB's own limit, four times all memtables.
  uint64_t max_wal_bytes = 0;
  /// Obsolete files (WAL files, tables) are deleted at most this fast, a few
  /// MiB at a time; 0 deletes each at once.
  uint64_t delete_bytes_per_sec = 0;
};

class ledger_store {
 public:
  /// Opens (creating if missing) the ledger under `dir`. Throws storage_error,
  /// also for a ledger whose records an older build wrote in another format.
  static std::unique_ptr<ledger_store> open(const std::string& dir, const ledger_limits& limits = {});
  /// Runs RocksDB's flushes and compactions under SCHED_IDLE, on the CPU the
  /// rest of the process leaves free: they are background work, and under
  /// node.cpu_scheduling = batch nothing else would preempt one that computes
  /// for long (support/cpu_scheduling.hpp). For every ledger of the process
  /// (RocksDB's threads are shared); each thread changes when it next takes
  /// a job. Throws storage_error when RocksDB cannot.
  static void run_background_work_when_idle();
  ~ledger_store();

  ledger_store(const ledger_store&) = delete;
  ledger_store& operator=(const ledger_store&) = delete;

  /// Applies `batch` atomically; `sync` then syncs the WAL (outside RocksDB's
  /// write queue, so other writers go on meanwhile) and returns once the
  /// batch is durable. Throws storage_error.
  void write(rocksdb::WriteBatch& batch, bool sync);
  /// Fsyncs the WAL: every write made so far becomes durable. Throws storage_error.
  void sync_wal();
  /// Runs `sync` (sync_wal() is one), which covers every write before it:
  /// syncing_sequence() while it runs, durable_sequence() once it returns OK.
  /// Throws storage_error, naming `what`, when it fails.
  void run_sync(const std::function<rocksdb::Status()>& sync, const char* what);
  /// The sequence number of the latest write (the WAL holds it, durable or not).
  uint64_t latest_sequence() const { return db_->GetLatestSequenceNumber(); }
  /// Every write numbered up to this is durable.
  uint64_t durable_sequence() const { return durable_sequence_.load(); }
  /// Every write numbered up to this is durable, or will be when the syncs
  /// running now finish (a sync that fails withdraws its claim).
  uint64_t syncing_sequence() const { return syncing_sequence_.load(); }
  /// True when `sequence` is durable already; otherwise the durability
  /// listener is called once, on the syncing thread, when a sync covers it.
  /// One wish at a time: a later call replaces an earlier one.
  bool notify_when_durable(uint64_t sequence);
  /// Who hears of notify_when_durable's wish (the journal); empty: nobody.
  void set_durability_listener(std::function<void()> listener);

  // ---- reads -------------------------------------------------------------
  std::optional<transaction> get_transaction(const std::string& id) const;
  std::optional<receipt> get_receipt(const std::string& invocation_id) const;
  std::optional<contract_entry> get_contract(const std::string& name) const;
  std::vector<contract_entry> list_contracts() const;
  std::optional<std::string> get_code(const std::string& code_hash) const;
  worker::state_value get_state(const std::string& contract, const std::string& key) const;
  std::vector<std::pair<std::string, worker::state_value>> range_state(const std::string& contract,
                                                                       const std::string& start_key,
                                                                       const std::string& end_key,
                                                                       uint32_t limit) const;
  std::vector<worker::state_history_entry> state_history(const std::string& contract,
                                                         const std::string& key) const;
  std::vector<event_record> events_of(const std::string& invocation_id, uint64_t commit_seq) const;
  /// Transactions with ids after `after_id` (empty: from the start) and made in
  /// [from_ms, to_ms), of `type` when not empty, oldest first, at most `limit`;
  /// looks at no more than `max_scanned` records.
  std::vector<transaction> list_transactions(const std::string& after_id, int64_t from_ms, int64_t to_ms,
                                             const std::string& type, size_t limit, size_t max_scanned) const;
  std::optional<block> get_block(uint64_t height) const;
  std::optional<block> get_block_by_hash(const std::string& hash) const;
  /// Up to `limit` blocks from `from_height` upwards.
  std::vector<block> list_blocks(uint64_t from_height, size_t limit) const;
  std::optional<block> latest_block() const;
  /// Every journal entry, in journal order.
  std::vector<journal_entry> load_journal() const;
  /// Up to `limit` markers of `stream` with a position above `after`, in position order.
  std::vector<unsealed_marker> unsealed_after(unsealed_stream stream, uint64_t after, size_t limit) const;
  /// Up to `limit` unsealed transaction ids of both streams (journal first).
  std::vector<std::string> unsealed_transactions(size_t limit) const;
  uint64_t meta_u64(const std::string& name) const;
  /// The highest journal sequence ever used (0 when none).
  uint64_t last_journal_sequence() const;

  // ---- batch builders ----------------------------------------------------
  void put_transaction(rocksdb::WriteBatch& b, const transaction& t) const;
  /// `json` is the transaction's stored form (transaction::to_json_text()).
  void put_transaction(rocksdb::WriteBatch& b, const std::string& id, const std::string& json) const;
  void put_receipt(rocksdb::WriteBatch& b, const receipt& r) const;
  void put_contract(rocksdb::WriteBatch& b, const contract_entry& c) const;
  void delete_contract(rocksdb::WriteBatch& b, const std::string& name) const;
  void put_code(rocksdb::WriteBatch& b, const std::string& code_hash, const std::string& code) const;
  void put_state(rocksdb::WriteBatch& b, const std::string& contract, const std::string& key,
                 const std::optional<std::string>& value, uint64_t version) const;
  void put_history(rocksdb::WriteBatch& b, const std::string& contract, const std::string& key,
                   const worker::state_history_entry& entry) const;
  void put_event(rocksdb::WriteBatch& b, uint32_t index, const event_record& e) const;
  void put_journal(rocksdb::WriteBatch& b, const journal_entry& e) const;
  void delete_journal(rocksdb::WriteBatch& b, uint64_t sequence) const;
  void put_unsealed(rocksdb::WriteBatch& b, const unsealed_marker& marker) const;
  /// Deletes the markers of `stream` at positions first..last (one range
  /// tombstone: a block seals a run of each stream's positions).
  void delete_unsealed(rocksdb::WriteBatch& b, unsealed_stream stream, uint64_t first, uint64_t last) const;
  void put_block(rocksdb::WriteBatch& b, const block& blk) const;
  void put_meta_u64(rocksdb::WriteBatch& b, const std::string& name, uint64_t value) const;

  rocksdb::DB& db() { return *db_; }

 private:
  ledger_store() = default;
  rocksdb::ColumnFamilyHandle* cf(column c) const { return handles_[static_cast<size_t>(c)]; }
  std::optional<std::string> get(column c, const std::string& key) const;
  /// Stamps a new ledger with record_format; refuses one in another format.
  void check_record_format(const std::string& dir);
  /// A sync that started when the latest write was `sequence` has finished.
  void covered_by_sync(uint64_t sequence);

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> handles_;
  std::atomic<uint64_t> durable_sequence_{0};
  std::atomic<uint64_t> syncing_sequence_{0};
  std::atomic<uint64_t> awaited_sequence_{0};  ///< 0: no wish
  std::mutex listener_mutex_;
  std::function<void()> durability_listener_;
};

}  // namespace vireo::ledger
