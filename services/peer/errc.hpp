// Error codes of the chaincode peer (services/peer/). Each code has one fixed
// text generated from the list below, so a code and its text cannot drift.
// Failure reasons handed to the worker start with that text, then the details:
//   "chaincode timeout: no COMPLETED within 1500 ms (chaincode asset:1, tx 3f2a...)"
#pragma once

#include <string>
#include <string_view>

namespace vireo::peer {

#define VIREO_PEER_ERRC(X)                                                      \
  X(bad_settings, "invalid peer settings")                                      \
  X(bad_runtime, "invalid chaincode runtime settings")                          \
  X(bad_transaction, "invalid transaction for a chaincode")                     \
  X(not_connected, "chaincode not connected")                                   \
  X(stream_lost, "chaincode stream lost")                                       \
  X(timeout, "chaincode timeout")                                               \
  X(chaincode_error, "chaincode error")                                         \
  X(chaincode_failed, "chaincode returned an error status")                     \
  X(protocol_violation, "chaincode protocol violation")                         \
  X(malformed_message, "malformed message from chaincode")                      \
  X(unsupported, "not supported by Vireo")                                      \
  X(invoke_failed, "chaincode-to-chaincode invoke failed")                      \
  X(identity, "peer identity error")                                            \
  X(launch, "chaincode launch error")

enum class errc {
#define VIREO_PEER_ERRC_ENUM(name, text) name,
  VIREO_PEER_ERRC(VIREO_PEER_ERRC_ENUM)
#undef VIREO_PEER_ERRC_ENUM
};

/// The fixed text of `code`.
std::string_view to_string(errc code);

/// "<text of code>: <detail>", the shape of every failure reason this folder reports.
std::string describe(errc code, std::string_view detail);

}  // namespace vireo::peer
