// The contract registry: the single writer of contract entries (and WASM
// code). It validates every deploy and update, writes it with fsync, then
// tells the router, so the router never routes to an entry that is not
// durable.
//
// Order: changes and lookups apply in mailbox order.
// Callers: the gateway (operators' API).
#pragma once

#include <string>
#include <vector>

#include <caf/all.hpp>
#include <nlohmann/json.hpp>

#include "actors/ledger/records.hpp"

namespace vireo::registry {

/// Deploy a new contract (update=false) or replace an existing one's
/// settings (update=true). `spec` is the JSON of docs/api.md; `code` is the
/// module for a wasm contract (raw bytes).
struct deploy_contract {
  nlohmann::json spec;
  bool update = false;
  std::string code;
};

/// Move a contract to another lifecycle state (active <-> inactive).
struct change_state {
  std::string name;
  ledger::contract_state state = ledger::contract_state::active;
};

/// Remove a contract from the registry; its state and history stay in the
/// ledger.
struct remove_contract {
  std::string name;
};

/// Look up one contract. Readers ask the registry rather than the ledger: the
/// ledger shows a change as soon as it is written, before the router has been
/// told, while the registry answers after telling it. So a submission sent
/// once the registry reports a contract active is routed to it.
struct find_contract {
  std::string name;
};

/// All contracts, in name order.
struct list_contracts {};

struct contract_list {
  std::vector<ledger::contract_entry> entries;
};

enum class registry_code { ok, invalid, not_found, conflict, storage_failed };
const char* to_string(registry_code code);

struct registry_reply {
  registry_code code = registry_code::ok;
  std::string message;
  ledger::contract_entry entry;
};

/// Each change -> registry_reply (ok only after fsync); find_contract ->
/// registry_reply (ok or not_found); list_contracts -> contract_list.
using registry_actor = caf::typed_actor<caf::replies_to<deploy_contract>::with<registry_reply>,
                                        caf::replies_to<change_state>::with<registry_reply>,
                                        caf::replies_to<remove_contract>::with<registry_reply>,
                                        caf::replies_to<find_contract>::with<registry_reply>,
                                        caf::replies_to<list_contracts>::with<contract_list>>;

}  // namespace vireo::registry

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::deploy_contract)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::change_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::remove_contract)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::find_contract)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::list_contracts)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::contract_list)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::registry_reply)
