// The open range and history queries of one transaction, served in batches the
// way a Fabric peer does: each QueryResponse carries at most `batch_size`
// records and has_more; QUERY_STATE_NEXT fetches the next batch by query id.
// A paginated range query (QueryMetadata{pageSize, bookmark}) stops after
// pageSize records and ends with QueryResponseMetadata{fetched_records_count,
// bookmark = the first key of the next page, "" when none is left}.
// Every range batch is read through state_access::range (so the read set
// records it for phantom checks). Used by one thread (the invocation's).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "peer/chaincode_shim.pb.h"
#include "services/worker/executor.hpp"

namespace vireo::peer {

class query_iterators {
 public:
  query_iterators(worker::state_access& state, std::string namespace_name, uint32_t batch_size);

  /// Opens a range [start_key, end_key) (end empty: unbounded); page_size 0:
  /// not paginated. Returns the first batch.
  protos::QueryResponse open_range(const std::string& start_key, const std::string& end_key,
                                   int32_t page_size, const std::string& bookmark);
  /// Opens the history of `key`, newest first (Fabric 2.x order).
  protos::QueryResponse open_history(const std::string& key);
  /// The next batch of query `id`; false when no such query is open.
  bool next(const std::string& id, protos::QueryResponse& out);
  /// Closes query `id` (closing an unknown or finished query is fine).
  protos::QueryResponse close(const std::string& id);

 private:
  struct cursor {
    bool is_history = false;
    // range
    std::string next_key, end_key;
    bool paginated = false;
    int32_t page_left = 0;
    int32_t fetched = 0;
    // history, newest first
    std::vector<std::string> records;  // serialized KeyModification
    size_t position = 0;
  };
  protos::QueryResponse advance(const std::string& id, cursor& c);
  protos::QueryResponse advance_range(const std::string& id, cursor& c);
  protos::QueryResponse advance_history(const std::string& id, cursor& c);

  worker::state_access& state_;
  const std::string namespace_;
  const uint32_t batch_size_;
  uint64_t next_id_ = 0;
  std::map<std::string, cursor> open_;
};

/// Keys starting with this prefix hold Vireo's own data (state metadata) and
/// never appear in range results. No fabric-shim key can start with it (0xFF is
/// not valid UTF-8).
extern const std::string reserved_key_prefix;

}  // namespace vireo::peer
