#include "actors/registry/registry.hpp"

#include "support/actor_system.hpp"
#include "support/hash.hpp"
#include "support/ids.hpp"
#include "support/logging.hpp"

namespace vireo::registry {

const char* to_string(registry_code code) {
  static const char* names[] = {"ok", "invalid", "not_found", "conflict", "storage_failed"};
  return names[static_cast<int>(code)];
}

namespace {

registry_reply no_such_contract(const std::string& name) {
  return {registry_code::not_found, "no contract named '" + name + "'", {}};
}

}  // namespace

registry_reply registry_state::persist(ledger::contract_entry entry, const std::string& code) {
  rocksdb::WriteBatch batch;
  if (!code.empty())
    store->put_code(batch, entry.runtime["code_hash"].get<std::string>(), code);
  store->put_contract(batch, entry);
  try {
    store->write(batch, true);
  } catch (const ledger::storage_error& e) {
    return {registry_code::storage_failed, e.what(), {}};
  }
  contracts[entry.name] = entry;
  return {registry_code::ok, "", std::move(entry)};
}

registry_reply registry_state::deploy(deploy_contract& request) {
  auto name = request.spec.is_object() ? request.spec.value("name", "") : "";
  auto existing = contracts.find(name);
  if (request.update && existing == contracts.end())
    return no_such_contract(name);
  if (!request.update && existing != contracts.end())
    return {registry_code::conflict, "a contract named '" + name + "' exists; update it instead", {}};
  ledger::contract_entry entry;
  try {
    entry = parse_contract_spec(request.spec, request.update ? &existing->second : nullptr);
  } catch (const std::exception& e) {
    return {registry_code::invalid, e.what(), {}};
  }
  for (auto& [other_name, other] : contracts) {
    if (other_name == entry.name)
      continue;
    for (auto& type : entry.triggers)
      for (auto& taken : other.triggers)
        if (type == taken)
          return {registry_code::conflict,
                  "transaction type '" + type + "' already triggers contract '" + other_name + "'", {}};
  }
  if (entry.kind == "wasm") {
    if (request.code.empty() && !entry.runtime.contains("code_hash"))
      return {registry_code::invalid, "a wasm contract needs its module in `code` (base64)", {}};
    if (!request.code.empty())
      entry.runtime["code_hash"] = sha256_hex(request.code);
  }
  if (request.update)
    ++entry.revision;
  if (needs_preparation(entry)) {
    entry.state = ledger::contract_state::pending;
    entry.error.clear();
  }
  auto reply = persist(std::move(entry), request.code);
  if (reply.code == registry_code::ok)
    logger("registry")->info("{} contract={} kind={} execution={} revision={}", request.update ? "updated" : "deployed",
                             reply.entry.name, reply.entry.kind, reply.entry.execution, reply.entry.revision);
  return reply;
}

registry_reply registry_state::set_state(const change_state& request) {
  auto existing = contracts.find(request.name);
  if (existing == contracts.end())
    return no_such_contract(request.name);
  auto entry = existing->second;
  entry.state = request.state;
  // Activating a contract that was never prepared (or failed to) prepares it.
  if (request.state == ledger::contract_state::active && needs_preparation(entry) &&
      (existing->second.state == ledger::contract_state::pending ||
       existing->second.state == ledger::contract_state::error))
    entry.state = ledger::contract_state::pending;
  ++entry.revision;
  auto reply = persist(std::move(entry), "");
  if (reply.code == registry_code::ok)
    logger("registry")->info("contract={} state={}", request.name, ledger::to_string(request.state));
  return reply;
}

registry_reply registry_state::remove(const remove_contract& request) {
  auto existing = contracts.find(request.name);
  if (existing == contracts.end())
    return no_such_contract(request.name);
  rocksdb::WriteBatch batch;
  store->delete_contract(batch, request.name);
  try {
    store->write(batch, true);
  } catch (const ledger::storage_error& e) {
    return {registry_code::storage_failed, e.what(), {}};
  }
  auto entry = std::move(existing->second);
  entry.state = ledger::contract_state::deleting;
  contracts.erase(existing);
  logger("registry")->info("deleted contract={}", request.name);
  return {registry_code::ok, "", std::move(entry)};
}

registry_reply registry_state::find(const find_contract& request) const {
  auto found = contracts.find(request.name);
  if (found == contracts.end())
    return no_such_contract(request.name);
  return {registry_code::ok, "", found->second};
}

contract_list registry_state::list() const {
  contract_list out;
  for (auto& [name, entry] : contracts)
    out.entries.push_back(entry);
  return out;
}

bool needs_preparation(const ledger::contract_entry& entry) {
  return entry.kind == "wasm" || (entry.kind == "chaincode" && entry.runtime.value("init", false));
}

void registry_state::announce(registry_actor::stateful_pointer<registry_state> self, const registry_reply& reply,
                              bool removed) {
  if (reply.code != registry_code::ok)
    return;
  self->send(router, invoker::contract_changed{reply.entry, removed});
  if (!removed && reply.entry.state == ledger::contract_state::pending)
    prepare(self, reply.entry);
}

void registry_state::prepare(registry_actor::stateful_pointer<registry_state> self,
                             const ledger::contract_entry& entry) {
  // One id per revision: a deploy step replayed after a crash finds its
  // receipt and is not applied twice.
  auto id = "deploy-" + entry.name + "-" + std::to_string(entry.revision);
  ledger::transaction tx;
  tx.id = id;
  tx.type = "deploy";
  tx.timestamp_ms = unix_now_ms();
  // The deploy step's arguments (a wasm `init`'s) and caller come from the runtime.
  tx.payload = {{"args", entry.runtime.value("init_args", nlohmann::json::array())}};
  if (entry.runtime.contains("init_function"))
    tx.payload["function"] = entry.runtime["init_function"];
  if (entry.runtime.contains("owner"))
    tx.payload["caller"] = entry.runtime["owner"];
  bus::execute body;
  body.invocation_id = id;
  body.contract = entry.name;
  body.kind = entry.kind;
  body.execution = entry.execution;
  body.runtime_json = entry.runtime.dump();
  body.env = entry.env;
  body.exec_timeout_ms = entry.exec_timeout_ms ? entry.exec_timeout_ms : default_exec_timeout_ms;
  body.transaction_json = tx.to_json().dump();
  body.deploy = true;
  auto name = entry.name;
  auto revision = entry.revision;
  logger("registry")->info("preparing contract={} kind={} revision={}", name, entry.kind, revision);
  self->request(dispatcher, caf::infinite, dispatcher::execute_request{std::move(body)})
      .then([=](bus::result& result) {
        committer::commit_request commit;
        commit.entry = ledger::journal_entry{0, id, name, tx.timestamp_ms};
        commit.trigger_type = "deploy";
        commit.result = result;
        auto ok = result.ok;
        auto error = result.error;
        self->request(self->state.committer, caf::infinite, committer::commit_batch::of(std::move(commit)))
            .then([=](committer::commit_batch_reply&) {
              auto& s = self->state;
              auto current = s.contracts.find(name);
              if (current == s.contracts.end() || current->second.revision != revision)
                return;  // updated or deleted meanwhile; the newer revision prepares itself
              auto prepared = current->second;
              prepared.state = ok ? ledger::contract_state::active : ledger::contract_state::error;
              prepared.error = ok ? "" : error;
              logger("registry")->info("prepared contract={} revision={} state={} {}", name, revision,
                                       ledger::to_string(prepared.state), error);
              s.announce(self, s.persist(std::move(prepared), ""), false);
            });
      });
}

registry_actor::behavior_type registry(registry_actor::stateful_pointer<registry_state> self,
                                       ledger::ledger_store* store, invoker::router_actor router,
                                       dispatcher::dispatcher_actor dispatcher, committer::committer_actor committer,
                                       uint32_t default_exec_timeout_ms) {
  name_detached_thread(self, "core-registry");
  auto& st = self->state;
  st.store = store;
  st.router = std::move(router);
  st.dispatcher = std::move(dispatcher);
  st.committer = std::move(committer);
  st.default_exec_timeout_ms = default_exec_timeout_ms;
  for (auto& entry : store->list_contracts())
    st.contracts[entry.name] = entry;
  // A contract left pending by a crash is prepared again.
  for (auto& [name, entry] : st.contracts)
    if (entry.state == ledger::contract_state::pending)
      st.prepare(self, entry);
  return {
      [=](deploy_contract& request) {
        auto reply = self->state.deploy(request);
        self->state.announce(self, reply, false);
        return reply;
      },
      [=](change_state& request) {
        auto reply = self->state.set_state(request);
        self->state.announce(self, reply, false);
        return reply;
      },
      [=](remove_contract& request) {
        auto reply = self->state.remove(request);
        self->state.announce(self, reply, true);
        return reply;
      },
      [=](const find_contract& request) { return self->state.find(request); },
      [=](list_contracts) { return self->state.list(); },
  };
}

}  // namespace vireo::registry
