// invoke CONTRACT [ARGS...]: submit a transaction of the contract's first
// trigger type and wait for its receipt (long poll on /v1/receipts/{id}).
#include <chrono>
#include <thread>

#include "services/ctl/commands.hpp"
#include "services/ctl/errc.hpp"
#include "services/ctl/inputs.hpp"
#include "services/ctl/progress.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;
using std::chrono::milliseconds;
using std::chrono::steady_clock;

namespace {

// Long-poll slices: short on a terminal so the spinner turns, else as long as
// the server allows.
constexpr long terminal_poll_ms = 200;
constexpr long max_poll_ms = 30000;
// How much longer than the long poll a request may take before it is given up.
constexpr long poll_slack_ms = 10000;

struct invoke_options {
  std::string contract;
  std::vector<std::string> args;
  std::string payload;
  std::string tag;
  long timeout_ms = 30000;
};

json payload_of(const invoke_options& options) {
  if (!options.payload.empty() && !options.args.empty())
    throw ctl_error(errc::usage, "give the payload either with --payload or as key=value arguments, not both");
  if (!options.payload.empty())
    return parse_json_argument(options.payload, "--payload");
  return parse_key_values(options.args);
}

/// The first trigger type of the contract.
std::string trigger_of(session& s, const std::string& contract) {
  auto entry = s.client().get("/v1/contracts/" + url_escape(contract));
  auto triggers = entry.value("triggers", json::array());
  if (triggers.empty() || !triggers[0].is_string())
    throw ctl_error(errc::rejected, "contract '" + contract + "' has no trigger type to invoke it with");
  return triggers[0].get<std::string>();
}

/// Waits for the receipt of `id` until `timeout`; returns the server's last
/// answer (status 200 with the receipt document, or 202 pending).
api_result wait_for_receipt(session& s, const std::string& id, milliseconds timeout) {
  progress_indicator progress(s.err(), stderr_is_terminal(), "waiting for the receipt of " + id);
  auto start = steady_clock::now();
  auto deadline = start + timeout;
  api_result last{202, json{{"invocation_id", id}, {"status", "pending"}}};
  for (;;) {
    auto now = steady_clock::now();
    auto remaining = std::chrono::duration_cast<milliseconds>(deadline - now).count();
    if (remaining <= 0)
      return last;
    long slice = std::min<long>(remaining, progress.enabled() ? terminal_poll_ms : max_poll_ms);
    std::string path = "/v1/receipts/" + url_escape(id);
    add_query(path, "wait_ms", std::to_string(slice));
    last = s.client().call("GET", path, nullptr, slice + poll_slack_ms);
    if (last.status == 200)
      return last;
    // A server that answers "pending" early must not make this a busy loop.
    if (steady_clock::now() - now < milliseconds(slice / 2))
      std::this_thread::sleep_for(milliseconds(std::min<long>(50, slice)));
    progress.update(std::chrono::duration_cast<milliseconds>(steady_clock::now() - start));
  }
}

int invoke(session& s, const invoke_options& options) {
  auto payload = payload_of(options);
  if (options.timeout_ms <= 0)
    throw ctl_error(errc::usage, "--timeout-ms must be positive");
  json body = {{"type", trigger_of(s, options.contract)}, {"payload", payload}};
  if (!options.tag.empty())
    body["tag"] = options.tag;
  auto id = s.client().call("POST", "/v1/transactions", &body).body.at("id").get<std::string>();
  auto answer = wait_for_receipt(s, id, milliseconds(options.timeout_ms));
  if (s.json_output())
    s.print_json(answer.body);
  if (answer.status != 200) {
    if (!s.json_output())
      s.out() << "invocation " << id << " is pending\n";
    throw ctl_error(errc::timeout, "no receipt for invocation " + id + " within " + std::to_string(options.timeout_ms) +
                                       " ms; it stays queued (vireoctl tx receipt " + id + ")");
  }
  if (!s.json_output())
    print_receipt_document(s.out(), answer.body);
  const auto& receipt = answer.body.at("receipt");
  auto status = receipt.value("status", "");
  if (status != "committed")
    throw ctl_error(errc::invocation_failed,
                    "invocation " + id + " " + status + ": " + receipt.value("reason", std::string("no reason given")));
  return 0;
}

}  // namespace

void add_invoke_command(CLI::App& app, command_action& action) {
  auto options = std::make_shared<invoke_options>();
  auto* cmd = add_action(app, action, "invoke", "invoke a contract and wait for its receipt", options, invoke);
  cmd->add_option("CONTRACT", options->contract, "the contract (its first trigger type is submitted)")->required();
  cmd->add_option("ARGS", options->args, "the payload as key=value pairs (values are JSON when they parse)");
  cmd->add_option("--payload", options->payload, "the payload as JSON, instead of ARGS");
  cmd->add_option("--tag", options->tag, "a tag stored with the transaction");
  cmd->add_option("--timeout-ms", options->timeout_ms, "how long to wait for the receipt (exit 7 past it)")
      ->capture_default_str();
}

}  // namespace vireo::ctl
