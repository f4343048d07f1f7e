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
                        for (size_t i = 0; i < batch.size(); ++i)
                          self->state.commit(self, std::move(batch[i]), std::move(results[i]), started_ns);
                      });
  }
}

void scheduler_state::commit(scheduler_actor::stateful_pointer<scheduler_state> self, invocation inv,
                             bus::result result, int64_t started_ns) {
  auto request = inv.to_commit(std::move(result), started_ns);
  request.validate = true;
  request.final_attempt = inv.retries >= max_retries;
  // Kept for a re-execution after a conflict; shared by both handlers (see
  // execute_on_worker).
  auto committing = std::make_shared<invocation>(std::move(inv));
  self->request(committer, caf::infinite, std::move(request))
      .then(
          [=](committer::commit_reply& reply) {
            if (reply.outcome == committer::commit_outcome::conflict) {
              ++committing->retries;
              committing->queued_ns = steady_now_ns();
              std::vector<invocation> again;
              again.push_back(std::move(*committing));
              self->state.execute(self, std::move(again));
              return;
            }
            self->send(self->state.router, invocation_done{committing->contract->name, false});
          },
          [=](caf::error& err) {
            logger("invoker")->critical("commit request failed inv={} contract={}: {}",
                                        committing->entry.invocation_id, committing->contract->name,
                                        self->system().render(err));
            self->send(self->state.router, invocation_done{committing->contract->name, false});
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
