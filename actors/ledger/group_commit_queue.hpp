// The writes a single-writer actor (the journal, the committer) has received
// and not yet made durable.
//
// Group commit without a timer: the first item queued asks the actor to send
// itself one flush message; that message lines up behind everything already
// in the mailbox, so one flush takes all of it (up to the batch limit) and
// asks for another flush when some remain.
// REQUIRES: used by its actor only.
#pragma once

#include <iterator>
#include <vector>

namespace vireo::ledger {

template <class Item>
class group_commit_queue {
 public:
  /// Queues `item`; true when the caller must send itself a flush message.
  bool push(Item item) {
    pending_.push_back(std::move(item));
    if (flush_scheduled_)
      return false;
    flush_scheduled_ = true;
    return true;
  }

  /// The next batch, at most `max_batch` items in arrival order; `more` is set
  /// when items remain, and the caller must send itself another flush message.
  std::vector<Item> take(size_t max_batch, bool& more) {
    size_t count = std::min(pending_.size(), max_batch);
    std::vector<Item> batch(std::make_move_iterator(pending_.begin()),
                            std::make_move_iterator(pending_.begin() + count));
    pending_.erase(pending_.begin(), pending_.begin() + count);
    more = flush_scheduled_ = !pending_.empty();
    return batch;
  }

 private:
  std::vector<Item> pending_;
  bool flush_scheduled_ = false;
};

}  // namespace vireo::ledger
