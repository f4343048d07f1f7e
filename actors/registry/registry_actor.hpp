// The contract registry: the single writer of contract entries (and WASM
// code). It validates every deploy and update, writes it with fsync, then
// tells the router, so the router never routes to an entry that is not
// durable.
//
// Order: changes apply in mailbox order.
// Callers: the gateway (operators' API).
#pragma once

#include <string>

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

enum class registry_code { ok, invalid, not_found, conflict, storage_failed };
const char* to_string(registry_code code);

struct registry_reply {
  registry_code code = registry_code::ok;
  std::string message;
  ledger::contract_entry entry;
};

/// Each request -> registry_reply (ok only after fsync).
using registry_actor = caf::typed_actor<caf::replies_to<deploy_contract>::with<registry_reply>,
                                        caf::replies_to<change_state>::with<registry_reply>,
                                        caf::replies_to<remove_contract>::with<registry_reply>>;

}  // namespace vireo::registry

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::deploy_contract)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::change_state)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::remove_contract)
CAF_ALLOW_UNSAFE_MESSAGE_TYPE(vireo::registry::registry_reply)
