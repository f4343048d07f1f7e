// The ledger's WAL files start as zero-filled spares (actors/ledger/zero_filled_wal.hpp):
// a busy ledger writes a spare and rolls its WAL into it, again when the WAL
// outgrows it; the data written over the zeros reads back after a clean
// close and from a crash image; a spare left by an earlier run starts the
// next run's first WAL.
// Real RocksDB on disk; the process kill on a zero-filled WAL is
// tests/chaos/crash_recovery_test.cpp.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <regex>
#include <string>
#include <thread>

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include "actors/ledger/ledger_store.hpp"
#include "actors/ledger/zero_filled_wal.hpp"
#include "support/metrics.hpp"
#include "tests/actors/temp_ledger.hpp"
#include "tests/fixtures/proc_threads.hpp"
#include "tests/fixtures/wal_spare.hpp"

namespace vireo::testing {
namespace {

namespace fs = std::filesystem;

constexpr uint64_t spare_bytes = ledger::ledger_store::default_wal_spare_bytes;
constexpr size_t value_bytes = 8 << 10;

/// The WAL RocksDB writes now: the .log file with the highest number.
fs::path newest_wal(const std::string& dir) {
  fs::path newest;
  for (auto& entry : fs::directory_iterator(dir))
    if (entry.path().extension() == ".log" && (newest.empty() || entry.path().filename() > newest.filename()))
      newest = entry.path();
  return newest;
}

/// Writes `count` synced batches of one `value_bytes` value each, keys
/// `prefix`0.. in the default column family (the ledger's own families
/// are its writers'; the WAL is the same).
void write_values(ledger::ledger_store& store, const std::string& prefix, int count) {
  for (int i = 0; i < count; ++i) {
    rocksdb::WriteBatch batch;
    batch.Put(prefix + std::to_string(i), std::string(value_bytes, static_cast<char>('a' + i % 26)));
    store.write(batch, true);
  }
}

/// How many of the `count` values of write_values(prefix) `store` holds intact.
int values_present(ledger::ledger_store& store, const std::string& prefix, int count) {
  int present = 0;
  for (int i = 0; i < count; ++i) {
    std::string value;
    auto status = store.db().Get(rocksdb::ReadOptions(), prefix + std::to_string(i), &value);
    present += status.ok() && value == std::string(value_bytes, static_cast<char>('a' + i % 26));
  }
  return present;
}

/// The value of vireo_ledger_wal_files_total{start=`start`}, -1 when absent.
double wal_files_started(const std::string& start) {
  std::smatch match;
  auto text = render_metrics();
  std::regex line("vireo_ledger_wal_files_total\\{start=\"" + start + "\"\\} ([0-9.e+]+)");
  return std::regex_search(text, match, line) ? std::stod(match[1]) : -1;
}

/// Waits until RocksDB writes a WAL other than `old_wal` that started in a
/// spare; false if that does not happen in a minute.
bool rolled_into_spare(const std::string& dir, const fs::path& old_wal) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(1);
  auto rolled = [&] {
    auto wal = newest_wal(dir);
    return wal != old_wal && fs::file_size(wal) == spare_bytes;
  };
  while (!rolled() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  return rolled();
}

/// Writes 200 values (1.6 MiB: past the 1 MiB that makes a spare due) to a
/// new ledger, whose first WAL started empty; true once the ledger rolled
/// its WAL into the spare.
bool write_until_rolled_into_spare(temp_ledger& ledger) {
  auto first_wal = newest_wal(ledger.dir());
  write_values(ledger.store(), "busy", 200);
  return rolled_into_spare(ledger.dir(), first_wal);
}

TEST(zero_filled_wal, a_busy_ledger_writes_a_spare_and_rolls_its_wal_into_it) {
  temp_ledger ledger;
  auto& store = ledger.store();
  write_values(store, "quiet", 8);
  EXPECT_FALSE(fs::exists(ledger::wal_spare_filling_path(ledger.dir()))) << "64 KiB in the WAL is not busy yet";
  EXPECT_FALSE(fs::exists(ledger::wal_spare_path(ledger.dir())));
  EXPECT_LT(fs::file_size(newest_wal(ledger.dir())), spare_bytes) << "a new ledger's first WAL starts empty";

  ASSERT_TRUE(write_until_rolled_into_spare(ledger));
  EXPECT_EQ(thread_names(::getpid())["wal-filler"], 1);
  EXPECT_FALSE(fs::exists(ledger::wal_spare_path(ledger.dir()))) << "the WAL took the spare";
  EXPECT_EQ(wal_files_started("empty"), 1);
  EXPECT_EQ(wal_files_started("zero_filled"), 1);

  auto wal = newest_wal(ledger.dir());
  write_values(store, "after", 100);
  EXPECT_EQ(newest_wal(ledger.dir()), wal);
  EXPECT_EQ(fs::file_size(wal), spare_bytes) << "writes went over the zeros, not past the end";
  ledger.reopen();
  EXPECT_EQ(values_present(ledger.store(), "quiet", 8), 8);
  EXPECT_EQ(values_present(ledger.store(), "busy", 200), 200);
  EXPECT_EQ(values_present(ledger.store(), "after", 100), 100);
}

TEST(zero_filled_wal, a_wal_that_outgrows_its_spare_rolls_into_the_next) {
  temp_ledger ledger;
  auto& store = ledger.store();
  ASSERT_TRUE(write_until_rolled_into_spare(ledger));
  auto zero_filled_wal = newest_wal(ledger.dir());

  // 72 MiB, written without sync (the sync at the end covers it): past the
  // spare's 64 MiB. Half goes to the code family, so that no memtable fills
  // its 64 MiB and RocksDB rolls nothing itself. `meta` is written too, as
  // the ledger's writers do, so the roll's flush has something to flush.
  rocksdb::WriteBatch meta;
  store.put_meta_u64(meta, "test_marker", 1);
  store.write(meta, false);
  const std::string mebibyte(1 << 20, 'm');
  for (int i = 0; i < 72; ++i) {
    rocksdb::WriteBatch batch;
    if (i % 2)
      store.put_code(batch, "big" + std::to_string(i), mebibyte);
    else
      batch.Put("big" + std::to_string(i), mebibyte);
    store.write(batch, i == 71);
  }
  ASSERT_TRUE(rolled_into_spare(ledger.dir(), zero_filled_wal));
  EXPECT_EQ(wal_files_started("zero_filled"), 2);
  EXPECT_EQ(wal_files_started("empty"), 1) << "only the first WAL started without a spare";
  ledger.reopen();
  EXPECT_EQ(values_present(ledger.store(), "busy", 200), 200);
  std::string value;
  ASSERT_TRUE(ledger.store().db().Get(rocksdb::ReadOptions(), "big70", &value).ok());
  EXPECT_EQ(value, mebibyte);
  EXPECT_EQ(ledger.store().get_code("big71"), mebibyte);
}

TEST(zero_filled_wal, a_crash_image_of_a_zero_filled_wal_recovers_every_synced_write) {
  temp_ledger ledger;
  auto& store = ledger.store();
  ASSERT_TRUE(write_until_rolled_into_spare(ledger));
  write_values(store, "synced", 100);  // under 1 MiB: no new spare is written meanwhile
  ASSERT_EQ(fs::file_size(newest_wal(ledger.dir())), spare_bytes);

  // The files as a kill -9 leaves them: the WAL's records, then its zeros.
  auto image = ledger.dir() + "-image";
  fs::copy(ledger.dir(), image, fs::copy_options::recursive);
  {
    auto recovered = ledger::ledger_store::open(image);
    EXPECT_EQ(values_present(*recovered, "busy", 200), 200);
    EXPECT_EQ(values_present(*recovered, "synced", 100), 100);
    write_values(*recovered, "later", 10);
    EXPECT_EQ(values_present(*recovered, "later", 10), 10) << "the recovered ledger writes on";
  }
  fs::remove_all(image);
}

TEST(zero_filled_wal, a_spare_left_by_an_earlier_run_starts_the_first_wal_and_a_half_written_one_is_removed) {
  temp_ledger ledger;
  ledger.close();
  write_wal_spare(ledger.dir());
  {
    int fd = ::open(ledger::wal_spare_filling_path(ledger.dir()).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::write(fd, "half", 4), 4);
    ::close(fd);
  }
  ledger.reopen();
  EXPECT_FALSE(fs::exists(ledger::wal_spare_filling_path(ledger.dir())));
  EXPECT_FALSE(fs::exists(ledger::wal_spare_path(ledger.dir()))) << "the first WAL took the spare";
  EXPECT_EQ(fs::file_size(newest_wal(ledger.dir())), spare_bytes);
  write_values(ledger.store(), "first", 20);
  ledger.reopen();
  EXPECT_EQ(values_present(ledger.store(), "first", 20), 20);
}

TEST(zero_filled_wal, a_spare_of_another_size_is_not_used) {
  temp_ledger ledger;
  ledger.close();
  {
    int fd = ::open(ledger::wal_spare_path(ledger.dir()).c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    ASSERT_GE(fd, 0);
    ASSERT_EQ(::ftruncate(fd, 4096), 0);
    ::close(fd);
  }
  ledger.reopen();
  EXPECT_FALSE(fs::exists(ledger::wal_spare_path(ledger.dir())));
  EXPECT_LT(fs::file_size(newest_wal(ledger.dir())), spare_bytes);
}

TEST(zero_filled_wal, a_ledger_opened_without_spares_writes_none) {
  temp_ledger ledger;
  ledger.close();
  auto started_before = wal_files_started("empty");
  auto store = ledger::ledger_store::open(ledger.dir(), 0);
  write_values(*store, "busy", 200);  // 1.6 MiB: a spare would be due
  EXPECT_EQ(values_present(*store, "busy", 200), 200);
  EXPECT_EQ(thread_names(::getpid())["wal-filler"], 0);
  EXPECT_EQ(wal_files_started("empty"), started_before) << "RocksDB's own file system, which counts nothing";
  EXPECT_FALSE(fs::exists(ledger::wal_spare_filling_path(ledger.dir())));
}

}  // namespace
}  // namespace vireo::testing
