// The committer's state and spawn function; see committer_actor.hpp.
// Runs detached: every flush blocks in fsync.
#pragma once

#include <memory>
#include <set>
#include <unordered_map>
#include <vector>

#include "actors/block_producer/block_producer_actor.hpp"
#include "actors/committer/committer_actor.hpp"
#include "actors/committer/committer_probe.hpp"
#include "actors/ledger/group_commit_queue.hpp"
#include "actors/ledger/ledger_store.hpp"

namespace vireo::committer {

struct committer_state {
  ledger::ledger_store* store = nullptr;
  block_producer::block_producer_actor blocks;
  receipt_listener listener;
  uint32_t max_batch = 0;
  uint64_t commit_seq = 0;

  /// The replies to one commit_batch, sent when the last is known.
  struct batch_answer {
    std::vector<commit_reply> replies;
    size_t unanswered = 0;
    caf::typed_response_promise<commit_batch_reply> promise;
  };
  struct pending_commit {
    commit_request request;
    std::shared_ptr<batch_answer> answer;
    size_t index = 0;  ///< of the request in its commit_batch

    void reply(commit_reply reply);
  };
  ledger::group_commit_queue<pending_commit> queue;
  committer_probe probe;

  void flush(committer_actor::stateful_pointer<committer_state> self);

 private:
  // Per batch: versions written earlier in the batch, and receipts in it.
  std::unordered_map<std::string, uint64_t> batch_versions_;
  std::set<std::string> batch_receipts_;

  uint64_t current_version(const std::string& contract, const std::string& key) const;
  /// The first stale read of `result` (own or nested), or empty when all are current.
  std::string stale_read(const std::string& contract, const bus::result& result) const;
  std::string stale_in(const std::string& contract, const std::vector<bus::key_version>& reads,
                       const std::vector<bus::range_record>& ranges) const;
  /// Adds `writes` to `contract`'s state and history at version `seq`.
  void stage_writes(rocksdb::WriteBatch& batch, const std::string& contract, const std::vector<bus::write_entry>& writes,
                    const std::string& invocation_id, uint64_t seq, int64_t now_ms);
  /// Adds the effects of one invocation to `batch`; returns its receipt.
  ledger::receipt stage(rocksdb::WriteBatch& batch, const commit_request& request, bool invalid,
                        const std::string& invalid_reason);
};

/// REQUIRES: `store` outlives the actor.
committer_actor::behavior_type committer(committer_actor::stateful_pointer<committer_state> self,
                                         ledger::ledger_store* store, block_producer::block_producer_actor blocks,
                                         receipt_listener listener, uint32_t max_batch);

}  // namespace vireo::committer
