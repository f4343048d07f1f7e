#include "services/bus/bus_probe.hpp"

#include "support/metrics.hpp"

namespace vireo::bus {

const char* type_name(uint16_t type) {
  static const char* names[] = {"unknown",     "hello",      "heartbeat",    "goodbye",     "execute",
                                "result",      "state_read", "state_value",  "range_read",  "range_value",
                                "history_read", "history_value", "code_read", "code_value", "error",
                                "contract_read", "contract_value"};
  return type < sizeof(names) / sizeof(names[0]) ? names[type] : "unknown";
}

bus_probe::bus_probe(const std::string& role) : role_(role) {
  auto& registry = metrics_registry();
  messages_ = &prometheus::BuildCounter()
                   .Name("vireo_bus_messages_total")
                   .Help("Bus messages by role, direction and type")
                   .Register(registry);
  bad_frames_ = &prometheus::BuildCounter()
                     .Name("vireo_bus_bad_frames_total")
                     .Help("Bus frames that could not be decoded")
                     .Register(registry)
                     .Add({{"role", role}});
  peers_ = &prometheus::BuildGauge()
                .Name("vireo_bus_peers")
                .Help("Live bus peers")
                .Register(registry)
                .Add({{"role", role}});
}

}  // namespace vireo::bus
