#include "services/vm/driver/vm_settings.hpp"

#include <unistd.h>

#include <cstdlib>
#include <stdexcept>
#include <system_error>

namespace vireo::vm {
namespace {

bool is_executable(const std::string& path) { return !path.empty() && ::access(path.c_str(), X_OK) == 0; }

std::string own_directory() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {};
  std::string path(buf, static_cast<size_t>(n));
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

std::string locate_vm_binary(const std::string& explicit_path) {
  if (!explicit_path.empty()) {
    if (is_executable(explicit_path)) return explicit_path;
    throw std::runtime_error("vireo-vm binary " + explicit_path + " is not an executable file");
  }
  const std::string beside = own_directory() + "/vireo-vm";
  if (is_executable(beside)) return beside;
  const char* env = std::getenv("VIREO_VM_PATH");
  const std::string from_env = env != nullptr ? env : "";
  if (is_executable(from_env)) return from_env;
  throw std::runtime_error("vireo-vm not found: not next to the running binary (" + beside +
                           ") and VIREO_VM_PATH " +
                           (from_env.empty() ? std::string("is not set")
                                             : "names no executable file (" + from_env + ")"));
}

}  // namespace vireo::vm
