#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

#include "services/gateway/api_errors.hpp"
#include "services/gateway/api_routes.hpp"
#include "services/gateway/core_bridge.hpp"
#include "support/hash.hpp"
#include "support/ids.hpp"
#include "support/json_depth.hpp"
#include "support/logging.hpp"

namespace vireo::gateway {

using nlohmann::json;

namespace {

constexpr size_t max_type_length = 128;

unsigned status_of(invoker::submit_code code) {
  switch (code) {
    case invoker::submit_code::accepted: return 202;
    case invoker::submit_code::busy: return 503;
    case invoker::submit_code::unknown_type: return 404;
    case invoker::submit_code::contract_inactive: return 409;
    case invoker::submit_code::storage_failed: return 500;
  }
  return 500;
}

/// The receipt with its output transaction and events.
json receipt_document(const ledger::ledger_store& store, const ledger::receipt& receipt) {
  json doc = {{"receipt", receipt.to_json()}};
  if (auto output = store.get_transaction(receipt.output_tx_id))
    doc["output"] = output->to_json();
  json events = json::array();
  for (auto& e : store.events_of(receipt.invocation_id, receipt.commit_seq))
    events.push_back({{"name", e.name}, {"payload", bytes_to_json(e.payload)}});
  doc["events"] = events;
  return doc;
}

}  // namespace

json bytes_to_json(const std::string& bytes) {
  if (within_json_depth(bytes)) {
    auto parsed = json::parse(bytes, nullptr, false);
    if (!parsed.is_discarded())
      return parsed;
  }
  json text = bytes;
  try {
    (void)text.dump();
    return text;
  } catch (const json::type_error&) {
    return {{"hex", to_hex(bytes)}};
  }
}

namespace {

constexpr size_t max_batch = 1000;

/// A validated transaction from a submission body, or the typed error.
struct parsed_transaction {
  std::optional<ledger::transaction> tx;
  std::string code;
  std::string message;
};

parsed_transaction parse_transaction(const json& body) {
  if (!body.is_object())
    return {std::nullopt, "invalid_transaction", "a transaction is a JSON object"};
  static const std::set<std::string> fields = {"type", "payload", "tag"};
  for (auto& [field, value] : body.items())
    if (!fields.count(field))
      return {std::nullopt, "unknown_field", "unknown field '" + field + "' (a transaction has type, payload, tag)"};
  if (!body.contains("type") || !body["type"].is_string() || body["type"].get<std::string>().empty() ||
      body["type"].get<std::string>().size() > max_type_length)
    return {std::nullopt, "invalid_transaction", "type must be a string of 1 to 128 characters"};
  if (body.contains("tag") && !body["tag"].is_string())
    return {std::nullopt, "invalid_transaction", "tag must be a string"};
  ledger::transaction tx;
  tx.id = new_transaction_id();
  tx.type = body["type"].get<std::string>();
  tx.tag = body.value("tag", "");
  tx.timestamp_ms = unix_now_ms();
  tx.payload = body.contains("payload") ? body["payload"] : json::object();
  return {std::move(tx), "", ""};
}

/// Gets a submission's outcome: (status, code, message, contract), status 202 = accepted.
using submit_done = std::function<void(unsigned, const std::string&, const std::string&, const std::string&)>;

struct submission {
  ledger::transaction tx;
  submit_done done;
};

/// Submits every transaction of `batch` to the router in one turn of the
/// bridge, so that they reach the journal back to back and share its group
/// commits (and, for a parallel contract, execute messages).
void submit_to_router(const api_context& ctx, std::vector<submission> batch, const std::string& request_id) {
  auto router = ctx.router;
  auto items = std::make_shared<std::vector<submission>>(std::move(batch));
  caf::anon_send(ctx.bridge, bridge_call{[=](caf::event_based_actor* self) {
    for (auto& item : *items) {
      auto done = std::move(item.done);
      auto id = item.tx.id;
      auto type = item.tx.type;
      self->request(router, core_timeout, invoker::submit_request{std::move(item.tx)})
          .then(
              [=](invoker::submit_reply& reply) {
                if (reply.code != invoker::submit_code::accepted)
                  logger("gateway")->info("rejected tx={} type={} code={} req={}", id, type,
                                          invoker::to_string(reply.code), request_id);
                done(status_of(reply.code), invoker::to_string(reply.code), reply.message, reply.contract);
              },
              [=](caf::error& err) {
                done(503, "core_unavailable", "the core did not answer: " + self->system().render(err), "");
              });
    }
  }});
}

}  // namespace

void submit_transaction(const api_context& ctx, http_request& req, responder respond) {
  auto body = parse_body(req, respond);
  if (!body)
    return;
  auto parsed = parse_transaction(*body);
  if (!parsed.tx)
    return respond(error_response(400, parsed.code, parsed.message, req.request_id));
  auto id = parsed.tx->id;
  auto request_id = req.request_id;
  std::vector<submission> one;
  one.push_back({std::move(*parsed.tx),
                 [=](unsigned status, const std::string& code, const std::string& message, const std::string& contract) {
                   if (status != 202)
                     return respond(error_response(status, code, message, request_id));
                   respond(json_response(202, json{{"id", id}, {"status", "accepted"}, {"contract", contract}}));
                 }});
  submit_to_router(ctx, std::move(one), request_id);
}

void submit_batch(const api_context& ctx, http_request& req, responder respond) {
  auto body = parse_body(req, respond);
  if (!body)
    return;
  if (!body->is_object() || body->size() != 1 || !body->contains("transactions") ||
      !(*body)["transactions"].is_array())
    return respond(error_response(400, "invalid_batch", "a batch is {\"transactions\": [...]}", req.request_id));
  auto& items = (*body)["transactions"];
  if (items.empty() || items.size() > max_batch)
    return respond(error_response(400, "invalid_batch", "a batch holds 1 to 1000 transactions", req.request_id));
  // Each item is answered on its own; the reply goes out when the last is known.
  struct batch_state {
    std::mutex mutex;
    json results;
    size_t left = 0;
  };
  auto state = std::make_shared<batch_state>();
  state->results = json::array();
  state->left = items.size();
  for (size_t i = 0; i < items.size(); ++i)
    state->results.push_back(nullptr);
  auto settle = [state, respond](size_t index, json result) {
    std::lock_guard<std::mutex> guard{state->mutex};
    state->results[index] = std::move(result);
    if (--state->left == 0)
      respond(json_response(200, json{{"results", state->results}}));
  };
  std::vector<submission> valid;
  for (size_t i = 0; i < items.size(); ++i) {
    auto parsed = parse_transaction(items[i]);
    if (!parsed.tx) {
      settle(i, {{"error", {{"code", parsed.code}, {"message", parsed.message}}}});
      continue;
    }
    auto id = parsed.tx->id;
    valid.push_back({std::move(*parsed.tx),
                     [=](unsigned status, const std::string& code, const std::string& message, const std::string&) {
                       if (status == 202)
                         settle(i, {{"id", id}, {"status", "accepted"}});
                       else
                         settle(i, {{"error", {{"code", code}, {"message", message}}}});
                     }});
  }
  if (!valid.empty())
    submit_to_router(ctx, std::move(valid), req.request_id);
}

void list_transactions(const api_context& ctx, http_request& req, responder respond) {
  auto type = req.query.count("type") ? req.query.at("type") : "";
  auto cursor = req.query.count("cursor") ? req.query.at("cursor") : "";
  if (!cursor.empty() && !is_transaction_id(cursor))
    throw std::invalid_argument("cursor must be a transaction id (from next_cursor)");
  auto from_ms = static_cast<int64_t>(query_number(req, "from_ms", 0));
  auto to_ms = static_cast<int64_t>(query_number(req, "to_ms", static_cast<uint64_t>(INT64_MAX)));
  auto limit = page_limit(req);
  auto page = ctx.store->list_transactions(cursor, from_ms, to_ms, type, limit, 100000);
  json out = json::array();
  for (auto& tx : page)
    out.push_back(tx.to_json());
  json next = page.size() == limit ? json(page.back().id) : json(nullptr);
  respond(json_response(200, json{{"transactions", out}, {"next_cursor", next}}));
}

std::optional<json> parse_body(const http_request& req, const responder& respond) {
  if (!within_json_depth(req.body)) {
    respond(error_response(400, "bad_json",
                           "request body nests arrays and objects deeper than " + std::to_string(max_json_depth) +
                               " levels",
                           req.request_id));
    return std::nullopt;
  }
  auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded()) {
    respond(error_response(400, "bad_json", "request body is not valid JSON", req.request_id));
    return std::nullopt;
  }
  return body;
}

uint64_t page_limit(const http_request& req) {
  constexpr uint64_t max_page = 1000;
  auto limit = std::min<uint64_t>(query_number(req, "limit", 100), max_page);
  if (limit == 0)
    throw std::invalid_argument("limit must be at least 1");
  return limit;
}

uint64_t query_number(const http_request& req, const std::string& name, uint64_t fallback) {
  auto it = req.query.find(name);
  if (it == req.query.end())
    return fallback;
  char* end = nullptr;
  auto value = std::strtoull(it->second.c_str(), &end, 10);
  if (it->second.empty() || *end != '\0' || it->second[0] == '-')
    throw std::invalid_argument(name + " must be a non-negative integer");
  return value;
}

void get_transaction(const api_context& ctx, const std::string& id, http_request& req, responder respond) {
  auto tx = ctx.store->get_transaction(id);
  if (!tx)
    return respond(error_response(404, "not_found", "no transaction " + id, req.request_id));
  respond(json_response(200, tx->to_json()));
}

void get_receipt(const api_context& ctx, const std::string& id, http_request& req, responder respond) {
  auto wait_ms = static_cast<uint32_t>(std::min<uint64_t>(query_number(req, "wait_ms", 0), ctx.max_wait_ms));
  auto store = ctx.store;
  if (auto receipt = store->get_receipt(id))
    return respond(json_response(200, receipt_document(*store, *receipt)));
  if (!store->get_transaction(id))
    return respond(error_response(404, "not_found", "no transaction " + id, req.request_id));
  auto pending = [id] { return json_response(202, json{{"invocation_id", id}, {"status", "pending"}}); };
  if (wait_ms == 0 || !ctx.server)
    return respond(pending());
  // Long poll: whichever comes first, the receipt or the timer, answers.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto server = ctx.server;
  // Called on the committer's thread, the ledger's single writer: the
  // document's reads (the output, the events) run on the server's instead.
  auto token = ctx.waiters->wait(id, [=](const ledger::receipt& receipt) {
    if (!answered->exchange(true))
      server->after(0, [=] { respond(json_response(200, receipt_document(*store, receipt))); });
  });
  // The receipt may have been committed between the first look and wait().
  if (auto receipt = store->get_receipt(id)) {
    ctx.waiters->cancel(id, token);
    if (!answered->exchange(true))
      respond(json_response(200, receipt_document(*store, *receipt)));
    return;
  }
  auto waiters = ctx.waiters;
  ctx.server->after(wait_ms, [=] {
    waiters->cancel(id, token);
    if (!answered->exchange(true))
      respond(pending());
  });
}

}  // namespace vireo::gateway
