// The chaincode peer's one named logger ("peer"). Every line names the chaincode
// and, where there is one, the transaction id.
#pragma once

#include <spdlog/spdlog.h>

namespace vireo::peer {

/// The "peer" logger; created on first use (stderr) unless the process
/// registered one under that name before.
spdlog::logger& log();

}  // namespace vireo::peer
