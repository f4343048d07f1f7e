#include "actors/invoker/scheduler_actor.hpp"

#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::invoker {

void scheduler_state::execute(scheduler_actor::stateful_pointer<scheduler_state> self, invocation inv) {
  execute_on_worker(self, dispatcher, std::move(inv), {},
                    [self](invocation inv, bus::result result, int64_t started_ns) {
                      self->state.commit(self, std::move(inv), std::move(result), started_ns);
                    });
}

void scheduler_state::commit(scheduler_actor::stateful_pointer<scheduler_state> self, invocation inv,
                             bus::result result, int64_t started_ns) {
  auto request = inv.to_commit(std::move(result), started_ns);
  request.validate = true;
  request.final_attempt = inv.retries >= max_retries;
  self->request(committer, caf::infinite, std::move(request))
      .then(
          [=](committer::commit_reply& reply) mutable {
            if (reply.outcome == committer::commit_outcome::conflict) {
              ++inv.retries;
              inv.queued_ns = steady_now_ns();
              self->state.execute(self, std::move(inv));
              return;
            }
            self->send(self->state.router, invocation_done{inv.contract.name, false});
          },
          [=](caf::error& err) {
            logger("invoker")->critical("commit request failed inv={} contract={}: {}", inv.entry.invocation_id,
                                        inv.contract.name, self->system().render(err));
            self->send(self->state.router, invocation_done{inv.contract.name, false});
          });
}

scheduler_actor::behavior_type scheduler(scheduler_actor::stateful_pointer<scheduler_state> self,
                                         dispatcher::dispatcher_actor dispatcher,
                                         committer::committer_actor committer, router_actor router,
                                         uint32_t max_retries) {
  auto& st = self->state;
  st.dispatcher = std::move(dispatcher);
  st.committer = std::move(committer);
  st.router = std::move(router);
  st.max_retries = max_retries;
  return {
      [=](run_invocation& run) { self->state.execute(self, std::move(run.inv)); },
  };
}

}  // namespace vireo::invoker
