// status: the node's roles, version, chain height and queue depths.
#include "services/ctl/commands.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

struct status_options {};

int status(session& s, const status_options&) {
  auto doc = s.client().get("/v1/status");
  if (s.json_output()) {
    s.print_json(doc);
    return 0;
  }
  std::string roles;
  for (auto& role : doc.value("roles", json::array()))
    roles += (roles.empty() ? "" : ",") + cell_text(role);
  details_printer d;
  d.add("server", s.client().base_url());
  d.add("version", field_text(doc, "version"));
  d.add("roles", roles);
  d.add("block_height", field_text(doc, "block_height"));
  d.add("journal_backlog", field_text(doc, "journal_backlog"));
  d.add("dispatch_queue_depth", field_text(doc, "dispatch_queue_depth"));
  d.add("executions_in_flight", field_text(doc, "executions_in_flight"));
  d.print(s.out());
  auto workers = doc.value("workers", json::array());
  if (!workers.empty()) {
    s.out() << '\n';
    table_printer t({"WORKER", "CREDITS", "IN_FLIGHT"});
    for (auto& w : workers)
      t.add_row({field_text(w, "id"), field_text(w, "credits"), field_text(w, "in_flight")});
    t.print(s.out());
  }
  return 0;
}

}  // namespace

void add_status_command(CLI::App& app, command_action& action) {
  add_action(app, action, "status", "show the node's status", std::make_shared<status_options>(), status);
}

}  // namespace vireo::ctl
