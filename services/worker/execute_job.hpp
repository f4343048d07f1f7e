// One execute message on its way through a worker's executors.
//
// A serial contract's message (and any single invocation) runs start to end
// on one executor: its chained invocations see each other's writes, in
// order. The chained invocations of a parallel contract are independent: the
// executor the pool gives the job to runs them one after another (cheap when
// they are quick: one thread, no hand-offs), and when the job is still
// running after worker.batch_help_after_ms the pool lends it idle executors,
// each claiming one more invocation, so slow invocations overlap as if they
// had come one by one. Whoever stores the last result gets the message's
// result to send.
//
// Thread-safe: claim(), unclaimed() and store() are called from the pool and
// from several executor threads; the rest is immutable after construction.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "proto-msgs/bus/messages.hpp"

namespace vireo::worker {

class execute_job {
 public:
  execute_job(uint64_t correlation_id, bus::execute body);

  uint64_t correlation_id() const { return correlation_id_; }
  const bus::execute& body() const { return body_; }
  /// Whether several executors may run its invocations at once.
  bool shareable() const { return shareable_; }

  /// The invocation id and transaction of invocation `index` (0: the head).
  const std::string& invocation_id(size_t index) const;
  const std::string& transaction_json(size_t index) const;

  /// The index of the next invocation nobody has taken, if any.
  std::optional<size_t> claim();
  /// How many invocations nobody has taken yet.
  size_t unclaimed() const;
  /// Keeps invocation `index`'s result; returns the message's result (the
  /// head's, with the others as its chained results) once all are stored.
  std::optional<bus::result> store(size_t index, bus::result result);

 private:
  const uint64_t correlation_id_;
  const bus::execute body_;
  const bool shareable_;
  mutable std::mutex mutex_;
  size_t next_ = 0;
  size_t stored_ = 0;
  std::vector<bus::result> results_;
};

}  // namespace vireo::worker
