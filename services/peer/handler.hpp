// The peer side of one chaincode stream (either direction of dialing): the
// Created -> Established -> Ready state machine and the routing of the
// chaincode's messages to the transactions in flight.
//
// Handshake: the chaincode must open with REGISTER{ChaincodeID}; the handler
// answers REGISTERED then READY and publishes itself through hooks::on_ready.
// Anything else before that, and any message type a chaincode never sends
// (REGISTER twice, REGISTERED, READY, INIT, TRANSACTION, RESPONSE, unknown
// numbers), is a protocol violation: a log line saying why, ERROR to the
// chaincode, and the stream is closed (failing what is in flight on it).
//
// Once ready, messages of a transaction (talk-backs, COMPLETED, ERROR) go to its
// tx_mailbox, keyed by (channel_id, txid): many transactions run at once on one
// stream. A talk-back for a transaction not in flight gets ERROR (the stream
// stays); a late COMPLETED/ERROR (after a timeout) is logged and dropped.
// KEEPALIVE from the chaincode is ignored.
//
// A write that fails means the stream is gone, often before the reader sees
// it end: the handler then stops taking new transactions at once (`lost`),
// so none is routed to a dead stream (a chaincode killed mid-transaction and
// being restarted); the reader's on_stream_closed still fails what is in
// flight and calls hooks::on_closed.
//
// Threading: on_message/on_stream_closed come from the stream's one reader
// thread; everything else may be called from any thread.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "peer/chaincode_shim.pb.h"
#include "services/peer/message_sink.hpp"
#include "services/peer/tx_mailbox.hpp"

namespace vireo::peer {

class handler : public std::enable_shared_from_this<handler> {
 public:
  /// lost: a write failed, the reader has not reported the end yet.
  enum class state { created, established, ready, lost, closed };

  struct hooks {
    /// The handler became ready. Return empty to accept it, or the reason to
    /// refuse it (e.g. a live chaincode already registered under that id), which
    /// closes the stream.
    std::function<std::string(const std::shared_ptr<handler>&)> on_ready;
    /// The stream ended; called once, after in-flight transactions were failed.
    std::function<void(const std::shared_ptr<handler>&)> on_closed;
  };

  /// `remote` names the other end in log lines (gRPC peer string or address).
  handler(std::shared_ptr<message_sink> sink, hooks hooks, std::string remote);

  /// One message from the chaincode. REQUIRES: the stream's reader thread.
  void on_message(const protos::ChaincodeMessage& msg);
  /// The stream ended (`reason` says how). REQUIRES: the reader thread, once.
  void on_stream_closed(const std::string& reason);

  /// Opens the mailbox of a new transaction. Null (and `why`) when the handler
  /// is not ready or the (channel, txid) is already in flight.
  std::shared_ptr<tx_mailbox> open_transaction(const std::string& channel_id, const std::string& txid,
                                               std::string& why);
  /// Forgets a transaction; later messages for it are treated as late.
  void close_transaction(const std::string& channel_id, const std::string& txid);
  /// Writes a message to the chaincode; false when the stream is gone, which
  /// leaves a ready handler `lost`.
  bool send(const protos::ChaincodeMessage& msg);
  /// Closes the stream from our side (log line, ERROR to the chaincode first).
  void shut_down(const std::string& reason);

  state current_state() const;
  /// The ChaincodeID.name it registered with; empty before REGISTER.
  std::string chaincode_id() const;
  const std::string& remote() const { return remote_; }
  size_t in_flight() const;

 private:
  void on_register(const protos::ChaincodeMessage& msg);
  void route(const protos::ChaincodeMessage& msg);
  void violation(const protos::ChaincodeMessage& msg, const std::string& why);
  void reply_error(const protos::ChaincodeMessage& to, const std::string& text);
  std::string prefix() const;

  const std::shared_ptr<message_sink> sink_;
  const hooks hooks_;
  const std::string remote_;
  mutable std::mutex mu_;
  state state_ = state::created;
  std::string chaincode_id_;
  std::map<std::string, std::shared_ptr<tx_mailbox>> transactions_;
};

/// The name of a message type ("GET_STATE", "99" for unknown numbers).
std::string type_name(int type);

/// An ERROR message carrying `text`, echoing the txid and channel of `to`.
protos::ChaincodeMessage error_reply(const protos::ChaincodeMessage& to, const std::string& text);

}  // namespace vireo::peer
