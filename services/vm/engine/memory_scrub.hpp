// Zeroing a contract's linear memory between calls without writing all of it.
// A call usually dirties a few hundred bytes of its 64 KiB page, and writing a
// cache line costs more than reading one: so each block is zeroed only when it
// is not zero already. Where the CPU has no wide loads to make the check cheap
// (reading 64 KiB with 16-byte loads is slower than a memset), all of it is
// zeroed as before.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vireo::vm {

/// The unit scrub_memory checks and zeroes; pages are a multiple of it.
constexpr size_t scrub_block_bytes = 256;

/// Sets every byte of data[0, size) to zero. `always`: one flag per block,
/// true for a block zeroed without checking (the data segments' blocks, which
/// are rewritten anyway). REQUIRES: size is a multiple of scrub_block_bytes and
/// always.size() == size / scrub_block_bytes.
void scrub_memory(uint8_t* data, size_t size, const std::vector<bool>& always);

}  // namespace vireo::vm
