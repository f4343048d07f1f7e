// watch: follow the chain. Polls the latest block and prints every block
// sealed since (in height order, none skipped) with the receipt of each of
// its invocations; stops on SIGINT/SIGTERM or after --count blocks.
#include <atomic>
#include <chrono>
#include <csignal>
#include <optional>
#include <thread>

#include "services/ctl/commands.hpp"
#include "services/ctl/errc.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {

using nlohmann::json;

namespace {

constexpr auto stop_check = std::chrono::milliseconds(20);
// How long the receipts of one block's invocations are waited for, in all.
constexpr auto receipt_wait_per_block = std::chrono::milliseconds(2000);

volatile std::sig_atomic_t stop_requested = 0;

extern "C" void request_stop(int) {
  stop_requested = 1;
}

struct watch_options {
  unsigned count = 0;
  unsigned interval_ms = 500;
  uint64_t from_height = 0;
};

/// The latest block, or nullopt while the chain is empty.
std::optional<json> latest_block(session& s) {
  try {
    return s.client().get("/v1/blocks/latest");
  } catch (const ctl_error& e) {
    if (e.code() == errc::not_found)
      return std::nullopt;
    throw;
  }
}

/// Each transaction of `block` with its receipt: null for an output
/// transaction (it has an invoker) or an invocation still pending after the
/// block's share of waiting (a block is often sealed before its invocations
/// have run).
json transactions_of(session& s, const json& block) {
  auto give_up = std::chrono::steady_clock::now() + receipt_wait_per_block;
  json out = json::array();
  for (auto& id : block.value("transaction_ids", json::array())) {
    auto escaped = url_escape(id.get<std::string>());
    json item = {{"transaction", s.client().get("/v1/transactions/" + escaped)}, {"receipt", nullptr}};
    if (!item["transaction"].contains("invoker")) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(give_up - std::chrono::steady_clock::now());
      std::string path = "/v1/receipts/" + escaped;
      if (left.count() > 0)
        add_query(path, "wait_ms", std::to_string(left.count()));
      auto answer = s.client().call("GET", path, nullptr, std::max<long>(left.count(), 0) + 10000);
      if (answer.status == 200)
        item["receipt"] = answer.body.value("receipt", json());
    }
    out.push_back(std::move(item));
  }
  return out;
}

void print_watched_block(session& s, const json& block, const json& transactions) {
  if (s.json_output()) {
    s.out() << json{{"block", block}, {"transactions", transactions}}.dump(-1, ' ', false,
                                                                             json::error_handler_t::replace)
            << std::endl;
    return;
  }
  s.out() << "block " << field_text(block, "height") << "  " << format_time_ms(block.value("time_ms", int64_t{0}))
          << "  " << transactions.size() << " transactions  hash " << field_text(block, "hash") << '\n';
  table_printer t({"  TRANSACTION", "TYPE", "CONTRACT", "STATUS", "DETAIL"});
  for (auto& item : transactions) {
    const auto& tx = item["transaction"];
    const auto& receipt = item["receipt"];
    std::string status = tx.contains("invoker") ? "output" : receipt.is_null() ? "pending" : field_text(receipt, "status");
    std::string detail = tx.contains("invoker") ? "of " + field_text(tx, "invoker")
                         : receipt.is_null()    ? ""
                                                : receipt.value("reason", "");
    t.add_row({"  " + field_text(tx, "id"), field_text(tx, "type"),
               receipt.is_null() ? "-" : field_text(receipt, "contract"), status, truncate(detail, 80)});
  }
  t.print(s.out());
  s.out() << std::endl;
}

/// Sleeps `duration`, returning early when a stop was requested.
void pause(std::chrono::milliseconds duration) {
  auto until = std::chrono::steady_clock::now() + duration;
  while (!stop_requested && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(stop_check);
}

int watch(session& s, const watch_options& options) {
  struct sigaction action {};
  action.sa_handler = request_stop;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  uint64_t next = options.from_height;
  if (next == 0) {
    auto latest = latest_block(s);
    next = latest ? latest->at("height").get<uint64_t>() + 1 : 1;
  }
  unsigned printed = 0;
  while (!stop_requested && (options.count == 0 || printed < options.count)) {
    auto latest = latest_block(s);
    uint64_t top = latest ? latest->at("height").get<uint64_t>() : 0;
    for (; next <= top && !stop_requested && (options.count == 0 || printed < options.count); ++next, ++printed) {
      auto block = next == top ? *latest : s.client().get("/v1/blocks/" + std::to_string(next));
      print_watched_block(s, block, transactions_of(s, block));
    }
    if (options.count == 0 || printed < options.count)
      pause(std::chrono::milliseconds(options.interval_ms));
  }
  return 0;
}

}  // namespace

void add_watch_command(CLI::App& app, command_action& action) {
  auto options = std::make_shared<watch_options>();
  auto* cmd = add_action(app, action, "watch", "follow new blocks and their receipts (Ctrl-C stops)", options, watch);
  cmd->add_option("--count", options->count, "stop after this many blocks (0: never)");
  cmd->add_option("--interval-ms", options->interval_ms, "how often to poll the latest block")
      ->capture_default_str()
      ->check(CLI::Range(10u, 600000u));
  cmd->add_option("--from-height", options->from_height, "start at this height instead of the next new block");
}

}  // namespace vireo::ctl
