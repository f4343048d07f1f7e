#include "services/ctl/views.hpp"

#include <ctime>

#include "services/ctl/table_printer.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

std::string join(const json& list, const char* separator) {
  std::string out;
  for (auto& item : list) {
    if (!out.empty())
      out += separator;
    out += cell_text(item);
  }
  return out;
}

int64_t int_field(const json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number() ? it->get<int64_t>() : 0;
}

}  // namespace

std::string cell_text(const json& value) {
  if (value.is_null())
    return "-";
  if (value.is_string())
    return value.get<std::string>();
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string field_text(const json& object, const char* key) {
  if (!object.is_object())
    return "-";
  auto it = object.find(key);
  return it == object.end() ? "-" : cell_text(*it);
}

std::string format_time_ms(int64_t ms) {
  if (ms <= 0)
    return "-";
  std::time_t seconds = static_cast<std::time_t>(ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char text[40];
  auto n = std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(text + n, sizeof text - n, ".%03dZ", static_cast<int>(ms % 1000));
  return text;
}

void print_contract(std::ostream& out, const json& entry) {
  details_printer d;
  d.add("name", field_text(entry, "name"));
  d.add("kind", field_text(entry, "kind"));
  d.add("execution", field_text(entry, "execution"));
  d.add("state", field_text(entry, "state"));
  d.add("triggers", join(entry.value("triggers", json::array()), ", "));
  d.add("runtime", field_text(entry, "runtime"));
  if (entry.contains("env") && !entry["env"].empty())
    d.add("env", field_text(entry, "env"));
  auto timeout = int_field(entry, "exec_timeout_ms");
  d.add("exec_timeout_ms", timeout == 0 ? "0 (node default)" : std::to_string(timeout));
  d.add("revision", field_text(entry, "revision"));
  d.add("created", format_time_ms(int_field(entry, "created_ms")));
  d.add("updated", format_time_ms(int_field(entry, "updated_ms")));
  if (!entry.value("error", "").empty())
    d.add("error", field_text(entry, "error"));
  d.print(out);
}

void print_transaction(std::ostream& out, const json& tx) {
  details_printer d;
  d.add("id", field_text(tx, "id"));
  d.add("type", field_text(tx, "type"));
  d.add("time", format_time_ms(int_field(tx, "timestamp_ms")));
  if (tx.contains("tag"))
    d.add("tag", field_text(tx, "tag"));
  if (tx.contains("invoker"))
    d.add("invoker", field_text(tx, "invoker"));
  d.add("payload", tx.contains("payload") ? tx["payload"].dump(-1, ' ', false, json::error_handler_t::replace) : "-");
  d.print(out);
}

void print_receipt_document(std::ostream& out, const json& doc) {
  const auto& receipt = doc.contains("receipt") ? doc["receipt"] : json::object();
  details_printer d;
  d.add("invocation", field_text(receipt, "invocation_id"));
  d.add("contract", field_text(receipt, "contract"));
  d.add("status", field_text(receipt, "status"));
  if (!receipt.value("reason", "").empty())
    d.add("reason", field_text(receipt, "reason"));
  d.add("retries", field_text(receipt, "retries"));
  d.add("commit_seq", field_text(receipt, "commit_seq"));
  d.add("journal_seq", field_text(receipt, "journal_sequence"));
  auto submitted = int_field(receipt, "submitted_ms");
  auto committed = int_field(receipt, "committed_ms");
  d.add("submitted", format_time_ms(submitted));
  d.add("committed", format_time_ms(committed));
  if (submitted > 0 && committed >= submitted)
    d.add("latency_ms", std::to_string(committed - submitted));
  d.add("output_tx", field_text(receipt, "output_tx_id"));
  if (doc.contains("output") && doc["output"].is_object())
    d.add("output", doc["output"].contains("payload") ? cell_text(doc["output"]["payload"]) : "-");
  d.print(out);
  const auto& events = doc.contains("events") ? doc["events"] : json::array();
  if (!events.empty()) {
    out << '\n';
    table_printer t({"EVENT", "PAYLOAD"});
    for (auto& e : events)
      t.add_row({field_text(e, "name"), truncate(field_text(e, "payload"), 100)});
    t.print(out);
  }
}

void print_block(std::ostream& out, const json& block) {
  details_printer d;
  d.add("height", field_text(block, "height"));
  d.add("hash", field_text(block, "hash"));
  auto previous = field_text(block, "previous_hash");
  d.add("previous_hash", previous.empty() ? "- (first block)" : previous);
  d.add("time", format_time_ms(int_field(block, "time_ms")));
  d.add("merkle_root", field_text(block, "merkle_root"));
  const auto& ids = block.contains("transaction_ids") ? block["transaction_ids"] : json::array();
  d.add("transactions", std::to_string(ids.size()));
  d.print(out);
  if (!ids.empty()) {
    out << '\n';
    table_printer t({"TRANSACTION"});
    for (auto& id : ids)
      t.add_row({cell_text(id)});
    t.print(out);
  }
}

}  // namespace vireo::ctl
