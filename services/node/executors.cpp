#include "services/node/executors.hpp"

#include <atomic>

#include <nlohmann/json.hpp>

#include "actors/ledger/records.hpp"
#include "proto-msgs/bus/codec.hpp"
#include "services/peer/chaincode_executor.hpp"
#include "services/peer/peer_service.hpp"
#include "services/peer/peer_settings.hpp"
#include "services/vm/driver/wasm_executor.hpp"
#include "services/worker/worker_role.hpp"
#include "support/logging.hpp"

namespace vireo::node {

namespace {

constexpr auto code_read_timeout = std::chrono::seconds(5);
constexpr auto contract_read_timeout = std::chrono::seconds(5);

/// Module bytes by code hash, from the core's code store over the bus.
vm::code_loader bus_code_loader(bus::worker_endpoint& endpoint) {
  return [&endpoint](const std::string& code_hash) -> std::optional<std::string> {
    auto reply = endpoint.call(bus::message_type::code_read, bus::code_read{code_hash},
                               std::chrono::steady_clock::now() + code_read_timeout);
    if (!reply || reply->type != static_cast<uint16_t>(bus::message_type::code_value))
      return std::nullopt;
    auto value = bus::unpack<bus::code_value>(reply->body);
    if (!value.found)
      return std::nullopt;
    return value.code;
  };
}

/// Resolves INVOKE_CHAINCODE names to deployed chaincode contracts through the
/// core; the callee runs on a nested view of the caller's state, so its reads
/// and writes are validated and committed with the caller's invocation.
peer::chaincode_resolver bus_chaincode_resolver(std::shared_ptr<std::atomic<bus::worker_endpoint*>> endpoint) {
  return [endpoint](const std::string& name,
                    worker::state_access& caller) -> std::optional<peer::resolved_chaincode> {
    auto* bus = endpoint->load();
    if (!bus)
      return std::nullopt;
    auto reply = bus->call(bus::message_type::contract_read, bus::contract_read{name},
                           std::chrono::steady_clock::now() + contract_read_timeout);
    if (!reply || reply->type != static_cast<uint16_t>(bus::message_type::contract_value))
      return std::nullopt;
    auto value = bus::unpack<bus::contract_value>(reply->body);
    if (!value.found)
      return std::nullopt;
    auto entry = ledger::contract_entry::from_json(nlohmann::json::parse(value.entry_json));
    auto state = caller.nested(entry.name);
    if (!state)
      return std::nullopt;
    worker::contract_spec spec{entry.name, entry.kind, entry.execution, entry.runtime.dump(), entry.env,
                               entry.exec_timeout_ms};
    return peer::resolved_chaincode{std::move(spec), std::move(state)};
  };
}

peer::peer_settings chaincode_settings(const node_config& config) {
  nlohmann::json tls = {{"enabled", !config.chaincode_tls_cert_file.empty()},
                        {"cert_file", config.chaincode_tls_cert_file},
                        {"key_file", config.chaincode_tls_key_file},
                        {"client_ca_file", config.chaincode_tls_client_ca_file},
                        {"root_ca_file", config.chaincode_tls_root_ca_file}};
  return peer::parse_peer_settings({{"listen_address", config.chaincode_listen},
                                    {"data_dir", config.data_dir + "/peer"},
                                    {"mspid", config.chaincode_mspid},
                                    {"exec_timeout_ms", config.chaincode_exec_timeout_ms},
                                    {"register_wait_ms", config.chaincode_register_wait_ms},
                                    {"tls", tls}});
}

}  // namespace

worker::executor_factories node_executors(const node_config& config) {
  auto factories = worker::builtin_executors(config);
  vm::vm_settings settings;
  settings.pool_size = config.wasm_vm_children;
  settings.vm_binary = config.wasm_vm_path;
  settings.default_gas_limit = config.wasm_gas_limit;
  settings.default_memory_limit_pages = config.wasm_memory_limit_pages;
  try {
    std::shared_ptr<vm::vm_pool> pool = vm::make_vm_pool(settings);
    factories["wasm"] = [pool](bus::worker_endpoint& endpoint) {
      return vm::make_wasm_executor(pool, bus_code_loader(endpoint));
    };
  } catch (const std::exception& e) {
    // The node still runs every other kind; wasm invocations fail with
    // "no executor for contract kind 'wasm'".
    logger("node")->error("wasm executor unavailable: {}", e.what());
  }
  try {
    // One peer service (gRPC server, connected chaincodes) shared by every slot.
    // The worker's bus exists only when its executors are made; the resolver
    // finds it through this slot.
    auto endpoint = std::make_shared<std::atomic<bus::worker_endpoint*>>(nullptr);
    auto service = std::make_shared<peer::peer_service>(chaincode_settings(config), bus_chaincode_resolver(endpoint));
    logger("node")->info("chaincode peer listening at {}", service->listen_address());
    factories["chaincode"] = [service, endpoint](bus::worker_endpoint& bus) {
      endpoint->store(&bus);
      return peer::make_chaincode_executor(service);
    };
  } catch (const std::exception& e) {
    logger("node")->error("chaincode executor unavailable: {}", e.what());
  }
  return factories;
}

}  // namespace vireo::node
