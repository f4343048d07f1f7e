// The `runtime` JSON of a chaincode contract's registry entry, e.g.
//   {"chaincode_id": "asset:1a2b", "mode": "client", "channel_id": "vireo",
//    "init": true, "launch": "node_modules/.bin/fabric-chaincode-node start --module-path cc"}
//   {"chaincode_id": "asset:1a2b", "mode": "server", "address": "10.0.0.7:9999"}
#pragma once

#include <string>

namespace vireo::peer {

struct chaincode_runtime {
  /// The id the chaincode registers with ("name:hash"), or just its name.
  std::string chaincode_id;
  enum class mode_kind { client, server } mode = mode_kind::client;
  /// Server mode: where the chaincode listens ("host:port").
  std::string address;
  /// Channel id sent on every message. Default: "vireo".
  std::string channel_id = "vireo";
  /// Client mode, optional: a shell command Vireo starts and supervises; it gets
  /// `--peer.address HOST:PORT` appended and CORE_CHAINCODE_ID_NAME in its env.
  std::string launch;
  /// Send INIT when the contract is deployed. Default: false.
  bool init = false;
};

/// Parses a contract's runtime JSON text. Throws std::invalid_argument with an
/// errc::bad_runtime reason (bad JSON, unknown key, missing chaincode_id, server
/// mode without address, launch in server mode).
chaincode_runtime parse_chaincode_runtime(const std::string& json_text);

/// True when a chaincode that registered as `registered` serves `wanted`:
/// equal ids, or `wanted` has no ":hash" and names the registered label.
bool chaincode_id_matches(const std::string& wanted, const std::string& registered);

}  // namespace vireo::peer
