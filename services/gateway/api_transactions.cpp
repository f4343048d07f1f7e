#include <atomic>
#include <set>

#include "services/gateway/api_errors.hpp"
#include "services/gateway/api_routes.hpp"
#include "services/gateway/core_bridge.hpp"
#include "support/hash.hpp"
#include "support/ids.hpp"
#include "support/logging.hpp"

namespace vireo::gateway {

using nlohmann::json;

namespace {

constexpr size_t max_type_length = 128;
constexpr auto core_timeout = std::chrono::seconds(30);

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
  auto parsed = json::parse(bytes, nullptr, false);
  if (!parsed.is_discarded())
    return parsed;
  json text = bytes;
  try {
    (void)text.dump();
    return text;
  } catch (const json::type_error&) {
    return {{"hex", to_hex(bytes)}};
  }
}

void submit_transaction(const api_context& ctx, http_request& req, responder respond) {
  auto body = json::parse(req.body, nullptr, false);
  if (body.is_discarded())
    return respond(error_response(400, "bad_json", "request body is not valid JSON", req.request_id));
  if (!body.is_object())
    return respond(error_response(400, "invalid_transaction", "a transaction is a JSON object", req.request_id));
  static const std::set<std::string> fields = {"type", "payload", "tag"};
  for (auto& [field, value] : body.items())
    if (!fields.count(field))
      return respond(error_response(400, "unknown_field",
                                    "unknown field '" + field + "' (a transaction has type, payload, tag)",
                                    req.request_id));
  if (!body.contains("type") || !body["type"].is_string() || body["type"].get<std::string>().empty() ||
      body["type"].get<std::string>().size() > max_type_length)
    return respond(error_response(400, "invalid_transaction", "type must be a string of 1 to 128 characters",
                                  req.request_id));
  if (body.contains("tag") && !body["tag"].is_string())
    return respond(error_response(400, "invalid_transaction", "tag must be a string", req.request_id));

  ledger::transaction tx;
  tx.id = new_transaction_id();
  tx.type = body["type"].get<std::string>();
  tx.tag = body.value("tag", "");
  tx.timestamp_ms = unix_now_ms();
  tx.payload = body.contains("payload") ? body["payload"] : json::object();
  auto router = ctx.router;
  auto request_id = req.request_id;
  caf::anon_send(ctx.bridge, bridge_call{[=](caf::event_based_actor* self) {
    self->request(router, core_timeout, invoker::submit_request{tx})
        .then(
            [=](invoker::submit_reply& reply) {
              if (reply.code != invoker::submit_code::accepted) {
                logger("gateway")->info("rejected tx={} type={} code={} req={}", tx.id, tx.type,
                                        invoker::to_string(reply.code), request_id);
                return respond(error_response(status_of(reply.code), invoker::to_string(reply.code), reply.message,
                                              request_id));
              }
              respond(json_response(202, json{{"id", tx.id}, {"status", "accepted"}, {"contract", reply.contract}}.dump()));
            },
            [=](caf::error& err) {
              respond(error_response(503, "core_unavailable", "the core did not answer: " + self->system().render(err),
                                     request_id));
            });
  }});
}

void get_transaction(const api_context& ctx, const std::string& id, http_request& req, responder respond) {
  auto tx = ctx.store->get_transaction(id);
  if (!tx)
    return respond(error_response(404, "not_found", "no transaction " + id, req.request_id));
  respond(json_response(200, tx->to_json().dump()));
}

void get_receipt(const api_context& ctx, const std::string& id, http_request& req, responder respond) {
  auto store = ctx.store;
  if (auto receipt = store->get_receipt(id))
    return respond(json_response(200, receipt_document(*store, *receipt).dump()));
  if (!store->get_transaction(id))
    return respond(error_response(404, "not_found", "no transaction " + id, req.request_id));
  uint32_t wait_ms = 0;
  if (auto it = req.query.find("wait_ms"); it != req.query.end()) {
    char* end = nullptr;
    wait_ms = static_cast<uint32_t>(std::min<unsigned long>(std::strtoul(it->second.c_str(), &end, 10), ctx.max_wait_ms));
    if (*end != '\0')
      return respond(error_response(400, "invalid_parameter", "wait_ms must be an integer", req.request_id));
  }
  auto pending = [id] { return json_response(202, json{{"invocation_id", id}, {"status", "pending"}}.dump()); };
  if (wait_ms == 0 || !ctx.server)
    return respond(pending());
  // Long poll: whichever comes first, the receipt or the timer, answers.
  auto answered = std::make_shared<std::atomic<bool>>(false);
  auto token = ctx.waiters->wait(id, [=](const ledger::receipt& receipt) {
    if (!answered->exchange(true))
      respond(json_response(200, receipt_document(*store, receipt).dump()));
  });
  // The receipt may have been committed between the first look and wait().
  if (auto receipt = store->get_receipt(id)) {
    ctx.waiters->cancel(id, token);
    if (!answered->exchange(true))
      respond(json_response(200, receipt_document(*store, *receipt).dump()));
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
