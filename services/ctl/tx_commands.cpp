// tx submit|batch|get|list|receipt
#include "services/ctl/commands.hpp"
#include "services/ctl/errc.hpp"
#include "services/ctl/inputs.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

constexpr size_t payload_column_width = 60;

struct tx_options {
  std::string id;
  std::string type;
  std::string payload;
  std::string tag;
  std::string batch_file;
  std::string cursor;
  unsigned limit = 0;
  int64_t from_ms = -1;
  int64_t to_ms = -1;
  unsigned wait_ms = 0;
};

int submit(session& s, const tx_options& options) {
  json body = {{"type", options.type}};
  if (!options.payload.empty())
    body["payload"] = parse_json_argument(options.payload, "PAYLOAD_JSON");
  if (!options.tag.empty())
    body["tag"] = options.tag;
  auto accepted = s.client().call("POST", "/v1/transactions", &body).body;
  if (s.json_output()) {
    s.print_json(accepted);
    return 0;
  }
  details_printer d;
  d.add("id", field_text(accepted, "id"));
  d.add("status", field_text(accepted, "status"));
  d.add("contract", field_text(accepted, "contract"));
  d.print(s.out());
  return 0;
}

int submit_batch(session& s, const tx_options& options) {
  auto doc = parse_json_argument(read_input_file(options.batch_file), options.batch_file);
  if (doc.is_array())
    doc = json{{"transactions", doc}};
  if (!doc.is_object() || !doc.contains("transactions"))
    throw ctl_error(errc::usage, options.batch_file + " must hold an array of transactions or {\"transactions\": [...]}");
  auto answer = s.client().call("POST", "/v1/transactions/batch", &doc).body;
  auto results = answer.value("results", json::array());
  size_t rejected = 0;
  for (auto& result : results)
    rejected += result.contains("error") ? 1 : 0;
  if (s.json_output()) {
    s.print_json(answer);
  } else {
    table_printer t({"#", "ID", "STATUS", "ERROR"});
    for (size_t i = 0; i < results.size(); ++i) {
      const auto& r = results[i];
      if (r.contains("error"))
        t.add_row({std::to_string(i), "-", "rejected", field_text(r["error"], "code") + ": " + field_text(r["error"], "message")});
      else
        t.add_row({std::to_string(i), field_text(r, "id"), field_text(r, "status"), ""});
    }
    t.print(s.out());
  }
  if (rejected > 0) {
    s.err() << "vireoctl: " << rejected << " of " << results.size() << " transactions were rejected\n";
    return static_cast<int>(errc::rejected);
  }
  return 0;
}

int get(session& s, const tx_options& options) {
  auto tx = s.client().get("/v1/transactions/" + url_escape(options.id));
  if (s.json_output())
    s.print_json(tx);
  else
    print_transaction(s.out(), tx);
  return 0;
}

int list(session& s, const tx_options& options) {
  std::string path = "/v1/transactions";
  if (!options.type.empty())
    add_query(path, "type", options.type);
  if (options.from_ms >= 0)
    add_query(path, "from_ms", std::to_string(options.from_ms));
  if (options.to_ms >= 0)
    add_query(path, "to_ms", std::to_string(options.to_ms));
  if (options.limit > 0)
    add_query(path, "limit", std::to_string(options.limit));
  if (!options.cursor.empty())
    add_query(path, "cursor", options.cursor);
  auto page = s.client().get(path);
  if (s.json_output()) {
    s.print_json(page);
    return 0;
  }
  table_printer t({"ID", "TYPE", "TIME", "TAG", "INVOKER", "PAYLOAD"});
  for (auto& tx : page.value("transactions", json::array()))
    t.add_row({field_text(tx, "id"), field_text(tx, "type"), format_time_ms(tx.value("timestamp_ms", int64_t{0})),
               field_text(tx, "tag"), field_text(tx, "invoker"),
               truncate(tx.contains("payload") ? tx["payload"].dump() : "-", payload_column_width)});
  t.print(s.out());
  if (page.contains("next_cursor") && page["next_cursor"].is_string())
    s.out() << "\nnext page: --cursor " << page["next_cursor"].get<std::string>() << '\n';
  return 0;
}

int receipt(session& s, const tx_options& options) {
  std::string path = "/v1/receipts/" + url_escape(options.id);
  if (options.wait_ms > 0)
    add_query(path, "wait_ms", std::to_string(options.wait_ms));
  auto answer = s.client().call("GET", path, nullptr, static_cast<long>(options.wait_ms) + 30000);
  if (s.json_output())
    s.print_json(answer.body);
  else if (answer.status == 202)
    s.out() << "invocation " << options.id << " is pending (no receipt yet)\n";
  else
    print_receipt_document(s.out(), answer.body);
  return 0;
}

}  // namespace

void add_tx_commands(CLI::App& app, command_action& action) {
  auto* group = app.add_subcommand("tx", "submit and look up transactions");
  group->require_subcommand(1);
  auto options = std::make_shared<tx_options>();

  auto* submit_cmd = add_action(*group, action, "submit", "submit one transaction", options, submit);
  submit_cmd->add_option("TYPE", options->type, "the transaction type (names the contract it triggers)")->required();
  submit_cmd->add_option("PAYLOAD_JSON", options->payload, "the payload, JSON (default {})");
  submit_cmd->add_option("--tag", options->tag, "a tag stored with the transaction");

  add_action(*group, action, "batch", "submit several transactions in one request", options, submit_batch)
      ->add_option("FILE", options->batch_file, "JSON: [{type, payload, tag?}, ...] (- reads stdin)")
      ->required();

  add_action(*group, action, "get", "show one transaction", options, get)
      ->add_option("ID", options->id, "the transaction id")->required();

  auto* list_cmd = add_action(*group, action, "list", "list transactions, a page at a time", options, list);
  list_cmd->add_option("--type", options->type, "only transactions of this type");
  list_cmd->add_option("--limit", options->limit, "at most this many (the server's default when not given)");
  list_cmd->add_option("--from-ms", options->from_ms, "only from this Unix time (ms)");
  list_cmd->add_option("--to-ms", options->to_ms, "only up to this Unix time (ms)");
  list_cmd->add_option("--cursor", options->cursor, "continue from a previous page's next cursor");

  auto* receipt_cmd = add_action(*group, action, "receipt", "show the receipt of an invocation", options, receipt);
  receipt_cmd->add_option("ID", options->id, "the invocation (transaction) id")->required();
  receipt_cmd->add_option("--wait-ms", options->wait_ms, "wait up to this long for it (at most 30000)");
}

}  // namespace vireo::ctl
