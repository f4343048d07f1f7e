#include "services/worker/executor_actor.hpp"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include "services/worker/bus_state_access.hpp"
#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::worker {

namespace {

prometheus::Family<prometheus::Counter>& executions_family() {
  static auto& family = prometheus::BuildCounter()
                            .Name("vireo_worker_executions_total")
                            .Help("Executions run by this worker, by contract kind, mode and outcome")
                            .Register(metrics_registry());
  return family;
}

}  // namespace

bus::result executor_actor_state::run(const bus::execute& body) {
  bus::result out;
  out.invocation_id = body.invocation_id;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(body.exec_timeout_ms);
  auto found = executors.find(body.kind);
  if (found == executors.end()) {
    out.error = "no executor for contract kind '" + body.kind + "' on this worker";
    return out;
  }
  execution_request request;
  request.invocation_id = body.invocation_id;
  request.contract = contract_spec{body.contract, body.kind, body.execution, body.runtime_json, body.env,
                                   body.exec_timeout_ms};
  request.transaction_json = body.transaction_json;
  request.deadline = deadline;
  bus_state_access state{*bus, body.contract, body.overlay, deadline};
  execution_result result;
  try {
    result = body.deploy ? found->second->deploy(request, state) : found->second->execute(request, state);
  } catch (const std::exception& e) {
    result = execution_result::failure(std::string("executor error: ") + e.what());
  }
  out.ok = result.status == execution_result::outcome::ok;
  if (out.ok) {
    out.output_json = std::move(result.output_json);
    out.has_tag = result.tag.has_value();
    out.tag = result.tag.value_or("");
    for (auto& event : result.events)
      out.events.push_back({std::move(event.name), std::move(event.payload)});
    state.export_sets(out);
  } else {
    out.error = std::move(result.error);
  }
  return out;
}

executor_actor::behavior_type executor_actor_impl(executor_actor::stateful_pointer<executor_actor_state> self,
                                                  bus::worker_endpoint* bus, const executor_factories* factories) {
  self->state.bus = bus;
  for (auto& [kind, make] : *factories)
    self->state.executors[kind] = make(*bus);
  return {
      [=](incoming_execute& incoming) {
        auto& body = incoming.body;
        auto started = steady_now_ns();
        auto result = self->state.run(body);
        auto seconds = (steady_now_ns() - started) / 1e9;
        executions_family()
            .Add({{"kind", body.kind}, {"mode", body.execution}, {"outcome", result.ok ? "ok" : "failed"}})
            .Increment();
        auto log = logger("worker");
        if (result.ok)
          log->debug("executed inv={} contract={} kind={} seconds={:.6f} writes={}", body.invocation_id, body.contract,
                     body.kind, seconds, result.writes.size());
        else
          log->info("execution failed inv={} contract={} kind={} reason={}", body.invocation_id, body.contract,
                    body.kind, result.error);
        self->state.bus->send_result(incoming.correlation_id, result);
        return done_atom::value;
      },
  };
}

void executor_pool_state::pump(executor_pool_actor::stateful_pointer<executor_pool_state> self) {
  while (!idle.empty() && !waiting.empty()) {
    auto executor = idle.back();
    idle.pop_back();
    auto incoming = std::move(waiting.front());
    waiting.pop_front();
    self->request(executor, caf::infinite, std::move(incoming))
        .then([=](done_atom) {
          self->state.idle.push_back(executor);
          self->state.pump(self);
        });
  }
}

executor_pool_actor::behavior_type executor_pool(executor_pool_actor::stateful_pointer<executor_pool_state> self,
                                                 std::vector<executor_actor> executors) {
  self->state.idle = std::move(executors);
  return {
      [=](incoming_execute& incoming) {
        self->state.waiting.push_back(std::move(incoming));
        self->state.pump(self);
      },
  };
}

}  // namespace vireo::worker
