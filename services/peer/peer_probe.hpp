// Metrics of the chaincode peer: connected chaincodes and transaction
// outcomes. Process-wide (one registry of metrics per process); thread-safe.
#pragma once

#include <cstddef>

namespace vireo::peer::probe {

/// The number of chaincode streams ready to serve changed.
void connections(size_t ready);
/// A launched chaincode process moved from phase `from` (null: new) to `to`
/// ("starting", "running", "backing_off", "stopped").
void launch_phase_changed(const char* from, const char* to);
/// One INIT/TRANSACTION ended: `ok` (COMPLETED < 400) or not.
void transaction_finished(bool ok, double seconds);

}  // namespace vireo::peer::probe
