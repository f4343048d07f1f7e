#include "actors/ledger/records.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "actors/ledger/record_codec.hpp"
#include "support/hash.hpp"

namespace vireo::ledger {

using nlohmann::json;

json transaction::to_json() const {
  json j = {{"id", id}, {"type", type}, {"timestamp_ms", timestamp_ms}, {"payload", payload}};
  if (!tag.empty())
    j["tag"] = tag;
  if (!invoker.empty())
    j["invoker"] = invoker;
  return j;
}

std::string to_json_text(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

namespace {

/// Appends `text` as a JSON string, exactly as to_json_text(json(text)) writes it.
void append_json_string(std::string& out, std::string_view text) {
  // Ids, types and tags are mostly printable ASCII with nothing to escape:
  // those are written as they are, without building a JSON value around them.
  bool plain = std::all_of(text.begin(), text.end(), [](unsigned char c) {
    return c >= 0x20 && c < 0x7f && c != '"' && c != '\\';
  });
  if (!plain) {
    out += to_json_text(json(std::string(text)));
    return;
  }
  out += '"';
  out += text;
  out += '"';
}

}  // namespace

std::string transaction::to_json_text(std::string_view payload_json) const {
  // The members in to_json()'s order (nlohmann keeps object keys sorted).
  std::string text;
  text.reserve(payload_json.size() + id.size() + invoker.size() + tag.size() + type.size() + 96);
  text += "{\"id\":";
  append_json_string(text, id);
  if (!invoker.empty()) {
    text += ",\"invoker\":";
    append_json_string(text, invoker);
  }
  text += ",\"payload\":";
  text += payload_json;
  if (!tag.empty()) {
    text += ",\"tag\":";
    append_json_string(text, tag);
  }
  text += ",\"timestamp_ms\":";
  text += std::to_string(timestamp_ms);
  text += ",\"type\":";
  append_json_string(text, type);
  text += '}';
  return text;
}

std::string transaction::to_json_text() const {
  return to_json_text(ledger::to_json_text(payload));
}

transaction transaction::from_json(const json& j) {
  transaction t;
  t.id = j.at("id").get<std::string>();
  t.type = j.at("type").get<std::string>();
  t.timestamp_ms = j.at("timestamp_ms").get<int64_t>();
  t.payload = j.value("payload", json());
  t.tag = j.value("tag", "");
  t.invoker = j.value("invoker", "");
  return t;
}

namespace {

constexpr const char* contract_state_names[] = {"pending", "active", "error", "inactive", "deleting"};
constexpr const char* receipt_status_names[] = {"committed", "invalid", "failed"};

}  // namespace

const char* to_string(contract_state state) {
  return contract_state_names[static_cast<int>(state)];
}

std::optional<contract_state> parse_contract_state(const std::string& text) {
  for (int i = 0; i < 5; ++i)
    if (text == contract_state_names[i])
      return static_cast<contract_state>(i);
  return std::nullopt;
}

const char* to_string(receipt_status status) {
  return receipt_status_names[static_cast<int>(status)];
}

json contract_entry::to_json() const {
  return {{"name", name},       {"kind", kind},       {"execution", execution},
          {"triggers", triggers}, {"runtime", runtime}, {"env", env},
          {"exec_timeout_ms", exec_timeout_ms},       {"state", to_string(state)},
          {"error", error},     {"revision", revision}, {"created_ms", created_ms},
          {"updated_ms", updated_ms}};
}

contract_entry contract_entry::from_json(const json& j) {
  contract_entry c;
  c.name = j.at("name").get<std::string>();
  c.kind = j.at("kind").get<std::string>();
  c.execution = j.at("execution").get<std::string>();
  c.triggers = j.at("triggers").get<std::vector<std::string>>();
  c.runtime = j.value("runtime", json::object());
  c.env = j.value("env", std::map<std::string, std::string>{});
  c.exec_timeout_ms = j.value("exec_timeout_ms", 0u);
  auto state = parse_contract_state(j.value("state", "active"));
  if (!state)
    throw std::invalid_argument("unknown contract state");
  c.state = *state;
  c.error = j.value("error", "");
  c.revision = j.value("revision", uint64_t{0});
  c.created_ms = j.value("created_ms", int64_t{0});
  c.updated_ms = j.value("updated_ms", int64_t{0});
  return c;
}

json receipt::to_json() const {
  return {{"invocation_id", invocation_id}, {"contract", contract},
          {"status", to_string(status)},    {"reason", reason},
          {"retries", retries},             {"output_tx_id", output_tx_id},
          {"commit_seq", commit_seq},       {"journal_sequence", journal_sequence},
          {"submitted_ms", submitted_ms},
          {"committed_ms", committed_ms}};
}

std::string receipt::encode() const {
  return msgpack_string(std::make_tuple(invocation_id, contract, static_cast<uint8_t>(status), reason, retries,
                                        output_tx_id, commit_seq, journal_sequence, submitted_ms, committed_ms));
}

receipt receipt::decode(std::string_view bytes) {
  auto fields = unpack_record<std::tuple<std::string, std::string, uint8_t, std::string, uint32_t, std::string,
                                         uint64_t, uint64_t, int64_t, int64_t>>(bytes, "receipt");
  receipt r;
  uint8_t status = 0;
  std::tie(r.invocation_id, r.contract, status, r.reason, r.retries, r.output_tx_id, r.commit_seq,
           r.journal_sequence, r.submitted_ms, r.committed_ms) = std::move(fields);
  if (status > static_cast<uint8_t>(receipt_status::failed))
    throw storage_error("corrupt receipt record: unknown status " + std::to_string(status));
  r.status = static_cast<receipt_status>(status);
  return r;
}

std::string block::compute_hash() const {
  std::string header = std::to_string(height) + "|" + previous_hash + "|" + std::to_string(time_ms) + "|" +
                       merkle_root + "|" + std::to_string(transaction_ids.size());
  return sha256_hex(header);
}

json block::to_json() const {
  return {{"height", height},   {"hash", hash},
          {"previous_hash", previous_hash}, {"time_ms", time_ms},
          {"merkle_root", merkle_root},     {"transaction_ids", transaction_ids}};
}

block block::from_json(const json& j) {
  block b;
  b.height = j.at("height").get<uint64_t>();
  b.hash = j.at("hash").get<std::string>();
  b.previous_hash = j.at("previous_hash").get<std::string>();
  b.time_ms = j.at("time_ms").get<int64_t>();
  b.merkle_root = j.at("merkle_root").get<std::string>();
  b.transaction_ids = j.at("transaction_ids").get<std::vector<std::string>>();
  return b;
}

std::string journal_entry::encode() const {
  return msgpack_string(std::make_tuple(invocation_id, contract, submitted_ms));
}

journal_entry journal_entry::decode(uint64_t sequence, std::string_view bytes) {
  journal_entry e;
  e.sequence = sequence;
  std::tie(e.invocation_id, e.contract, e.submitted_ms) =
      unpack_record<std::tuple<std::string, std::string, int64_t>>(bytes, "journal");
  return e;
}

std::string event_record::encode() const {
  return msgpack_string(std::make_tuple(invocation_id, contract, name, payload));
}

event_record event_record::decode(uint64_t commit_seq, std::string_view bytes) {
  event_record e;
  e.commit_seq = commit_seq;
  std::tie(e.invocation_id, e.contract, e.name, e.payload) =
      unpack_record<std::tuple<std::string, std::string, std::string, std::string>>(bytes, "event");
  return e;
}

}  // namespace vireo::ledger
