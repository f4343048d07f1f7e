#include "actors/ledger/zero_filled_wal.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <vector>

#include <prometheus/counter.h>

#include "support/logging.hpp"
#include "support/metrics.hpp"
#include "support/thread_name.hpp"

namespace vireo::ledger {
namespace {

// Written and written back a MiB at a time: the WAL's fsyncs flush the disk's
// cache, and should never find more than one chunk of a spare ahead of them.
constexpr size_t fill_chunk = 1 << 20;
// At most 32 MiB/s (a 64 MiB spare in two seconds): unpaced, a spare took the
// disk whole for a quarter second and the WAL's fsyncs queued behind it. The
// WAL grows at 16 MB/s at half the node's peak rate on this machine.
constexpr auto fill_chunk_interval = std::chrono::microseconds(31250);

/// RocksDB names a WAL file by its number: 000012.log.
bool is_wal_name(const std::string& path) {
  auto name = path.substr(path.rfind('/') + 1);
  constexpr std::string_view suffix = ".log";
  if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0)
    return false;
  return std::all_of(name.begin(), name.end() - suffix.size(), [](char c) { return c >= '0' && c <= '9'; });
}

prometheus::Counter& wal_files(const char* start) {
  return prometheus::BuildCounter()
      .Name("vireo_ledger_wal_files_total")
      .Help("WAL files the ledger started, by how: in a zero-filled spare, or empty (no spare was ready)")
      .Register(metrics_registry())
      .Add({{"start", start}});
}

/// Counts what RocksDB appends to one WAL, so the spares know when it is
/// busy and when it has outgrown its zeros.
class measured_wal : public rocksdb::FSWritableFileOwnerWrapper {
 public:
  measured_wal(std::unique_ptr<rocksdb::FSWritableFile> file, std::shared_ptr<wal_spares> spares,
               uint64_t zeroed_bytes)
      : FSWritableFileOwnerWrapper(std::move(file)), spares_(std::move(spares)), zeroed_bytes_(zeroed_bytes) {}

  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           rocksdb::IODebugContext* dbg) override {
    spares_->wal_grew_to(appended_ += data.size(), zeroed_bytes_);
    return target()->Append(data, options, dbg);
  }
  rocksdb::IOStatus Append(const rocksdb::Slice& data, const rocksdb::IOOptions& options,
                           const rocksdb::DataVerificationInfo& verification, rocksdb::IODebugContext* dbg) override {
    spares_->wal_grew_to(appended_ += data.size(), zeroed_bytes_);
    return target()->Append(data, options, verification, dbg);
  }

 private:
  std::shared_ptr<wal_spares> spares_;
  const uint64_t zeroed_bytes_;
  uint64_t appended_ = 0;
};

}  // namespace

wal_spares::wal_spares(std::string dir, uint64_t spare_bytes, uint64_t fill_after)
    : dir_(std::move(dir)), spare_bytes_(spare_bytes), fill_after_(fill_after) {
  ::unlink(filling_path().c_str());
  struct stat ready;
  if (::stat(ready_path().c_str(), &ready) == 0) {
    ready_ = static_cast<uint64_t>(ready.st_size) == spare_bytes_;
    if (!ready_)  // written for another size by another build
      ::unlink(ready_path().c_str());
  }
  thread_ = std::thread([this] { run(); });
}

wal_spares::~wal_spares() {
  {
    std::lock_guard<std::mutex> guard{mutex_};
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void wal_spares::set_roll(std::function<void()> roll) {
  std::lock_guard<std::mutex> guard{roll_mutex_};
  roll_ = std::move(roll);
}

std::string wal_spares::take_spare() {
  fill_due_.store(false, std::memory_order_relaxed);
  roll_due_.store(false, std::memory_order_relaxed);
  std::lock_guard<std::mutex> guard{mutex_};
  roll_wanted_ = false;  // the WAL it was for is no longer written
  if (!ready_)
    return {};
  ready_ = false;
  return ready_path();
}

void wal_spares::request(std::atomic<bool>& due, bool& wanted) {
  due.store(true, std::memory_order_relaxed);
  {
    std::lock_guard<std::mutex> guard{mutex_};
    wanted = true;
  }
  wake_.notify_one();
}

void wal_spares::run() {
  name_this_thread("wal-filler");
  std::unique_lock<std::mutex> lock{mutex_};
  for (;;) {
    wake_.wait(lock, [&] { return stopping_ || (fill_wanted_ && !ready_) || (roll_wanted_ && ready_); });
    if (stopping_)
      return;
    if (fill_wanted_ && !ready_) {
      fill_wanted_ = false;
      lock.unlock();
      bool filled = fill_one();
      lock.lock();
      ready_ = filled;
      continue;
    }
    roll_wanted_ = false;
    lock.unlock();
    {
      std::lock_guard<std::mutex> guard{roll_mutex_};
      if (roll_)
        roll_();
    }
    lock.lock();
  }
}

bool wal_spares::fill_one() {
  auto path = filling_path();
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) {
    logger("ledger")->warn("cannot write a WAL spare at {}: {}", path, std::strerror(errno));
    return false;
  }
  std::vector<char> zeros(fill_chunk, 0);
  bool written = true;
  auto next_chunk = std::chrono::steady_clock::now();
  for (uint64_t offset = 0; written && offset < spare_bytes_ && !stopping_; offset += fill_chunk) {
    auto length = static_cast<size_t>(std::min<uint64_t>(fill_chunk, spare_bytes_ - offset));
    written = ::pwrite(fd, zeros.data(), length, static_cast<off_t>(offset)) == static_cast<ssize_t>(length) &&
              ::sync_file_range(fd, static_cast<off_t>(offset), static_cast<off_t>(length),
                                SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER) == 0;
    next_chunk += fill_chunk_interval;
    std::unique_lock<std::mutex> lock{mutex_};
    wake_.wait_until(lock, next_chunk, [&] { return stopping_.load(); });
  }
  // The zeros must be on disk before the name says so: after a power loss,
  // blocks never written back could hold an older file's bytes.
  written = written && !stopping_ && ::fdatasync(fd) == 0;
  if (!written && !stopping_)
    logger("ledger")->warn("cannot write a WAL spare at {}: {}", path, std::strerror(errno));
  ::close(fd);
  if (written && ::rename(path.c_str(), ready_path().c_str()) == 0)
    return true;
  ::unlink(path.c_str());
  return false;
}

zero_filled_wal_fs::zero_filled_wal_fs(const std::shared_ptr<rocksdb::FileSystem>& base,
                                       std::shared_ptr<wal_spares> spares)
    : FileSystemWrapper(base), spares_(std::move(spares)) {}

rocksdb::IOStatus zero_filled_wal_fs::NewWritableFile(const std::string& fname, const rocksdb::FileOptions& options,
                                                      std::unique_ptr<rocksdb::FSWritableFile>* result,
                                                      rocksdb::IODebugContext* dbg) {
  if (!is_wal_name(fname))
    return target()->NewWritableFile(fname, options, result, dbg);
  auto spare = spares_->take_spare();
  if (!spare.empty()) {
    // Reuse opens the spare without truncating it and renames it into place:
    // RocksDB writes from its start, over the zeros.
    auto reused = target()->ReuseWritableFile(fname, spare, options, result, dbg);
    if (!reused.ok()) {
      logger("ledger")->warn("WAL {} cannot take the spare {}: {}", fname, spare, reused.ToString());
      spare.clear();
    }
  }
  if (spare.empty()) {
    auto created = target()->NewWritableFile(fname, options, result, dbg);
    if (!created.ok())
      return created;
  }
  static auto& zero_filled = wal_files("zero_filled");
  static auto& empty = wal_files("empty");
  (spare.empty() ? empty : zero_filled).Increment();
  logger("ledger")->info("WAL {} starts {}", fname,
                         spare.empty() ? "empty (no zero-filled spare ready)" : "in a zero-filled spare");
  *result = std::make_unique<measured_wal>(std::move(*result), spares_, spare.empty() ? 0 : spares_->spare_bytes());
  return rocksdb::IOStatus::OK();
}

}  // namespace vireo::ledger
