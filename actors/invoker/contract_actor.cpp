#include "actors/invoker/contract_actor.hpp"

#include "support/logging.hpp"

namespace vireo::invoker {

std::vector<invocation> contract_actor_state::next_batch() {
  std::vector<invocation> batch;
  batch.push_back(std::move(queue.front()));
  queue.pop_front();
  while (batch.size() < batch_max && !queue.empty() && can_chain(batch.front(), queue.front())) {
    batch.push_back(std::move(queue.front()));
    queue.pop_front();
  }
  return batch;
}

void contract_actor_state::start_next(contract_actor::stateful_pointer<contract_actor_state> self) {
  if (executing || queue.empty())
    return;
  // An http function reads state through the public API, which serves only
  // durable state: it must wait for the previous commit to see its writes.
  if (commits_pending > 0 && queue.front().contract->kind == "http")
    return;
  executing = true;
  std::vector<bus::overlay_entry> staged;
  staged.reserve(overlay.size());
  for (auto& [key, entry] : overlay)
    staged.push_back(entry.first);
  execute_on_worker(self, dispatcher, next_batch(), std::move(staged),
                    [self](std::vector<invocation> batch, std::vector<bus::result> results, int64_t started_ns) {
                      self->state.executed(self, std::move(batch), std::move(results), started_ns);
                    });
}

void contract_actor_state::executed(contract_actor::stateful_pointer<contract_actor_state> self,
                                    std::vector<invocation> batch, std::vector<bus::result> results,
                                    int64_t started_ns) {
  auto ids = std::make_shared<std::vector<std::string>>();
  ids->reserve(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    auto& id = batch[i].entry.invocation_id;
    if (results[i].ok)
      for (auto& write : results[i].writes) {
        overlay[write.key] = {bus::staged(write), id};
        staged_keys[id].push_back(write.key);
      }
    ids->push_back(id);
  }
  commits_pending += static_cast<uint32_t>(batch.size());
  self->request(committer, caf::infinite, to_commit(batch, std::move(results), started_ns))
      .then(
          [=](committer::commit_batch_reply&) { self->state.committed(self, *ids); },
          [=](caf::error& err) {
            logger("invoker")->critical("commit request failed for {} invocations from inv={} contract={}: {}",
                                        ids->size(), ids->front(), self->state.name,
                                        self->system().render(err));
            self->state.committed(self, *ids);
          });
  executing = false;
  start_next(self);
}

void contract_actor_state::committed(contract_actor::stateful_pointer<contract_actor_state> self,
                                     const std::vector<std::string>& invocation_ids) {
  commits_pending -= static_cast<uint32_t>(invocation_ids.size());
  // A key a later invocation wrote again stays staged until that one commits.
  for (auto& invocation_id : invocation_ids) {
    auto staged = staged_keys.find(invocation_id);
    if (staged == staged_keys.end())
      continue;
    for (auto& key : staged->second)
      if (auto it = overlay.find(key); it != overlay.end() && it->second.second == invocation_id)
        overlay.erase(it);
    staged_keys.erase(staged);
  }
  self->send(router, invocation_done{name, true, invocation_ids.size()});
  start_next(self);
  maybe_idle(self);
}

void contract_actor_state::maybe_idle(contract_actor::stateful_pointer<contract_actor_state> self) {
  last_active = std::chrono::steady_clock::now();
  if (idle())
    idle_check.arm(self, std::chrono::milliseconds(idle_ms), idle_check_atom::value);
}

void contract_actor_state::check_idle(contract_actor::stateful_pointer<contract_actor_state> self) {
  idle_check.fired();
  if (!idle())
    return;  // the next maybe_idle arms it again
  auto idle_until = last_active + std::chrono::milliseconds(idle_ms);
  auto now = std::chrono::steady_clock::now();
  if (now >= idle_until) {
    self->send(router, serial_idle{name, received});
    return;
  }
  idle_check.arm(self, idle_until - now, idle_check_atom::value);
}

contract_actor::behavior_type serial_contract(contract_actor::stateful_pointer<contract_actor_state> self,
                                              std::string name, dispatcher::dispatcher_actor dispatcher,
                                              committer::committer_actor committer, router_actor router,
                                              uint32_t idle_ms, uint32_t batch_max) {
  auto& st = self->state;
  st.name = std::move(name);
  st.dispatcher = std::move(dispatcher);
  st.committer = std::move(committer);
  st.router = std::move(router);
  st.idle_ms = idle_ms;
  st.batch_max = std::max<uint32_t>(batch_max, 1);
  return {
      [=](run_invocation& run) {
        auto& s = self->state;
        ++s.received;
        s.last_active = std::chrono::steady_clock::now();
        s.queue.push_back(std::move(run.inv));
        s.start_next(self);
      },
      [=](idle_check_atom) { self->state.check_idle(self); },
  };
}

}  // namespace vireo::invoker
