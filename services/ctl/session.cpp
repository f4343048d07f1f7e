#include "services/ctl/session.hpp"

#include <ostream>

namespace vireo::ctl {

session::session(const global_options& options, std::ostream& out, std::ostream& err)
    : client_(options.server),
      format_(options.output == "json" ? output_format::json : output_format::table),
      out_(out),
      err_(err) {}

void session::print_json(const nlohmann::json& doc) {
  out_ << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

}  // namespace vireo::ctl
