// Transaction ids: unique and time-ordered.
//
// An id is 32 lowercase hex digits: 12 for the Unix time in milliseconds, 4 for
// a counter within that millisecond, 16 random. Byte order is big-endian, so
// ids sort by creation time as strings and as RocksDB keys. Within one process
// ids are strictly increasing even if the wall clock steps back (the last
// timestamp is kept); across restarts they order by wall clock.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace vireo {

/// A fresh transaction id; see the file comment for its shape.
std::string new_transaction_id();

/// The Unix time in milliseconds encoded in an id made by new_transaction_id().
/// REQUIRES: `id` is such an id.
int64_t transaction_id_time_ms(const std::string& id);

/// True when `id` has the shape of a transaction id.
bool is_transaction_id(const std::string& id);

/// Wall clock, Unix milliseconds.
int64_t unix_now_ms();

}  // namespace vireo
