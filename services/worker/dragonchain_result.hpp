// How a contract's result becomes state and an output, as the Dragonchain
// invoker does it (PROTOCOLS.md §4), for http and system contracts:
// - a JSON object: each top-level key is written to the contract's state
//   ("heap") with its value as JSON text;
// - anything else (an array, a scalar, text that is not JSON): stored under
//   the key `rawResponse`;
// - a string `tag` in an object becomes the output transaction's tag;
// - the output transaction's payload is the result itself.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "services/worker/executor.hpp"

namespace vireo::worker {

/// Applies `body` (the contract's response text) to `state`; returns the ok result.
execution_result apply_dragonchain_result(const std::string& body, state_access& state);

/// The same for a result the contract built as a JSON value: applied as its
/// text would be, without the text.
execution_result apply_dragonchain_result(const nlohmann::json& value, state_access& state);

}  // namespace vireo::worker
