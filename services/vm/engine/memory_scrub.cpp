#include "services/vm/engine/memory_scrub.hpp"

#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace vireo::vm {
namespace {

#if defined(__x86_64__)
__attribute__((target("avx2"))) void scrub_avx2(uint8_t* data, size_t size, const std::vector<bool>& always) {
  for (size_t block = 0; block * scrub_block_bytes < size; ++block) {
    uint8_t* at = data + block * scrub_block_bytes;
    if (!always[block]) {
      __m256i bits = _mm256_setzero_si256();
      for (size_t i = 0; i < scrub_block_bytes; i += sizeof(__m256i)) {
        bits = _mm256_or_si256(bits, _mm256_loadu_si256(reinterpret_cast<const __m256i*>(at + i)));
      }
      if (_mm256_testz_si256(bits, bits)) continue;
    }
    std::memset(at, 0, scrub_block_bytes);
  }
}

const bool has_avx2 = __builtin_cpu_supports("avx2");
#endif

}  // namespace

void scrub_memory(uint8_t* data, size_t size, const std::vector<bool>& always) {
#if defined(__x86_64__)
  if (has_avx2) return scrub_avx2(data, size, always);
#endif
  (void)always;
  std::memset(data, 0, size);
}

}  // namespace vireo::vm
