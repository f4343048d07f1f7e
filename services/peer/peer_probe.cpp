#include "services/peer/peer_probe.hpp"

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include "support/metrics.hpp"

namespace vireo::peer::probe {

namespace {

struct families {
  prometheus::Gauge& connections = prometheus::BuildGauge()
                                       .Name("vireo_chaincode_connections")
                                       .Help("Chaincode streams registered and ready")
                                       .Register(metrics_registry())
                                       .Add({});
  prometheus::Family<prometheus::Counter>& transactions = prometheus::BuildCounter()
                                                              .Name("vireo_chaincode_transactions_total")
                                                              .Help("Chaincode INIT/TRANSACTION runs by outcome")
                                                              .Register(metrics_registry());
  prometheus::Family<prometheus::Gauge>& launched = prometheus::BuildGauge()
                                                       .Name("vireo_chaincode_launched")
                                                       .Help("Chaincode processes Vireo launched, by supervisor phase")
                                                       .Register(metrics_registry());
  prometheus::Histogram& seconds = prometheus::BuildHistogram()
                                       .Name("vireo_chaincode_transaction_seconds")
                                       .Help("Time of one chaincode INIT/TRANSACTION, talk-backs included")
                                       .Register(metrics_registry())
                                       .Add({}, latency_buckets());
};

families& get() {
  static families f;
  return f;
}

}  // namespace

void connections(size_t ready) {
  get().connections.Set(static_cast<double>(ready));
}

void launch_phase_changed(const char* from, const char* to) {
  if (from)
    get().launched.Add({{"phase", from}}).Decrement();
  get().launched.Add({{"phase", to}}).Increment();
}

void transaction_finished(bool ok, double seconds) {
  get().transactions.Add({{"outcome", ok ? "ok" : "failed"}}).Increment();
  get().seconds.Observe(seconds);
}

}  // namespace vireo::peer::probe
