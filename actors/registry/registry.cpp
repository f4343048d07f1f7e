#include "actors/registry/registry.hpp"

#include "support/hash.hpp"
#include "support/logging.hpp"

namespace vireo::registry {

const char* to_string(registry_code code) {
  static const char* names[] = {"ok", "invalid", "not_found", "conflict", "storage_failed"};
  return names[static_cast<int>(code)];
}

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
    return {registry_code::not_found, "no contract named '" + name + "'", {}};
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
  auto reply = persist(std::move(entry), request.code);
  if (reply.code == registry_code::ok)
    logger("registry")->info("{} contract={} kind={} execution={} revision={}", request.update ? "updated" : "deployed",
                             reply.entry.name, reply.entry.kind, reply.entry.execution, reply.entry.revision);
  return reply;
}

registry_reply registry_state::set_state(const change_state& request) {
  auto existing = contracts.find(request.name);
  if (existing == contracts.end())
    return {registry_code::not_found, "no contract named '" + request.name + "'", {}};
  auto entry = existing->second;
  entry.state = request.state;
  ++entry.revision;
  auto reply = persist(std::move(entry), "");
  if (reply.code == registry_code::ok)
    logger("registry")->info("contract={} state={}", request.name, ledger::to_string(request.state));
  return reply;
}

registry_reply registry_state::remove(const remove_contract& request) {
  auto existing = contracts.find(request.name);
  if (existing == contracts.end())
    return {registry_code::not_found, "no contract named '" + request.name + "'", {}};
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

registry_actor::behavior_type registry(registry_actor::stateful_pointer<registry_state> self,
                                       ledger::ledger_store* store, invoker::router_actor router) {
  auto& st = self->state;
  st.store = store;
  st.router = std::move(router);
  for (auto& entry : store->list_contracts())
    st.contracts[entry.name] = entry;
  auto announce = [=](const registry_reply& reply, bool removed) {
    if (reply.code == registry_code::ok)
      self->send(self->state.router, invoker::contract_changed{reply.entry, removed});
    return reply;
  };
  return {
      [=](deploy_contract& request) { return announce(self->state.deploy(request), false); },
      [=](change_state& request) { return announce(self->state.set_state(request), false); },
      [=](remove_contract& request) { return announce(self->state.remove(request), true); },
  };
}

}  // namespace vireo::registry
