// The registry's state and spawn function; see registry_actor.hpp.
// Runs detached: every change is a sync write.
#pragma once

#include <map>

#include "actors/committer/committer_actor.hpp"
#include "actors/dispatcher/dispatcher_actor.hpp"
#include "actors/invoker/router_actor.hpp"
#include "actors/ledger/ledger_store.hpp"
#include "actors/registry/registry_actor.hpp"

namespace vireo::registry {

/// Checks a deploy/update spec and builds the entry; throws std::invalid_argument
/// with a message naming the field. `existing` is the entry an update replaces.
ledger::contract_entry parse_contract_spec(const nlohmann::json& spec, const ledger::contract_entry* existing);

/// True for contracts whose executor must prepare them before they run:
/// wasm (validate the module, run `init`) and chaincode with runtime.init.
bool needs_preparation(const ledger::contract_entry& entry);

struct registry_state {
  ledger::ledger_store* store = nullptr;
  invoker::router_actor router;
  dispatcher::dispatcher_actor dispatcher;
  committer::committer_actor committer;
  uint32_t default_exec_timeout_ms = 10000;
  std::map<std::string, ledger::contract_entry> contracts;

  /// Runs the executor's deploy step of a `pending` contract on a worker,
  /// commits what it wrote, then makes the contract `active` or `error`.
  void prepare(registry_actor::stateful_pointer<registry_state> self, const ledger::contract_entry& entry);
  /// Tells the router about a change that is durable.
  void announce(registry_actor::stateful_pointer<registry_state> self, const registry_reply& reply, bool removed);

  registry_reply deploy(deploy_contract& request);
  registry_reply set_state(const change_state& request);
  registry_reply remove(const remove_contract& request);
  registry_reply find(const find_contract& request) const;
  contract_list list() const;

  registry_reply persist(ledger::contract_entry entry, const std::string& code);
};

/// REQUIRES: `store` outlives the actor.
registry_actor::behavior_type registry(registry_actor::stateful_pointer<registry_state> self,
                                       ledger::ledger_store* store, invoker::router_actor router,
                                       dispatcher::dispatcher_actor dispatcher, committer::committer_actor committer,
                                       uint32_t default_exec_timeout_ms);

}  // namespace vireo::registry
