#include "services/peer/chaincode_executor.hpp"
#include "services/peer/peer_probe.hpp"

#include <algorithm>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "services/peer/errc.hpp"
#include "services/peer/payload_text.hpp"
#include "support/json_depth.hpp"

namespace vireo::peer {
namespace {

using clock = std::chrono::steady_clock;

[[noreturn]] void bad_transaction(const std::string& why) {
  throw std::invalid_argument(describe(errc::bad_transaction, why));
}

// The transaction's payload as a JSON object (a JSON text payload is parsed).
nlohmann::json payload_object(const std::string& transaction_json) {
  auto tx = nlohmann::json::parse(transaction_json, nullptr, false);
  if (tx.is_discarded() || !tx.is_object()) bad_transaction("the transaction is not a JSON object");
  auto it = tx.find("payload");
  if (it == tx.end()) return nlohmann::json::object();
  if (it->is_string() && within_json_depth(it->get_ref<const std::string&>())) {
    auto inner = nlohmann::json::parse(it->get_ref<const std::string&>(), nullptr, false);
    if (!inner.is_discarded() && inner.is_object()) return inner;
  }
  if (!it->is_object()) bad_transaction("payload must be an object with \"function\" and \"args\"");
  return *it;
}

}  // namespace

std::vector<std::string> chaincode_args(const std::string& transaction_json, bool function_optional) {
  auto payload = payload_object(transaction_json);
  std::vector<std::string> args;
  auto fn = payload.find("function");
  if (fn == payload.end() || !fn->is_string()) {
    if (function_optional && fn == payload.end()) return args;
    bad_transaction("payload.function (a string) is required");
  }
  args.push_back(fn->get<std::string>());
  if (auto a = payload.find("args"); a != payload.end()) {
    if (!a->is_array()) bad_transaction("payload.args must be an array");
    for (const auto& v : *a) args.push_back(v.is_string() ? v.get<std::string>() : v.dump());
  }
  return args;
}

worker::execution_result to_execution_result(const chaincode_outcome& outcome) {
  using worker::execution_result;
  if (outcome.result != chaincode_outcome::kind::completed) return execution_result::failure(outcome.reason);
  const auto& r = outcome.response;
  if (r.status() >= 400)
    return execution_result::failure(describe(errc::chaincode_failed, "status " + std::to_string(r.status()) +
                                                                         ": " + r.message()));
  execution_result ok;
  ok.status = execution_result::outcome::ok;
  ok.output_json = nlohmann::json{{"status", r.status()}, {"message", r.message()}, {"payload", payload_text(r.payload())}}
                       .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (outcome.completed.has_chaincode_event() && !outcome.completed.chaincode_event().event_name().empty()) {
    const auto& e = outcome.completed.chaincode_event();
    ok.events.push_back({e.event_name(), e.payload()});
  }
  return ok;
}

chaincode_executor::chaincode_executor(std::shared_ptr<peer_service> service) : service_(std::move(service)) {}

worker::execution_result chaincode_executor::execute(const worker::execution_request& request,
                                                     worker::state_access& state) {
  return run(request, state, false);
}

worker::execution_result chaincode_executor::deploy(const worker::execution_request& request,
                                                    worker::state_access& state) {
  return run(request, state, true);
}

worker::execution_result chaincode_executor::run(const worker::execution_request& request,
                                                 worker::state_access& state, bool deploying) {
  try {
    chaincode_request cc;
    cc.runtime = parse_chaincode_runtime(request.contract.runtime);
    cc.env = request.contract.env;
    // The timeout runs from the moment the chaincode is reachable (Fabric's
    // execute timeout); the request deadline, when set, bounds everything.
    cc.timeout_ms = service_->settings().exec_timeout_ms;
    if (request.contract.exec_timeout_ms > 0) cc.timeout_ms = std::min(cc.timeout_ms, request.contract.exec_timeout_ms);
    cc.deadline = request.deadline.time_since_epoch().count() != 0 ? request.deadline : clock::time_point::max();
    if (deploying && !cc.runtime.init) {
      worker::execution_result ok;
      ok.status = worker::execution_result::outcome::ok;
      if (cc.runtime.launch.empty()) return ok;
      std::string why = service_->prepare(cc.runtime, cc.env, cc.deadline);
      return why.empty() ? ok : worker::execution_result::failure(why);
    }
    cc.init = deploying;
    cc.args = chaincode_args(request.transaction_json, deploying);
    auto started = std::chrono::steady_clock::now();
    auto result = to_execution_result(service_->invoke(cc, state));
    probe::transaction_finished(result.status == worker::execution_result::outcome::ok,
                                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return result;
  } catch (const std::exception& e) {
    return worker::execution_result::failure(e.what());
  }
}

std::unique_ptr<worker::executor> make_chaincode_executor(std::shared_ptr<peer_service> service) {
  return std::make_unique<chaincode_executor>(std::move(service));
}

}  // namespace vireo::peer
