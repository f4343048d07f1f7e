#include "actors/invoker/scheduler_actor.hpp"

#include <memory>

#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::invoker {

void scheduler_state::execute(scheduler_actor::stateful_pointer<scheduler_state> self,
                              std::vector<invocation> ready) {
  for (auto& batch : group_for_execution(std::move(ready), batch_max)) {
    execute_on_worker(self, dispatcher, std::move(batch), {},
                      [self](std::vector<invocation> batch, std::vector<bus::result> results, int64_t started_ns) {
                        self->state.commit(self, std::move(batch), std::move(results), started_ns);
                      });
  }
}

void scheduler_state::commit(scheduler_actor::stateful_pointer<scheduler_state> self, std::vector<invocation> batch,
                             std::vector<bus::result> results, int64_t started_ns) {
  auto commit = to_commit(batch, std::move(results), started_ns);
  for (size_t i = 0; i < batch.size(); ++i) {
    commit.requests[i].validate = true;
    commit.requests[i].final_attempt = batch[i].retries >= max_retries;
  }
  // Kept for re-executing those that conflict; shared by both handlers (see
  // execute_on_worker).
  auto committing = std::make_shared<std::vector<invocation>>(std::move(batch));
  self->request(committer, caf::infinite, std::move(commit))
      .then(
          [=](committer::commit_batch_reply& reply) {
            // One contract's batch (group_for_execution); named before any invocation moves on.
            invocation_done done{committing->front().contract->name, false, 0};
            std::vector<invocation> again;
            for (size_t i = 0; i < reply.replies.size(); ++i) {
              if (reply.replies[i].outcome != committer::commit_outcome::conflict)
                continue;
              auto& inv = (*committing)[i];
              ++inv.retries;
              inv.queued_ns = steady_now_ns();
              again.push_back(std::move(inv));
            }
            done.count = committing->size() - again.size();
            if (done.count > 0)
              self->send(self->state.router, std::move(done));
            if (!again.empty())
              self->state.execute(self, std::move(again));
          },
          [=](caf::error& err) {
            auto& first = committing->front();
            logger("invoker")->critical("commit request failed for {} invocations from inv={} contract={}: {}",
                                        committing->size(), first.entry.invocation_id, first.contract->name,
                                        self->system().render(err));
            self->send(self->state.router, invocation_done{first.contract->name, false, committing->size()});
          });
}

scheduler_actor::behavior_type scheduler(scheduler_actor::stateful_pointer<scheduler_state> self,
                                         dispatcher::dispatcher_actor dispatcher,
                                         committer::committer_actor committer, router_actor router,
                                         uint32_t max_retries, uint32_t batch_max) {
  auto& st = self->state;
  st.dispatcher = std::move(dispatcher);
  st.committer = std::move(committer);
  st.router = std::move(router);
  st.max_retries = max_retries;
  st.batch_max = std::max<uint32_t>(batch_max, 1);
  return {
      [=](run_invocations& run) {
        self->state.execute(self, std::move(run.invs));
      },
  };
}

}  // namespace vireo::invoker
