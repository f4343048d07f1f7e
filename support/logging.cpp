#include "support/logging.hpp"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>

namespace vireo {
namespace {

std::mutex registry_mutex;

}  // namespace

void init_logging(const std::string& level, const std::string& format) {
  std::lock_guard<std::mutex> guard{registry_mutex};
  spdlog::set_level(spdlog::level::from_str(level));
  if (format == "json")
    spdlog::set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l","logger":"%n","thread":%t,"msg":"%v"})",
                        spdlog::pattern_time_type::utc);
  else
    spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%fZ %^%-5l%$ [%n] %v", spdlog::pattern_time_type::utc);
}

std::shared_ptr<spdlog::logger> logger(const std::string& name) {
  std::lock_guard<std::mutex> guard{registry_mutex};
  if (auto existing = spdlog::get(name))
    return existing;
  // stderr: stdout stays free for command output (--print-config, the demo).
  return spdlog::stderr_color_mt(name);
}

}  // namespace vireo
