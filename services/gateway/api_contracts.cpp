#include <openssl/evp.h>

#include "services/gateway/api_errors.hpp"
#include "services/gateway/api_routes.hpp"
#include "services/gateway/core_bridge.hpp"

namespace vireo::gateway {

using nlohmann::json;

namespace {


std::optional<std::string> decode_base64(const std::string& text) {
  if (text.size() % 4 != 0)
    return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int written = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
  if (written < 0)
    return std::nullopt;
  size_t padding = 0;
  if (!text.empty() && text.back() == '=')
    padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
  out.resize(static_cast<size_t>(written) - padding);
  return out;
}

unsigned status_of(registry::registry_code code, bool created) {
  switch (code) {
    case registry::registry_code::ok: return created ? 201 : 200;
    case registry::registry_code::invalid: return 400;
    case registry::registry_code::not_found: return 404;
    case registry::registry_code::conflict: return 409;
    case registry::registry_code::storage_failed: return 500;
  }
  return 500;
}

const char* error_code_of(registry::registry_code code) {
  return code == registry::registry_code::invalid ? "invalid_contract" : registry::to_string(code);
}

/// Sends `message` to the registry and responds with `answer(reply)`, or
/// with 503 core_unavailable when the registry does not answer.
template <class Reply, class Message, class Answer>
void call_registry(const api_context& ctx, Message message, const std::string& request_id, responder respond,
                   Answer answer) {
  auto registry = ctx.registry;
  caf::anon_send(ctx.bridge, bridge_call{[=](caf::event_based_actor* self) {
    self->request(registry, core_timeout, message)
        .then([=](Reply& reply) { respond(answer(reply)); },
              [=](caf::error& err) {
                respond(error_response(503, "core_unavailable",
                                       "the registry did not answer: " + self->system().render(err), request_id));
              });
  }});
}

/// Sends `message` to the registry and answers with the entry or the error.
template <class Message>
void ask_registry(const api_context& ctx, Message message, const std::string& request_id, bool created,
                  responder respond) {
  call_registry<registry::registry_reply>(
      ctx, std::move(message), request_id, std::move(respond), [=](registry::registry_reply& reply) {
        if (reply.code != registry::registry_code::ok)
          return error_response(status_of(reply.code, created), error_code_of(reply.code), reply.message,
                                request_id);
        return json_response(status_of(reply.code, created), reply.entry.to_json());
      });
}

}  // namespace

void deploy_contract(const api_context& ctx, http_request& req, responder respond, bool update,
                     const std::string& name) {
  auto body = parse_body(req, respond);
  if (!body)
    return;
  auto& spec = *body;
  if (!spec.is_object())
    return respond(error_response(400, "invalid_contract", "a contract spec is a JSON object", req.request_id));
  registry::deploy_contract message;
  if (spec.contains("code")) {
    auto code = spec["code"].is_string() ? decode_base64(spec["code"].get<std::string>()) : std::nullopt;
    if (!code)
      return respond(error_response(400, "invalid_contract", "code must be base64 text", req.request_id));
    message.code = std::move(*code);
    spec.erase("code");
  }
  if (update) {
    if (spec.contains("name") && spec["name"] != name)
      return respond(error_response(400, "invalid_contract", "name cannot be changed by an update", req.request_id));
    spec["name"] = name;
  }
  message.spec = std::move(spec);
  message.update = update;
  ask_registry(ctx, std::move(message), req.request_id, !update, std::move(respond));
}

// Both reads ask the registry, not the ledger: see registry::find_contract.
void list_contracts(const api_context& ctx, http_request& req, responder respond) {
  call_registry<registry::contract_list>(ctx, registry::list_contracts{}, req.request_id, std::move(respond),
                                         [](registry::contract_list& list) {
                                           json out = json::array();
                                           for (auto& entry : list.entries)
                                             out.push_back(entry.to_json());
                                           return json_response(200, json{{"contracts", out}});
                                         });
}

void get_contract(const api_context& ctx, const std::string& name, http_request& req, responder respond) {
  ask_registry(ctx, registry::find_contract{name}, req.request_id, false, std::move(respond));
}

void set_contract_state(const api_context& ctx, const std::string& name, bool active, http_request& req,
                        responder respond) {
  registry::change_state message{name, active ? ledger::contract_state::active : ledger::contract_state::inactive};
  ask_registry(ctx, message, req.request_id, false, std::move(respond));
}

void delete_contract(const api_context& ctx, const std::string& name, http_request& req, responder respond) {
  ask_registry(ctx, registry::remove_contract{name}, req.request_id, false, std::move(respond));
}

}  // namespace vireo::gateway
