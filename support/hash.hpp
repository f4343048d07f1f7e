// SHA-256 digests and the Merkle root of a block's transactions.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace vireo {

/// SHA-256 of `data` as 32 raw bytes.
std::string sha256_raw(std::string_view data);

/// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

/// Lowercase hex of raw bytes.
std::string to_hex(std::string_view bytes);

/// Merkle root (hex) over `leaves` in order: each leaf is hashed, pairs are
/// concatenated (raw digests) and hashed, an odd last node is paired with
/// itself (Bitcoin's rule). The root of no leaves is the hash of "".
/// `after_each_hash`, when given, is called after every hash (a block of
/// thousands of transactions takes milliseconds: see support/cpu_yield.hpp).
std::string merkle_root_hex(const std::vector<std::string>& leaves,
                            const std::function<void()>& after_each_hash = {});

}  // namespace vireo
