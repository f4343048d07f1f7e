#include "services/peer/log.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace vireo::peer {

spdlog::logger& log() {
  static std::shared_ptr<spdlog::logger> logger = [] {
    if (auto existing = spdlog::get("peer")) return existing;
    try {
      return spdlog::stderr_color_mt("peer");
    } catch (const spdlog::spdlog_ex&) {  // registered concurrently by someone else
      return spdlog::get("peer");
    }
  }();
  return *logger;
}

}  // namespace vireo::peer
