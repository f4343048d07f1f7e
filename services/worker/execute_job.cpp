#include "services/worker/execute_job.hpp"

namespace vireo::worker {

execute_job::execute_job(uint64_t correlation_id, bus::execute body)
    : correlation_id_(correlation_id),
      body_(std::move(body)),
      shareable_(body_.execution == "parallel" && !body_.chained.empty()),
      results_(1 + body_.chained.size()) {}

const std::string& execute_job::invocation_id(size_t index) const {
  return index == 0 ? body_.invocation_id : body_.chained.at(index - 1).invocation_id;
}

const std::string& execute_job::transaction_json(size_t index) const {
  return index == 0 ? body_.transaction_json : body_.chained.at(index - 1).transaction_json;
}

std::optional<size_t> execute_job::claim() {
  std::lock_guard<std::mutex> guard{mutex_};
  if (next_ == results_.size())
    return std::nullopt;
  return next_++;
}

size_t execute_job::unclaimed() const {
  std::lock_guard<std::mutex> guard{mutex_};
  return results_.size() - next_;
}

std::optional<bus::result> execute_job::store(size_t index, bus::result result) {
  std::lock_guard<std::mutex> guard{mutex_};
  results_.at(index) = std::move(result);
  if (++stored_ < results_.size())
    return std::nullopt;
  auto combined = std::move(results_.front());
  for (size_t i = 1; i < results_.size(); ++i)
    combined.chained.push_back(std::move(results_[i]));
  return combined;
}

}  // namespace vireo::worker
