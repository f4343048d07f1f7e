#include <iostream>

#include "services/ctl/commands.hpp"
#include "services/ctl/errc.hpp"

namespace vireo::ctl {

int run_command(const global_options& options, const command_action& action) {
  try {
    session s(options, std::cout, std::cerr);
    return action(s);
  } catch (const ctl_error& e) {
    std::cout.flush();
    std::cerr << "vireoctl: " << to_string(e.code()) << ": " << e.what() << '\n';
    return static_cast<int>(e.code());
  } catch (const nlohmann::json::exception& e) {
    // A document without the fields this version of vireoctl expects.
    std::cout.flush();
    std::cerr << "vireoctl: " << to_string(errc::server_error) << ": unexpected answer: " << e.what() << '\n';
    return static_cast<int>(errc::server_error);
  }
}

}  // namespace vireo::ctl
