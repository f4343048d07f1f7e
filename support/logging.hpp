// Structured logging: one named spdlog logger per folder ("journal",
// "committer", "bus", ...), every line carrying the ids it concerns as
// key=value pairs (inv=<invocation id> tx=<transaction id> contract=<name>).
// Thread-safe.
#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace vireo {

/// Sets the level ("trace".."error") and format ("text" | "json") of every
/// logger, present and future. Call once at start, before the roles start.
void init_logging(const std::string& level, const std::string& format);

/// The logger named `name`, created on first use.
std::shared_ptr<spdlog::logger> logger(const std::string& name);

}  // namespace vireo
