#include "actors/invoker/router.hpp"

#include "support/logging.hpp"
#include "support/metrics.hpp"

namespace vireo::invoker {

const char* to_string(submit_code code) {
  static const char* names[] = {"accepted", "busy", "unknown_type", "contract_inactive", "storage_failed"};
  return names[static_cast<int>(code)];
}

void router_state::count(const char* outcome, const std::string& kind, const std::string& mode) {
  submissions.with({outcome, kind, mode}).Increment();
}

void router_state::apply(const contract_changed& change) {
  auto& entry = change.entry;
  auto old = contracts.find(entry.name);
  if (old != contracts.end())
    for (auto& type : old->second->triggers)
      contract_by_type.erase(type);
  if (change.removed) {
    contracts.erase(entry.name);
    return;
  }
  contracts[entry.name] = std::make_shared<const ledger::contract_entry>(entry);
  for (auto& type : entry.triggers)
    contract_by_type[type] = entry.name;
}

submit_reply router_state::admit(const ledger::transaction& tx) {
  auto by_type = contract_by_type.find(tx.type);
  if (by_type == contract_by_type.end())
    return {submit_code::unknown_type, "no contract is triggered by transaction type '" + tx.type + "'", ""};
  auto& contract = *contracts.at(by_type->second);
  if (contract.state != ledger::contract_state::active)
    return {submit_code::contract_inactive,
            "contract '" + contract.name + "' is " + ledger::to_string(contract.state) + ", not active",
            contract.name};
  if (backlog >= settings.max_backlog)
    return {submit_code::busy, "invocation backlog is full (" + std::to_string(backlog) + " waiting)", contract.name};
  if (contract.serial() && serial[contract.name].pending >= settings.max_pending_per_contract)
    return {submit_code::busy, "serial contract '" + contract.name + "' has " +
                                   std::to_string(settings.max_pending_per_contract) + " invocations waiting",
            contract.name};
  return {submit_code::accepted, "", contract.name};
}

void router_state::dispatch(router_actor::stateful_pointer<router_state> self, const ledger::journal_entry& entry,
                            std::string trigger_type, std::string transaction_json) {
  auto found = contracts.find(entry.contract);
  invocation inv;
  inv.entry = entry;
  inv.trigger_type = std::move(trigger_type);
  inv.transaction_json = std::move(transaction_json);
  inv.queued_ns = steady_now_ns();
  if (found == contracts.end() || found->second->state != ledger::contract_state::active) {
    // Deleted or deactivated after it was journaled (seen at recovery): it
    // still gets its receipt and output, saying why it did not run.
    committer::commit_request request;
    request.entry = entry;
    request.trigger_type = inv.trigger_type;
    request.result.invocation_id = entry.invocation_id;
    request.result.error = "contract '" + entry.contract + "' is not active";
    self->request(committer, caf::infinite, committer::commit_batch::of(std::move(request)))
        .then([=](committer::commit_batch_reply&) { self->send(self, invocation_done{entry.contract, false}); },
              [=](caf::error&) { self->send(self, invocation_done{entry.contract, false}); });
    return;
  }
  inv.contract = found->second;
  auto timeout_ms = inv.contract->exec_timeout_ms;
  inv.exec_timeout_ms = timeout_ms ? timeout_ms : settings.default_exec_timeout_ms;
  if (!inv.contract->serial()) {
    parallel_ready.push_back(std::move(inv));
    return;
  }
  auto& slot = serial[entry.contract];
  if (!slot.actor) {
    slot.actor = self->spawn<caf::linked>(serial_contract, entry.contract, dispatcher, committer,
                             caf::actor_cast<router_actor>(self), settings.serial_idle_ms,
                             settings.serial_batch_max);
    serial_actors_gauge->Set(static_cast<double>(++serial_actors));
  }
  ++slot.sent;
  self->send(slot.actor, run_invocation{std::move(inv)});
}

void router_state::hand_over_parallel(router_actor::stateful_pointer<router_state> self) {
  if (parallel_ready.empty())
    return;
  self->send(parallel, run_invocations{std::move(parallel_ready)});
  parallel_ready.clear();
}

void router_state::recover(router_actor::stateful_pointer<router_state> self, const ledger::ledger_store& store) {
  for (auto& entry : store.list_contracts())
    apply({entry, false});
  auto journal_entries = store.load_journal();
  size_t replayed = 0;
  for (auto& entry : journal_entries) {
    if (store.get_receipt(entry.invocation_id))
      continue;  // cannot happen (receipt and journal delete share a batch); harmless if it did
    auto tx = store.get_transaction(entry.invocation_id);
    if (!tx) {
      logger("invoker")->error("journal entry without transaction seq={} inv={}", entry.sequence, entry.invocation_id);
      continue;
    }
    ++backlog;
    if (contracts.count(entry.contract) && contracts[entry.contract]->serial())
      ++serial[entry.contract].pending;
    dispatch(self, entry, tx->type, tx->to_json_text());
    ++replayed;
  }
  hand_over_parallel(self);
  backlog_gauge->Set(static_cast<double>(backlog));
  logger("invoker")->info("recovery re-dispatched {} journaled invocations", replayed);
}

router_actor::behavior_type router(router_actor::stateful_pointer<router_state> self,
                                   const ledger::ledger_store* store, journal::journal_actor journal,
                                   committer::committer_actor committer, dispatcher::dispatcher_actor dispatcher,
                                   router_settings settings) {
  auto& st = self->state;
  st.settings = settings;
  st.journal = std::move(journal);
  st.committer = std::move(committer);
  st.dispatcher = std::move(dispatcher);
  st.backlog_gauge = &prometheus::BuildGauge()
                          .Name("vireo_journal_backlog")
                          .Help("Invocations journaled and not yet committed")
                          .Register(metrics_registry())
                          .Add({});
  st.serial_actors_gauge = &prometheus::BuildGauge()
                                .Name("vireo_serial_contract_actors")
                                .Help("Serial contract actors running: one per serial contract invoked within "
                                      "invoker.serial_idle_ms")
                                .Register(metrics_registry())
                                .Add({});
  st.serial_actors_gauge->Set(0);
  st.submissions = counters_by_labels(
      prometheus::BuildCounter()
          .Name("vireo_invocations_submitted_total")
          .Help("Submitted invocations by outcome (accepted or why not), contract kind and mode")
          .Register(metrics_registry()),
      {"outcome", "kind", "mode"});
  st.parallel = self->spawn<caf::linked>(scheduler, st.dispatcher, st.committer, caf::actor_cast<router_actor>(self),
                            settings.mvcc_max_retries, settings.parallel_batch_max);
  st.recover(self, *store);
  return {
      [=](submit_request& request) -> caf::result<submit_reply> {
        auto& s = self->state;
        auto verdict = s.admit(request.tx);
        auto contract_it = s.contracts.find(verdict.contract);
        std::string kind = contract_it != s.contracts.end() ? contract_it->second->kind : "none";
        std::string mode = contract_it != s.contracts.end() ? contract_it->second->execution : "none";
        if (verdict.code != submit_code::accepted) {
          s.count(to_string(verdict.code), kind, mode);
          return verdict;
        }
        ++s.backlog;
        bool is_serial = contract_it->second->serial();
        if (is_serial)
          ++s.serial[verdict.contract].pending;
        s.backlog_gauge->Set(static_cast<double>(s.backlog));
        auto promise = self->make_response_promise<submit_reply>();
        self->request(s.journal, caf::infinite,
                      journal::append_request{std::move(request.tx), verdict.contract,
                                              caf::actor_cast<journal::written_sink>(self)})
            .then(
                [=](journal::append_ack& ack) mutable {
                  auto& s = self->state;
                  if (!ack.durable) {
                    --s.backlog;
                    if (is_serial)
                      --s.serial[verdict.contract].pending;
                    s.count("storage_failed", kind, mode);
                    promise.deliver(submit_reply{submit_code::storage_failed, ack.error, verdict.contract});
                    return;
                  }
                  s.count("accepted", kind, mode);
                  promise.deliver(verdict);
                },
                [=](caf::error& err) mutable {
                  self->state.backlog--;
                  promise.deliver(submit_reply{submit_code::storage_failed, self->system().render(err), ""});
                });
        return promise;
      },
      [=](backlog_atom) { return self->state.backlog; },
      [=](contract_changed& change) { self->state.apply(change); },
      [=](invocation_done& done) {
        auto& s = self->state;
        s.backlog -= std::min<uint64_t>(s.backlog, done.count);
        s.backlog_gauge->Set(static_cast<double>(s.backlog));
        if (done.serial) {
          auto it = s.serial.find(done.contract);
          if (it != s.serial.end())
            it->second.pending -= std::min<decltype(it->second.pending)>(it->second.pending, done.count);
        }
      },
      [=](journal::journal_written& written) {
        auto& s = self->state;
        for (auto& written_inv : written.invocations)
          s.dispatch(self, written_inv.entry, std::move(written_inv.trigger_type),
                     std::move(written_inv.transaction_json));
        s.hand_over_parallel(self);
      },
      [=](serial_idle& idle) {
        auto& s = self->state;
        auto it = s.serial.find(idle.contract);
        if (it == s.serial.end() || it->second.sent != idle.processed)
          return;  // something was sent meanwhile: it keeps running
        self->send_exit(it->second.actor, caf::exit_reason::user_shutdown);
        s.serial.erase(it);
        s.serial_actors_gauge->Set(static_cast<double>(--s.serial_actors));
      },
  };
}

}  // namespace vireo::invoker
