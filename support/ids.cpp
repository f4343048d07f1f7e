#include "support/ids.hpp"

#include <chrono>
#include <mutex>
#include <random>

namespace vireo {

int64_t unix_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string new_transaction_id() {
  // One lock per id: ids are made once per submission, far below contention.
  static std::mutex mutex;
  static int64_t last_ms = 0;
  static uint32_t counter = 0;
  static std::mt19937_64 random{std::random_device{}()};
  int64_t ms;
  uint32_t sequence;
  uint64_t noise;
  {
    std::lock_guard<std::mutex> guard{mutex};
    ms = unix_now_ms();
    if (ms <= last_ms) {
      ms = last_ms;
      if (++counter > 0xffff) {  // counter exhausted: borrow the next millisecond
        ++ms;
        counter = 0;
      }
    } else {
      counter = 0;
    }
    last_ms = ms;
    sequence = counter;
    noise = random();
  }
  // 12 hex digits of milliseconds, 4 of sequence, 16 of noise.
  std::string id(32, '0');
  auto write_hex = [&id](size_t end, uint64_t value, int digits) {
    static constexpr char hex_digits[] = "0123456789abcdef";
    for (int i = 1; i <= digits; ++i, value >>= 4)
      id[end - i] = hex_digits[value & 0xf];
  };
  write_hex(12, static_cast<uint64_t>(ms), 12);
  write_hex(16, sequence, 4);
  write_hex(32, noise, 16);
  return id;
}

bool is_transaction_id(const std::string& id) {
  if (id.size() != 32)
    return false;
  for (char c : id)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

int64_t transaction_id_time_ms(const std::string& id) {
  return static_cast<int64_t>(std::stoull(id.substr(0, 12), nullptr, 16));
}

}  // namespace vireo
