// The registry's state and spawn function; see registry_actor.hpp.
// Runs detached: every change is a sync write.
#pragma once

#include <map>

#include "actors/invoker/router_actor.hpp"
#include "actors/ledger/ledger_store.hpp"
#include "actors/registry/registry_actor.hpp"

namespace vireo::registry {

/// Checks a deploy/update spec and builds the entry; throws std::invalid_argument
/// with a message naming the field. `existing` is the entry an update replaces.
ledger::contract_entry parse_contract_spec(const nlohmann::json& spec, const ledger::contract_entry* existing);

struct registry_state {
  ledger::ledger_store* store = nullptr;
  invoker::router_actor router;
  std::map<std::string, ledger::contract_entry> contracts;

  registry_reply deploy(deploy_contract& request);
  registry_reply set_state(const change_state& request);
  registry_reply remove(const remove_contract& request);

 private:
  registry_reply persist(ledger::contract_entry entry, const std::string& code);
};

/// REQUIRES: `store` outlives the actor.
registry_actor::behavior_type registry(registry_actor::stateful_pointer<registry_state> self,
                                       ledger::ledger_store* store, invoker::router_actor router);

}  // namespace vireo::registry
