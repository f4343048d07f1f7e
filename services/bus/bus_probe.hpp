// Metrics of a bus endpoint.
#pragma once

#include <string>

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>

namespace vireo::bus {

class bus_probe {
 public:
  /// `role`: "core" or "worker".
  explicit bus_probe(const std::string& role);
  void message_in(const char* type) { messages_->Add({{"role", role_}, {"dir", "in"}, {"type", type}}).Increment(); }
  void message_out(const char* type) { messages_->Add({{"role", role_}, {"dir", "out"}, {"type", type}}).Increment(); }
  void bad_frame() { bad_frames_->Increment(); }
  void peers(size_t count) { peers_->Set(static_cast<double>(count)); }

 private:
  std::string role_;
  prometheus::Family<prometheus::Counter>* messages_;
  prometheus::Counter* bad_frames_;
  prometheus::Gauge* peers_;
};

/// The name of a message type for metrics and logs.
const char* type_name(uint16_t type);

}  // namespace vireo::bus
