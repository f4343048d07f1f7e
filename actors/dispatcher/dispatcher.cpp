#include "actors/dispatcher/dispatcher.hpp"

#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::dispatcher {

void dispatcher_state::update_gauges() {
  queue_depth->Set(static_cast<double>(waiting.size()));
  in_flight_gauge->Set(static_cast<double>(in_flight.size()));
}

void dispatcher_state::pump(dispatcher_actor::stateful_pointer<dispatcher_state> self) {
  // Least-loaded worker first: spreads work evenly across workers.
  while (!waiting.empty()) {
    worker_slot* best = nullptr;
    const std::string* best_name = nullptr;
    for (auto& [name, slot] : workers)
      if (slot.in_flight < slot.credits && (!best || slot.in_flight * best->credits < best->in_flight * slot.credits)) {
        best = &slot;
        best_name = &name;
      }
    if (!best)
      break;
    auto req = std::move(waiting.front());
    waiting.pop_front();
    ++best->in_flight;
    auto correlation_id = req.correlation_id;
    auto deadline = deadlines.emplace(deadline_clock::now() + deadline_of(req.body), correlation_id);
    send(*best_name, correlation_id, req.body);
    in_flight.emplace(correlation_id, flight{*best_name, std::move(req), deadline, false});
  }
  arm(self);
  update_gauges();
}

void dispatcher_state::arm(dispatcher_actor::stateful_pointer<dispatcher_state> self) {
  if (deadlines.empty())
    return;
  auto earliest = deadlines.begin()->first;
  if (timer_at && *timer_at <= earliest)
    return;
  timer_at = earliest;
  auto wait = std::chrono::ceil<std::chrono::milliseconds>(earliest - deadline_clock::now());
  self->delayed_send(self, std::max(wait, std::chrono::milliseconds(0)), expire_atom::value);
}

void dispatcher_state::forget_deadline(flight& f) {
  if (f.deadline != deadlines.end())
    deadlines.erase(f.deadline);
  f.deadline = deadlines.end();
}

void dispatcher_state::expire_due() {
  auto now = deadline_clock::now();
  while (!deadlines.empty() && deadlines.begin()->first <= now) {
    auto& f = in_flight.at(deadlines.begin()->second);
    forget_deadline(f);
    f.abandoned = true;
    auto& body = f.req.body;
    logger("dispatcher")->warn("worker did not answer inv={} contract={} worker={}", body.invocation_id,
                               body.contract, f.worker);
    bus::result failed;
    failed.invocation_id = body.invocation_id;
    failed.error = "worker did not answer within " + std::to_string(deadline_of(body).count()) + " ms";
    f.req.promise.deliver(std::move(failed));
  }
}

std::chrono::milliseconds dispatcher_state::deadline_of(const bus::execute& body) const {
  // Chained invocations run one after another, each with its own timeout.
  return std::chrono::milliseconds(body.exec_timeout_ms) * (1 + body.chained.size()) + grace;
}

void dispatcher_state::finish(uint64_t correlation_id, bus::result&& result) {
  auto it = in_flight.find(correlation_id);
  if (it == in_flight.end())
    return;
  auto worker = workers.find(it->second.worker);
  if (worker != workers.end() && worker->second.in_flight > 0)
    --worker->second.in_flight;
  if (!it->second.abandoned)
    it->second.req.promise.deliver(std::move(result));
  forget_deadline(it->second);
  in_flight.erase(it);
}

dispatcher_actor::behavior_type dispatcher(dispatcher_actor::stateful_pointer<dispatcher_state> self, bus_sender send) {
  auto& st = self->state;
  st.send = std::move(send);
  st.queue_depth = &prometheus::BuildGauge()
                        .Name("vireo_dispatch_queue_depth")
                        .Help("Executions waiting for a worker credit")
                        .Register(metrics_registry())
                        .Add({});
  st.in_flight_gauge = &prometheus::BuildGauge()
                            .Name("vireo_executions_in_flight")
                            .Help("Executions sent to workers and not yet answered")
                            .Register(metrics_registry())
                            .Add({});
  return {
      [=](execute_request& request) -> caf::result<bus::result> {
        auto& s = self->state;
        auto promise = self->make_response_promise<bus::result>();
        s.waiting.push_back({s.next_correlation_id++, std::move(request.body), promise});
        s.pump(self);
        return promise;
      },
      [=](status_atom) {
        auto& s = self->state;
        dispatcher_status status;
        status.queue_depth = s.waiting.size();
        status.in_flight = s.in_flight.size();
        for (auto& [id, slot] : s.workers)
          status.workers.push_back({id, slot.credits, slot.in_flight});
        return status;
      },
      [=](worker_joined& joined) {
        auto& slot = self->state.workers[joined.worker];
        slot.credits = joined.credits;
        self->state.pump(self);
      },
      [=](worker_lost& lost) {
        auto& s = self->state;
        s.workers.erase(lost.worker);
        std::vector<uint64_t> orphaned;
        for (auto& [id, f] : s.in_flight)
          if (f.worker == lost.worker)
            orphaned.push_back(id);
        // Re-queue in correlation order (= dispatch order) at the front.
        std::sort(orphaned.rbegin(), orphaned.rend());
        for (auto id : orphaned) {
          auto node = s.in_flight.extract(id);
          s.forget_deadline(node.mapped());
          if (!node.mapped().abandoned)
            s.waiting.push_front(std::move(node.mapped().req));
        }
        logger("dispatcher")->warn("worker lost worker={} requeued={}", lost.worker, orphaned.size());
        s.pump(self);
      },
      [=](worker_result& answer) {
        auto& s = self->state;
        s.finish(answer.correlation_id, std::move(answer.result));
        s.pump(self);
      },
      [=](expire_atom) {
        auto& s = self->state;
        // This tick, or an earlier one a sooner deadline replaced: either way
        // nothing is armed any more but what arm() sets now.
        s.timer_at.reset();
        s.expire_due();
        s.arm(self);
      },
  };
}

}  // namespace vireo::dispatcher
