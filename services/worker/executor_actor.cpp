#include "services/worker/executor_actor.hpp"

#include <prometheus/counter.h>
#include <prometheus/histogram.h>

#include "services/worker/bus_state_access.hpp"
#include "support/actor_system.hpp"
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

bus::result executor_actor_state::run_one(const bus::execute& body, const std::string& invocation_id,
                                         const std::string& transaction_json,
                                         const std::vector<bus::overlay_entry>& overlay) {
  bus::result out;
  out.invocation_id = invocation_id;
  auto started = steady_now_ns();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(body.exec_timeout_ms);
  auto found = executors.find(body.kind);
  if (found == executors.end()) {
    out.error = "no executor for contract kind '" + body.kind + "' on this worker";
    return out;
  }
  execution_request request;
  request.invocation_id = invocation_id;
  request.contract = contract_spec{body.contract, body.kind, body.execution, body.runtime_json, body.env,
                                   body.exec_timeout_ms};
  request.transaction_json = transaction_json;
  request.deadline = deadline;
  bus_state_access state{*bus, body.contract, overlay, deadline};
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
  executions.with({body.kind, body.execution, out.ok ? "ok" : "failed"}).Increment();
  if (out.ok)
    log->debug("executed inv={} contract={} kind={} seconds={:.6f} writes={}", invocation_id, body.contract,
               body.kind, (steady_now_ns() - started) / 1e9, out.writes.size());
  else
    log->info("execution failed inv={} contract={} kind={} reason={}", invocation_id, body.contract, body.kind,
              out.error);
  return out;
}

bus::result executor_actor_state::run(const bus::execute& body) {
  auto head = run_one(body, body.invocation_id, body.transaction_json, body.overlay);
  if (body.chained.empty())
    return head;
  std::map<std::string, bus::overlay_entry> staged;
  for (auto& entry : body.overlay)
    staged[entry.key] = entry;
  auto stage = [&staged](const bus::result& r) {
    if (!r.ok)
      return;
    for (auto& write : r.writes)
      staged[write.key] = bus::staged(write);
  };
  stage(head);
  for (auto& next : body.chained) {
    std::vector<bus::overlay_entry> overlay;
    overlay.reserve(staged.size());
    for (auto& [key, entry] : staged)
      overlay.push_back(entry);
    head.chained.push_back(run_one(body, next.invocation_id, next.transaction_json, overlay));
    stage(head.chained.back());
  }
  return head;
}

void executor_actor_state::perform(const job_assignment& work) {
  auto& job = *work.job;
  if (!job.shareable()) {
    bus->send_result(job.correlation_id(), run(job.body()));
    return;
  }
  do {
    auto index = job.claim();
    if (!index)
      return;
    auto result = run_one(job.body(), job.invocation_id(*index), job.transaction_json(*index), job.body().overlay);
    if (auto complete = job.store(*index, std::move(result)))
      bus->send_result(job.correlation_id(), *complete);
  } while (!work.helper);
}

executor_actor::behavior_type executor_actor_impl(executor_actor::stateful_pointer<executor_actor_state> self,
                                                  bus::worker_endpoint* bus, const executor_factories* factories) {
  name_detached_thread(self, "worker-exec");
  self->state.bus = bus;
  self->state.executions = counters_by_labels(executions_family(), {"kind", "mode", "outcome"});
  self->state.log = logger("worker");
  for (auto& [kind, make] : *factories)
    self->state.executors[kind] = make(*bus);
  return {
      [=](job_assignment& work) {
        self->state.perform(work);
        return done_atom::value;
      },
  };
}

void executor_pool_state::assign(executor_pool_actor::stateful_pointer<executor_pool_state> self,
                                 job_assignment work) {
  auto executor = idle.back();
  idle.pop_back();
  auto job = work.job;
  bool helper = work.helper;
  self->request(executor, caf::infinite, std::move(work)).then([=](done_atom) {
    auto& st = self->state;
    st.idle.push_back(executor);
    st.pump(self);
    if (helper)
      st.lend(self, job);
  });
}

void executor_pool_state::pump(executor_pool_actor::stateful_pointer<executor_pool_state> self) {
  while (!idle.empty() && !waiting.empty()) {
    auto job = std::move(waiting.front());
    waiting.pop_front();
    if (job->shareable()) {
      unhelped.emplace_back(job, clock_type::now());
      help_check.arm(self, help_after, help_due_atom::value);
    }
    assign(self, job_assignment{std::move(job), false});
  }
}

void executor_pool_state::check_for_help(executor_pool_actor::stateful_pointer<executor_pool_state> self) {
  help_check.fired();
  auto now = clock_type::now();
  while (!unhelped.empty()) {
    auto [job, started] = unhelped.front();
    if (job->unclaimed() > 0 && now - started < help_after) {
      help_check.arm(self, started + help_after - now, help_due_atom::value);
      return;
    }
    unhelped.pop_front();
    lend(self, job);
  }
}

void executor_pool_state::lend(executor_pool_actor::stateful_pointer<executor_pool_state> self,
                               const std::shared_ptr<execute_job>& job) {
  // Each helper takes one invocation and comes back, so a job that arrives
  // meanwhile waits for at most one invocation.
  for (auto wanted = job->unclaimed(); wanted > 0 && !idle.empty() && waiting.empty(); --wanted)
    assign(self, job_assignment{job, true});
}

executor_pool_actor::behavior_type executor_pool(executor_pool_actor::stateful_pointer<executor_pool_state> self,
                                                 std::vector<executor_actor> executors,
                                                 std::chrono::milliseconds help_after) {
  self->state.idle = std::move(executors);
  self->state.help_after = help_after;
  return {
      [=](incoming_execute& incoming) {
        self->state.waiting.push_back(
            std::make_shared<execute_job>(incoming.correlation_id, std::move(incoming.body)));
        self->state.pump(self);
      },
      [=](help_due_atom) { self->state.check_for_help(self); },
  };
}

}  // namespace vireo::worker
