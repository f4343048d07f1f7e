// Serves a transaction's talk-backs from the contract's state with Fabric's
// simulation semantics: reads return committed values and land in the read set
// (state_access does both), writes are buffered, there is no read-your-writes.
//
// GET_STATE, PUT_STATE, DEL_STATE, GET_STATE_BY_RANGE + QUERY_STATE_NEXT/CLOSE,
// GET_HISTORY_FOR_KEY, GET/PUT_STATE_METADATA are served. GET_QUERY_RESULT
// (rich queries) and private data (a non-empty collection, GET_PRIVATE_DATA_HASH,
// PURGE_PRIVATE_DATA) get an ERROR saying they are not supported; the chaincode
// sees an exception and decides. A payload that does not parse gets an ERROR
// and fails the transaction (abort_reason). INVOKE_CHAINCODE is not served here
// (see transaction_runner). One instance per transaction; one thread.
#pragma once

#include <string>

#include "peer/chaincode_shim.pb.h"
#include "services/peer/query_iterators.hpp"
#include "services/worker/executor.hpp"

namespace vireo::peer {

struct talkback_reply {
  protos::ChaincodeMessage message;  ///< RESPONSE or ERROR, echoing txid and channel
  std::string abort_reason;          ///< non-empty: fail the transaction with it
};

class talkback_server {
 public:
  /// `namespace_name` fills queryresult.KV.namespace (the chaincode name).
  talkback_server(worker::state_access& state, std::string namespace_name, uint32_t batch_size);

  /// Serves one talk-back. REQUIRES: msg is a talk-back type other than INVOKE_CHAINCODE.
  talkback_reply serve(const protos::ChaincodeMessage& msg);

  /// The state key holding the metadata of `key`.
  static std::string metadata_key(const std::string& key);

 private:
  std::string get_state(const std::string& payload);
  std::string put_state(const std::string& payload);
  std::string del_state(const std::string& payload);
  std::string get_state_by_range(const std::string& payload);
  std::string query_state_next(const std::string& payload);
  std::string query_state_close(const std::string& payload);
  std::string get_history_for_key(const std::string& payload);
  std::string get_state_metadata(const std::string& payload);
  std::string put_state_metadata(const std::string& payload);

  worker::state_access& state_;
  query_iterators queries_;
};

}  // namespace vireo::peer
