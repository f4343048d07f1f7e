// block get|latest|list: the chain.
#include "services/ctl/commands.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

struct block_options {
  std::string which;  ///< a height, a 64-hex hash or "latest"
  uint64_t from_height = 0;
  unsigned limit = 0;
};

int show(session& s, const block_options& options) {
  auto block = s.client().get("/v1/blocks/" + url_escape(options.which));
  if (s.json_output())
    s.print_json(block);
  else
    print_block(s.out(), block);
  return 0;
}

int list(session& s, const block_options& options) {
  std::string path = "/v1/blocks";
  if (options.from_height > 0)
    add_query(path, "from_height", std::to_string(options.from_height));
  if (options.limit > 0)
    add_query(path, "limit", std::to_string(options.limit));
  auto page = s.client().get(path);
  if (s.json_output()) {
    s.print_json(page);
    return 0;
  }
  table_printer t({"HEIGHT", "TIME", "TXS", "HASH"});
  for (auto& block : page.value("blocks", json::array()))
    t.add_row({field_text(block, "height"), format_time_ms(block.value("time_ms", int64_t{0})),
               std::to_string(block.value("transaction_ids", json::array()).size()), field_text(block, "hash")});
  t.print(s.out());
  return 0;
}

}  // namespace

void add_block_commands(CLI::App& app, command_action& action) {
  auto* group = app.add_subcommand("block", "read the chain");
  group->require_subcommand(1);
  auto options = std::make_shared<block_options>();

  add_action(*group, action, "get", "show a block by height or hash", options, show)
      ->add_option("HEIGHT_OR_HASH", options->which, "a height, or a block hash (64 hex digits)")
      ->required();
  add_action(*group, action, "latest", "show the latest block", options,
             [](session& s, block_options o) { o.which = "latest"; return show(s, o); });
  auto* list_cmd = add_action(*group, action, "list", "list blocks by height", options, list);
  list_cmd->add_option("--from-height", options->from_height, "the first height (the server's default when not given)");
  list_cmd->add_option("--limit", options->limit, "at most this many");
}

}  // namespace vireo::ctl
