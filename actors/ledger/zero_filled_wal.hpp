// A RocksDB FileSystem that starts each new WAL file of a ledger in a spare
// file already written with zeros and synced, so that the WAL's fsyncs write
// the data alone.
//
// Why: an fdatasync of a file that grows also writes its inode (the new size)
// and the extents of its new blocks, a second synchronous write per sync on
// ext4. Overwriting blocks written before leaves the inode alone. On this
// machine an 8 KB write + fdatasync took 125 µs against 235 µs appending, and
// 52 µs of CPU against 85 µs (docs/benchmarks.md). RocksDB's own way there,
// recycle_log_file_num, is turned off under point-in-time recovery, which the
// ledger needs: a recycled file holds an older log's records.
//
// Recovery reads a zero tail as padding: RocksDB's log reader skips a zero
// record header (type 0, length 0) without reporting a corruption, as it does
// for the preallocated regions of its mmap writer. A crash leaves the records
// written, then zeros, where an appended file ends after the records written.
// A clean close trims the zeros (RocksDB truncates a preallocated WAL).
//
// The spare is one file in the ledger's directory: `wal-spare.filling` while
// written, `wal-spare.zeros` once written and synced, renamed to the WAL's
// name when RocksDB asks for a new WAL. A thread named "wal-filler" writes
// the next spare once the WAL in use has taken `fill_after` bytes: an idle
// ledger (a test, a quiet node) never writes one, a busy one usually has it
// ready before the WAL needs it. A spare left by an earlier run starts the
// next run's first WAL; one half written is removed.
//
// A WAL that appends, because it started empty (no spare was ready, as on a
// new ledger) or has outgrown its spare, is rolled into the spare as soon as
// one is ready: the same thread calls the roll the ledger gave it (a flush of
// a small column family, which starts a new WAL).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include <rocksdb/file_system.h>

namespace vireo::ledger {

/// Where the spare of a ledger under `dir` is once complete, and while written.
inline std::string wal_spare_path(const std::string& dir) { return dir + "/wal-spare.zeros"; }
inline std::string wal_spare_filling_path(const std::string& dir) { return dir + "/wal-spare.filling"; }

/// Keeps one zero-filled spare WAL file ready, and rolls an appending WAL
/// into it; on its own thread.
class wal_spares {
 public:
  /// Spares of `spare_bytes` in `dir`; removes a half-written one left there.
  wal_spares(std::string dir, uint64_t spare_bytes, uint64_t fill_after);
  /// Stops the thread; a spare it was writing stays half written (see above).
  ~wal_spares();

  wal_spares(const wal_spares&) = delete;
  wal_spares& operator=(const wal_spares&) = delete;

  /// How to start a new WAL; empty (the default) rolls nothing. Setting it
  /// waits for a roll under way, so the ledger clears it before it closes.
  void set_roll(std::function<void()> roll);

  /// A new WAL starts: the path of a complete spare, handed over to the
  /// caller (who renames it away), or empty when none is ready.
  std::string take_spare();
  /// The WAL in use has taken `bytes` so far, of which the first
  /// `zeroed_bytes` overwrite zeros. Cheap: called on every append.
  void wal_grew_to(uint64_t bytes, uint64_t zeroed_bytes) {
    if (bytes >= fill_after_ && !fill_due_.load(std::memory_order_relaxed))
      request(fill_due_, fill_wanted_);
    if (bytes > zeroed_bytes && !roll_due_.load(std::memory_order_relaxed))
      request(roll_due_, roll_wanted_);
  }
  uint64_t spare_bytes() const { return spare_bytes_; }

 private:
  std::string filling_path() const { return wal_spare_filling_path(dir_); }
  std::string ready_path() const { return wal_spare_path(dir_); }
  /// Marks `due` (once per WAL for each kind of work) and `wanted`, and
  /// wakes the thread.
  void request(std::atomic<bool>& due, bool& wanted);
  void run();
  /// Writes and syncs one spare; false when stopped or the disk refused.
  bool fill_one();

  const std::string dir_;
  const uint64_t spare_bytes_;
  const uint64_t fill_after_;
  // Reset for each new WAL by take_spare(); set by wal_grew_to().
  std::atomic<bool> fill_due_{false};
  std::atomic<bool> roll_due_{false};
  std::mutex mutex_;  ///< guards the wait and the three flags below
  std::condition_variable wake_;
  bool fill_wanted_ = false;
  bool roll_wanted_ = false;
  bool ready_ = false;  ///< a complete spare is at ready_path()
  std::atomic<bool> stopping_{false};
  std::mutex roll_mutex_;  ///< held while roll_ is called or replaced
  std::function<void()> roll_;
  std::thread thread_;
};

/// The FileSystem of a ledger: `base` for everything but new WAL files.
class zero_filled_wal_fs : public rocksdb::FileSystemWrapper {
 public:
  zero_filled_wal_fs(const std::shared_ptr<rocksdb::FileSystem>& base, std::shared_ptr<wal_spares> spares);

  static const char* kClassName() { return "VireoZeroFilledWal"; }
  const char* Name() const override { return kClassName(); }

  rocksdb::IOStatus NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                    std::unique_ptr<rocksdb::FSWritableFile>* result,
                                    rocksdb::IODebugContext* dbg) override;

 private:
  std::shared_ptr<wal_spares> spares_;
};

}  // namespace vireo::ledger
