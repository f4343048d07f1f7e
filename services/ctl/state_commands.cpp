// state get|list|history: a contract's key-value state ("heap").
#include "services/ctl/commands.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

constexpr size_t value_column_width = 80;

struct state_options {
  std::string contract;
  std::string key;
  std::string prefix;
  std::string cursor;
  unsigned limit = 0;
};

std::string state_path(const state_options& options) {
  return "/v1/contracts/" + url_escape(options.contract) + "/state";
}

int get(session& s, const state_options& options) {
  auto entry = s.client().get(state_path(options) + "/" + url_escape(options.key));
  if (s.json_output()) {
    s.print_json(entry);
    return 0;
  }
  details_printer d;
  d.add("key", field_text(entry, "key"));
  d.add("value", entry.contains("value") ? entry["value"].dump(-1, ' ', false, json::error_handler_t::replace) : "-");
  d.add("version", field_text(entry, "version"));
  d.print(s.out());
  return 0;
}

int list(session& s, const state_options& options) {
  auto path = state_path(options);
  if (!options.prefix.empty())
    add_query(path, "prefix", options.prefix);
  if (options.limit > 0)
    add_query(path, "limit", std::to_string(options.limit));
  if (!options.cursor.empty())
    add_query(path, "cursor", options.cursor);
  auto page = s.client().get(path);
  if (s.json_output()) {
    s.print_json(page);
    return 0;
  }
  table_printer t({"KEY", "VERSION", "VALUE"});
  for (auto& entry : page.value("entries", json::array()))
    t.add_row({field_text(entry, "key"), field_text(entry, "version"),
               truncate(entry.contains("value") ? entry["value"].dump() : "-", value_column_width)});
  t.print(s.out());
  if (page.contains("next_cursor") && page["next_cursor"].is_string())
    s.out() << "\nnext page: --cursor " << page["next_cursor"].get<std::string>() << '\n';
  return 0;
}

int history(session& s, const state_options& options) {
  auto doc = s.client().get(state_path(options) + "/" + url_escape(options.key) + "/history");
  if (s.json_output()) {
    s.print_json(doc);
    return 0;
  }
  table_printer t({"VERSION", "TIME", "INVOCATION", "VALUE"});
  for (auto& change : doc.value("history", json::array()))
    t.add_row({field_text(change, "version"), format_time_ms(change.value("timestamp_ms", int64_t{0})),
               field_text(change, "invocation_id"),
               change.value("deleted", false) ? "(deleted)"
                                              : truncate(change.contains("value") ? change["value"].dump() : "-",
                                                         value_column_width)});
  t.print(s.out());
  return 0;
}

}  // namespace

void add_state_commands(CLI::App& app, command_action& action) {
  auto* group = app.add_subcommand("state", "read a contract's state");
  group->require_subcommand(1);
  auto options = std::make_shared<state_options>();

  auto* get_cmd = add_action(*group, action, "get", "show one key", options, get);
  get_cmd->add_option("CONTRACT", options->contract, "the contract")->required();
  get_cmd->add_option("KEY", options->key, "the key")->required();

  auto* list_cmd = add_action(*group, action, "list", "list keys, a page at a time", options, list);
  list_cmd->add_option("CONTRACT", options->contract, "the contract")->required();
  list_cmd->add_option("--prefix", options->prefix, "only keys starting with this");
  list_cmd->add_option("--limit", options->limit, "at most this many (the server's default when not given)");
  list_cmd->add_option("--cursor", options->cursor, "continue from a previous page's next cursor");

  auto* history_cmd = add_action(*group, action, "history", "show every change of one key", options, history);
  history_cmd->add_option("CONTRACT", options->contract, "the contract")->required();
  history_cmd->add_option("KEY", options->key, "the key")->required();
}

}  // namespace vireo::ctl
