#include "actors/invoker/invocation.hpp"

#include <unordered_map>

namespace vireo::invoker {

prometheus::Histogram& batch_sizes(const std::string& mode) {
  static auto& family = prometheus::BuildHistogram()
                            .Name("vireo_execute_batch_invocations")
                            .Help("Invocations sent to a worker in one execute message, by execution mode")
                            .Register(metrics_registry());
  static const prometheus::Histogram::BucketBoundaries sizes{1, 2, 4, 8, 16, 32, 64};
  static auto& serial = family.Add({{"mode", "serial"}}, sizes);
  static auto& parallel = family.Add({{"mode", "parallel"}}, sizes);
  return mode == "serial" ? serial : parallel;
}

bool can_chain(const invocation& head, const invocation& next) {
  return head.contract->kind != "http" && next.contract->name == head.contract->name &&
         next.contract->revision == head.contract->revision && next.exec_timeout_ms == head.exec_timeout_ms;
}

std::vector<std::vector<invocation>> group_for_execution(std::vector<invocation> ready, size_t batch_max) {
  std::vector<std::vector<invocation>> batches;
  std::unordered_map<std::string, size_t> newest;  // contract name -> index in batches
  for (auto& inv : ready) {
    auto it = newest.find(inv.contract->name);
    if (it != newest.end()) {
      auto& batch = batches[it->second];
      if (batch.size() < batch_max && can_chain(batch.front(), inv)) {
        batch.push_back(std::move(inv));
        continue;
      }
    }
    newest[inv.contract->name] = batches.size();
    batches.emplace_back().push_back(std::move(inv));
  }
  return batches;
}

bus::execute make_execute(const std::vector<invocation>& batch, std::vector<bus::overlay_entry> overlay) {
  auto& head = batch.front();
  bus::execute out;
  out.invocation_id = head.entry.invocation_id;
  out.contract = head.contract->name;
  out.kind = head.contract->kind;
  out.execution = head.contract->execution;
  out.runtime_json = head.contract->runtime.dump();
  out.env = head.contract->env;
  out.exec_timeout_ms = head.exec_timeout_ms;
  out.transaction_json = head.transaction_json;
  out.overlay = std::move(overlay);
  for (size_t i = 1; i < batch.size(); ++i)
    out.chained.push_back({batch[i].entry.invocation_id, batch[i].transaction_json});
  return out;
}

std::vector<bus::result> split_results(const std::vector<invocation>& batch, bus::result answer) {
  std::vector<bus::result> results;
  results.reserve(batch.size());
  auto chained = std::move(answer.chained);
  answer.chained.clear();
  auto error = answer.ok ? "the worker sent no result for this chained invocation" : answer.error;
  // The dispatcher matched the answer to the execute by correlation id.
  answer.invocation_id = batch.front().entry.invocation_id;
  results.push_back(std::move(answer));
  for (size_t i = 1; i < batch.size(); ++i) {
    auto& id = batch[i].entry.invocation_id;
    if (i - 1 < chained.size() && chained[i - 1].invocation_id == id) {
      results.push_back(std::move(chained[i - 1]));
      continue;
    }
    bus::result missing;
    missing.invocation_id = id;
    missing.error = error;
    results.push_back(std::move(missing));
  }
  return results;
}

committer::commit_request invocation::to_commit(bus::result result, int64_t started_ns) const {
  committer::commit_request request;
  request.entry = entry;
  request.trigger_type = trigger_type;
  request.result = std::move(result);
  request.retries = retries;
  request.execute_ns = started_ns;
  return request;
}

committer::commit_batch to_commit(const std::vector<invocation>& batch, std::vector<bus::result> results,
                                  int64_t started_ns) {
  committer::commit_batch commit;
  commit.requests.reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i)
    commit.requests.push_back(batch[i].to_commit(std::move(results[i]), started_ns));
  return commit;
}

}  // namespace vireo::invoker
