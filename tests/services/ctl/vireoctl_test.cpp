// vireoctl against a real vireod: every command, its JSON output field by
// field, its table output, and the exit codes scripts rely on (docs/cli.md).
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "support/hash.hpp"
#include "tests/fixtures/node_api.hpp"
#include "tests/fixtures/vireod_process.hpp"
#include "tests/services/ctl/ctl_process.hpp"

namespace vireo::testing {
namespace {

using nlohmann::json;

constexpr int exit_ok = 0, exit_usage = 1, exit_unreachable = 2, exit_not_found = 3, exit_rejected = 4,
              exit_invocation_failed = 6, exit_timeout = 7;

/// What a failed expectation prints about a run.
std::string describe(const ctl_result& r) {
  return "exit " + std::to_string(r.exit_code) + "\n--- stdout\n" + r.out + "\n--- stderr\n" + r.err;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

/// The line of `text` that starts with `start` (empty when none).
std::string line_starting(const std::string& text, const std::string& start) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind(start, 0) == 0)
      return line;
  return "";
}

// One node per test: CTest runs each TEST() as its own process anyway, and a
// node that fails to start then fails the test (a SetUpTestSuite failure
// would only mark the tests skipped).
class vireoctl : public ::testing::Test {
 protected:
  void SetUp() override {
    node_.start();
    files_ = make_temp_dir("vireoctl-test");
  }

  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(files_, ignored);
  }

  /// vireoctl --server <node> args...
  ctl_result ctl(std::vector<std::string> args, const std::map<std::string, std::string>& env = {}) const {
    args.insert(args.begin(), {"--server", node_.base_url()});
    return run_vireoctl(args, env);
  }

  /// vireoctl --server <node> --output json args...
  ctl_result ctl_json(std::vector<std::string> args) const {
    args.insert(args.begin(), {"--output", "json"});
    return ctl(std::move(args));
  }

  /// Writes `text` to a file of the test's own and returns its path.
  std::string write_file(const std::string& name, const std::string& text) const {
    auto path = files_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  /// Deploys a system contract `name` triggered by type `name`, through vireoctl.
  void deploy_system(const std::string& name, const std::string& contract, const std::string& execution = "serial") {
    json spec = {{"name", name},       {"kind", "system"},                    {"execution", execution},
                 {"triggers", {name}}, {"runtime", {{"contract", contract}}}};
    auto r = ctl({"contract", "deploy", write_file(name + ".json", spec.dump())});
    ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
  }

  /// Invokes `contract` with key=value `args` and returns the receipt document.
  json invoke(const std::string& contract, std::vector<std::string> args) const {
    args.insert(args.begin(), {"invoke", contract});
    auto r = ctl_json(args);
    EXPECT_EQ(r.exit_code, exit_ok) << describe(r);
    return r.exit_code == exit_ok ? r.json() : json::object();
  }

  node_api api() const { return node_api{node_.base_url()}; }

  vireod_process node_{{"--set", "blocks.interval_ms=100"}};
  std::string files_;
};

TEST_F(vireoctl, contract_deploy_get_and_list_show_the_entry) {
  json spec = {{"name", "tally"}, {"kind", "system"}, {"execution", "serial"}, {"triggers", {"tally", "tally2"}},
               {"runtime", {{"contract", "counter"}}}, {"env", {{"MODE", "test"}}}};
  auto deployed = ctl_json({"contract", "deploy", write_file("tally.json", spec.dump())});
  ASSERT_EQ(deployed.exit_code, exit_ok) << describe(deployed);
  auto entry = deployed.json();
  EXPECT_EQ(entry["name"], "tally");
  EXPECT_EQ(entry["kind"], "system");
  EXPECT_EQ(entry["execution"], "serial");
  EXPECT_EQ(entry["triggers"], json({"tally", "tally2"}));
  EXPECT_EQ(entry["runtime"]["contract"], "counter");
  EXPECT_EQ(entry["env"]["MODE"], "test");
  EXPECT_EQ(entry["state"], "active");
  EXPECT_TRUE(entry["revision"].is_number());
  EXPECT_GT(entry["created_ms"].get<int64_t>(), 0);

  auto got = ctl_json({"contract", "get", "tally"});
  ASSERT_EQ(got.exit_code, exit_ok) << describe(got);
  EXPECT_EQ(got.json(), entry);

  auto table = ctl({"contract", "get", "tally"});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(std::regex_search(table.out, std::regex(R"(^name: +tally$)", std::regex::multiline))) << table.out;
  EXPECT_TRUE(std::regex_search(table.out, std::regex(R"(^state: +active$)", std::regex::multiline))) << table.out;
  EXPECT_TRUE(contains(line_starting(table.out, "triggers:"), "tally, tally2")) << table.out;
  EXPECT_TRUE(contains(line_starting(table.out, "runtime:"), R"({"contract":"counter"})")) << table.out;

  auto listed = ctl_json({"contract", "list"});
  ASSERT_EQ(listed.exit_code, exit_ok) << describe(listed);
  bool found = false;
  auto contracts = listed.json()["contracts"];
  for (auto& c : contracts)
    found = found || (c["name"] == "tally" && c["state"] == "active");
  EXPECT_TRUE(found) << listed.out;

  auto list_table = ctl({"contract", "list"});
  ASSERT_EQ(list_table.exit_code, exit_ok) << describe(list_table);
  EXPECT_TRUE(contains(line_starting(list_table.out, "NAME"), "TRIGGERS")) << list_table.out;
  EXPECT_TRUE(std::regex_search(list_table.out,
                                std::regex(R"(^tally +system +serial +active +\d+ +tally,tally2$)", std::regex::multiline)))
      << list_table.out;
}

TEST_F(vireoctl, contract_lifecycle_commands_change_the_state) {
  deploy_system("life", "echo");
  auto off = ctl_json({"contract", "deactivate", "life"});
  ASSERT_EQ(off.exit_code, exit_ok) << describe(off);
  EXPECT_EQ(off.json()["state"], "inactive");

  auto refused = ctl({"tx", "submit", "life", "{}"});
  EXPECT_EQ(refused.exit_code, exit_rejected) << describe(refused);
  EXPECT_TRUE(contains(refused.err, "contract_inactive")) << refused.err;

  auto on = ctl({"contract", "activate", "life"});
  ASSERT_EQ(on.exit_code, exit_ok) << describe(on);
  EXPECT_TRUE(std::regex_search(on.out, std::regex(R"(^state: +active$)", std::regex::multiline))) << on.out;

  auto deleted = ctl({"contract", "delete", "life"});
  ASSERT_EQ(deleted.exit_code, exit_ok) << describe(deleted);
  EXPECT_EQ(deleted.out, "deleted contract life\n");

  auto gone = ctl({"contract", "get", "life"});
  EXPECT_EQ(gone.exit_code, exit_not_found) << describe(gone);
  EXPECT_TRUE(contains(gone.err, "not_found")) << gone.err;
  EXPECT_TRUE(contains(gone.err, "no contract named 'life'")) << gone.err;
  EXPECT_EQ(ctl({"contract", "delete", "life"}).exit_code, exit_not_found);
  EXPECT_EQ(ctl({"contract", "activate", "no-such"}).exit_code, exit_not_found);
}

TEST_F(vireoctl, contract_update_bumps_the_revision) {
  deploy_system("revised", "echo");
  auto updated = ctl_json({"contract", "update", "revised", write_file("revised-update.json", R"({"exec_timeout_ms": 1234})")});
  ASSERT_EQ(updated.exit_code, exit_ok) << describe(updated);
  EXPECT_EQ(updated.json()["exec_timeout_ms"], 1234);
  EXPECT_EQ(updated.json()["revision"], 1);
}

TEST_F(vireoctl, a_bad_deploy_exits_4_with_the_server_s_error) {
  auto bad_kind = ctl({"contract", "deploy", write_file("cobol.json", R"({"name": "old", "kind": "cobol",
      "execution": "serial", "triggers": ["old"], "runtime": {}})")});
  EXPECT_EQ(bad_kind.exit_code, exit_rejected) << describe(bad_kind);
  EXPECT_TRUE(contains(bad_kind.err, "invalid_contract: kind must be one of")) << bad_kind.err;
  EXPECT_TRUE(contains(bad_kind.err, "(request ")) << bad_kind.err;
  EXPECT_TRUE(bad_kind.out.empty()) << bad_kind.out;

  deploy_system("taken", "echo");
  auto again = ctl({"contract", "deploy", files_ + "/taken.json"});
  EXPECT_EQ(again.exit_code, exit_rejected) << describe(again);
  EXPECT_TRUE(contains(again.err, "conflict")) << again.err;

  auto wasm_without_code = ctl({"contract", "deploy", write_file("nocode.json", R"({"name": "nocode", "kind": "wasm",
      "execution": "serial", "triggers": ["nocode"], "runtime": {}})")});
  EXPECT_EQ(wasm_without_code.exit_code, exit_rejected) << describe(wasm_without_code);
}

TEST_F(vireoctl, a_spec_that_cannot_be_read_is_a_usage_error) {
  auto not_json = ctl({"contract", "deploy", write_file("broken.json", "{\"name\": ")});
  EXPECT_EQ(not_json.exit_code, exit_usage) << describe(not_json);
  EXPECT_TRUE(contains(not_json.err, "not valid JSON")) << not_json.err;
  EXPECT_EQ(ctl({"contract", "deploy", files_ + "/missing.json"}).exit_code, exit_usage);
  EXPECT_EQ(ctl({"contract", "deploy", write_file("array.json", "[1]")}).exit_code, exit_usage);
}

TEST_F(vireoctl, deploy_uploads_the_code_file_as_base64) {
  std::string module("\0asm\1\0\0\0\x7f\x80\xff", 11);
  auto r = ctl_json({"contract", "deploy", write_file("mod.json", R"({"name": "mod", "kind": "wasm",
      "execution": "serial", "triggers": ["mod"], "runtime": {}})"), "--code", write_file("mod.wasm", module)});
  ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
  EXPECT_EQ(r.json()["runtime"]["code_hash"], sha256_hex(module));
}

TEST_F(vireoctl, tx_submit_get_and_receipt) {
  deploy_system("kv", "kv_set", "parallel");
  auto submitted = ctl_json({"tx", "submit", "kv", R"({"key": "a", "value": 1})", "--tag", "first"});
  ASSERT_EQ(submitted.exit_code, exit_ok) << describe(submitted);
  auto accepted = submitted.json();
  auto id = accepted["id"].get<std::string>();
  EXPECT_TRUE(std::regex_match(id, std::regex("[0-9a-f]{32}"))) << id;
  EXPECT_EQ(accepted["status"], "accepted");
  EXPECT_EQ(accepted["contract"], "kv");

  auto got = ctl_json({"tx", "get", id});
  ASSERT_EQ(got.exit_code, exit_ok) << describe(got);
  auto tx = got.json();
  EXPECT_EQ(tx["id"], id);
  EXPECT_EQ(tx["type"], "kv");
  EXPECT_EQ(tx["tag"], "first");
  EXPECT_EQ(tx["payload"], json({{"key", "a"}, {"value", 1}}));
  EXPECT_GT(tx["timestamp_ms"].get<int64_t>(), 0);

  auto table = ctl({"tx", "get", id});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(std::regex_search(table.out, std::regex("^id: +" + id + "$", std::regex::multiline))) << table.out;
  EXPECT_TRUE(contains(line_starting(table.out, "payload:"), R"({"key":"a","value":1})")) << table.out;
  EXPECT_TRUE(std::regex_search(table.out, std::regex(R"(^time: +\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)",
                                                      std::regex::multiline)))
      << table.out;

  auto receipt = ctl_json({"tx", "receipt", id, "--wait-ms", "10000"});
  ASSERT_EQ(receipt.exit_code, exit_ok) << describe(receipt);
  EXPECT_EQ(receipt.json()["receipt"]["invocation_id"], id);
  EXPECT_EQ(receipt.json()["receipt"]["status"], "committed");

  auto plain = ctl({"tx", "submit", "kv"});
  ASSERT_EQ(plain.exit_code, exit_ok) << describe(plain);
  EXPECT_TRUE(std::regex_search(plain.out, std::regex(R"(^status: +accepted$)", std::regex::multiline))) << plain.out;

  EXPECT_EQ(ctl({"tx", "get", "0123456789abcdef0123456789abcdef"}).exit_code, exit_not_found);
  auto unknown_type = ctl({"tx", "submit", "no-such-type"});
  EXPECT_EQ(unknown_type.exit_code, exit_not_found) << describe(unknown_type);
  EXPECT_TRUE(contains(unknown_type.err, "unknown_type")) << unknown_type.err;
  EXPECT_EQ(ctl({"tx", "submit", "kv", "{not json"}).exit_code, exit_usage);
}

TEST_F(vireoctl, tx_list_pages_by_type) {
  deploy_system("listed", "echo", "parallel");
  std::set<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto r = ctl_json({"tx", "submit", "listed", json{{"i", i}}.dump()});
    ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
    ids.insert(r.json()["id"].get<std::string>());
  }
  // Page through, two at a time; the echo's output transactions share the
  // type, they name their invoker.
  std::set<std::string> seen;
  std::vector<std::string> cursor;
  for (int pages = 0; pages < 10; ++pages) {
    std::vector<std::string> args = {"tx", "list", "--type", "listed", "--limit", "2"};
    args.insert(args.end(), cursor.begin(), cursor.end());
    auto r = ctl_json(args);
    ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
    auto page = r.json();
    ASSERT_LE(page["transactions"].size(), 2u) << r.out;
    for (auto& tx : page["transactions"]) {
      EXPECT_EQ(tx["type"], "listed");
      if (!tx.contains("invoker"))
        seen.insert(tx["id"].get<std::string>());
    }
    if (!page["next_cursor"].is_string())
      break;
    cursor = {"--cursor", page["next_cursor"].get<std::string>()};
  }
  EXPECT_EQ(seen, ids);

  auto table = ctl({"tx", "list", "--type", "listed"});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(contains(line_starting(table.out, "ID"), "PAYLOAD")) << table.out;
  for (auto& id : ids)
    EXPECT_TRUE(contains(line_starting(table.out, id), "listed")) << table.out;
}

TEST_F(vireoctl, tx_batch_reports_each_result) {
  deploy_system("batched", "echo", "parallel");
  auto file = write_file("batch.json", R"([{"type": "batched", "payload": {"n": 1}},
      {"type": "no-such-type"}, {"type": "batched", "tag": "t"}])");
  auto r = ctl_json({"tx", "batch", file});
  EXPECT_EQ(r.exit_code, exit_rejected) << describe(r);
  auto results = r.json()["results"];
  ASSERT_EQ(results.size(), 3u) << r.out;
  EXPECT_EQ(results[0]["status"], "accepted");
  EXPECT_EQ(results[1]["error"]["code"], "unknown_type");
  EXPECT_EQ(results[2]["status"], "accepted");
  auto ok = ctl({"tx", "batch", write_file("batch-ok.json", R"({"transactions": [{"type": "batched"}]})")});
  EXPECT_EQ(ok.exit_code, exit_ok) << describe(ok);
  EXPECT_TRUE(contains(ok.out, "accepted")) << ok.out;
}

TEST_F(vireoctl, invoke_submits_the_first_trigger_and_waits_for_the_receipt) {
  deploy_system("ctr", "counter");
  auto doc = invoke("ctr", {"by=2"});
  EXPECT_EQ(doc["receipt"]["status"], "committed");
  EXPECT_EQ(doc["receipt"]["contract"], "ctr");
  EXPECT_EQ(doc["output"]["payload"]["count"], 2);
  EXPECT_EQ(doc["output"]["invoker"], doc["receipt"]["invocation_id"]);
  auto tx = ctl_json({"tx", "get", doc["receipt"]["invocation_id"]});
  EXPECT_EQ(tx.json()["type"], "ctr");
  EXPECT_EQ(tx.json()["payload"], json({{"by", 2}}));

  auto table = ctl({"invoke", "ctr", "--payload", R"({"by": 3})"});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(std::regex_search(table.out, std::regex(R"(^status: +committed$)", std::regex::multiline))) << table.out;
  EXPECT_TRUE(contains(line_starting(table.out, "output:"), R"({"count":5})")) << table.out;
  EXPECT_TRUE(table.err.empty()) << "no progress indicator without a terminal: " << table.err;

  EXPECT_EQ(ctl({"invoke", "ctr", "by=1", "--payload", "{}"}).exit_code, exit_usage);
  EXPECT_EQ(ctl({"invoke", "ctr", "not-a-pair"}).exit_code, exit_usage);
  EXPECT_EQ(ctl({"invoke", "no-such-contract"}).exit_code, exit_not_found);
}

TEST_F(vireoctl, invoke_shows_a_progress_indicator_on_a_terminal_while_it_waits) {
  deploy_system("slowpoke", "sleep");
  auto r = run_vireoctl_on_terminal({"--server", node_.base_url(), "invoke", "slowpoke", "ms=700"});
  ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
  EXPECT_TRUE(std::regex_search(r.err, std::regex(R"(waiting for the receipt of [0-9a-f]{32} [|/\\-] 0\.\d s)")))
      << r.err;
  // The line is erased once the receipt is there, before the receipt is printed.
  EXPECT_EQ(r.err.substr(r.err.size() >= 4 ? r.err.size() - 4 : 0), "\r\033[K") << r.err;
  EXPECT_TRUE(std::regex_search(r.out, std::regex(R"(^status: +committed$)", std::regex::multiline))) << r.out;
}

TEST_F(vireoctl, invoke_arguments_are_json_when_they_parse_else_strings) {
  deploy_system("echoer", "echo");
  auto doc = invoke("echoer", {"n=7", "flag=true", "list=[1,2]", "quoted=\"7\"", "word=hello", "empty="});
  EXPECT_EQ(doc["output"]["payload"],
            json({{"n", 7}, {"flag", true}, {"list", {1, 2}}, {"quoted", "7"}, {"word", "hello"}, {"empty", ""}}));
}

TEST_F(vireoctl, a_failing_invocation_exits_6_with_its_reason) {
  auto spec = R"({"name":"x","kind":"system","execution":"serial","triggers":["x"],"runtime":{"contract":"fail"}})";
  ASSERT_EQ(ctl({"contract", "deploy", write_file("x.json", spec)}).exit_code, exit_ok);
  auto r = ctl_json({"invoke", "x", "reason=boom"});
  EXPECT_EQ(r.exit_code, exit_invocation_failed) << describe(r);
  EXPECT_EQ(r.json()["receipt"]["status"], "failed");
  EXPECT_TRUE(contains(r.err, "failed")) << r.err;
  EXPECT_TRUE(contains(r.err, "boom")) << r.err;
  auto table = ctl({"invoke", "x"});
  EXPECT_EQ(table.exit_code, exit_invocation_failed) << describe(table);
  EXPECT_TRUE(std::regex_search(table.out, std::regex(R"(^status: +failed$)", std::regex::multiline))) << table.out;
}

TEST_F(vireoctl, waiting_past_the_timeout_exits_7) {
  deploy_system("nap", "sleep");
  auto r = ctl_json({"invoke", "nap", "ms=2000", "--timeout-ms", "300"});
  EXPECT_EQ(r.exit_code, exit_timeout) << describe(r);
  EXPECT_EQ(r.json()["status"], "pending");
  EXPECT_TRUE(contains(r.err, "no receipt")) << r.err;
}

TEST_F(vireoctl, state_get_list_and_history) {
  deploy_system("heap", "kv_set");
  std::set<std::string> writers;
  writers.insert(invoke("heap", {"key=user.1", "value=ann"})["receipt"]["invocation_id"].get<std::string>());
  invoke("heap", {"key=user.2", "value={\"age\":2}"});
  writers.insert(invoke("heap", {"key=user.1", "value=bob"})["receipt"]["invocation_id"].get<std::string>());
  invoke("heap", {"key=other", "value=true"});

  auto got = ctl_json({"state", "get", "heap", "user.1"});
  ASSERT_EQ(got.exit_code, exit_ok) << describe(got);
  EXPECT_EQ(got.json()["key"], "user.1");
  EXPECT_EQ(got.json()["value"], "bob");
  EXPECT_TRUE(got.json()["version"].is_number());
  auto table = ctl({"state", "get", "heap", "user.2"});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(contains(line_starting(table.out, "value:"), R"({"age":2})")) << table.out;
  EXPECT_EQ(ctl({"state", "get", "heap", "nokey"}).exit_code, exit_not_found);

  auto listed = ctl_json({"state", "list", "heap", "--prefix", "user."});
  ASSERT_EQ(listed.exit_code, exit_ok) << describe(listed);
  std::set<std::string> keys;
  auto entries = listed.json()["entries"];
  for (auto& e : entries)
    keys.insert(e["key"].get<std::string>());
  EXPECT_EQ(keys, (std::set<std::string>{"user.1", "user.2"}));
  auto list_table = ctl({"state", "list", "heap"});
  ASSERT_EQ(list_table.exit_code, exit_ok) << describe(list_table);
  EXPECT_TRUE(std::regex_search(list_table.out, std::regex(R"(^other +\d+ +true$)", std::regex::multiline)))
      << list_table.out;

  auto history = ctl_json({"state", "history", "heap", "user.1"});
  ASSERT_EQ(history.exit_code, exit_ok) << describe(history);
  auto changes = history.json()["history"];
  ASSERT_EQ(changes.size(), 2u) << history.out;
  std::set<std::string> values, invocations;
  for (auto& c : changes) {
    values.insert(c["value"].get<std::string>());
    invocations.insert(c["invocation_id"].get<std::string>());
    EXPECT_EQ(c["deleted"], false);
  }
  EXPECT_EQ(values, (std::set<std::string>{"ann", "bob"}));
  EXPECT_EQ(invocations, writers);
  auto history_table = ctl({"state", "history", "heap", "user.1"});
  ASSERT_EQ(history_table.exit_code, exit_ok) << describe(history_table);
  EXPECT_TRUE(contains(history_table.out, "\"ann\"")) << history_table.out;
}

TEST_F(vireoctl, block_get_by_height_and_hash_and_latest) {
  deploy_system("chain", "echo", "parallel");
  auto id = invoke("chain", {"n=1"})["receipt"]["invocation_id"].get<std::string>();
  // Wait for the block that holds the invocation (none may be sealed yet: 3),
  // looking at every block sealed meanwhile: by the time `latest` is asked,
  // a later block (with its output transaction, say) may have followed it.
  json block;
  uint64_t next_height = 1;  // heights start at 1
  for (int i = 0; i < 100 && block.is_null(); ++i) {
    auto latest = ctl_json({"block", "latest"});
    ASSERT_TRUE(latest.exit_code == exit_ok || latest.exit_code == exit_not_found) << describe(latest);
    auto beyond_latest = latest.exit_code == exit_ok ? latest.json()["height"].get<uint64_t>() + 1 : 1;
    for (; next_height < beyond_latest && block.is_null(); ++next_height) {
      auto fetched = ctl_json({"block", "get", std::to_string(next_height)});
      ASSERT_EQ(fetched.exit_code, exit_ok) << describe(fetched);
      auto candidate = fetched.json();
      for (auto& tx : candidate["transaction_ids"])
        if (tx == id)
          block = candidate;
    }
    if (block.is_null())
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ASSERT_FALSE(block.is_null()) << "no block holds " << id;
  auto height = std::to_string(block["height"].get<uint64_t>());

  auto by_height = ctl_json({"block", "get", height});
  ASSERT_EQ(by_height.exit_code, exit_ok) << describe(by_height);
  EXPECT_EQ(by_height.json(), block);
  auto by_hash = ctl_json({"block", "get", block["hash"]});
  ASSERT_EQ(by_hash.exit_code, exit_ok) << describe(by_hash);
  EXPECT_EQ(by_hash.json()["height"], block["height"]);

  auto table = ctl({"block", "get", height});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(std::regex_search(table.out, std::regex("^height: +" + height + "$", std::regex::multiline)))
      << table.out;
  EXPECT_TRUE(contains(line_starting(table.out, "hash:"), block["hash"].get<std::string>())) << table.out;
  EXPECT_TRUE(contains(table.out, id)) << table.out;

  auto listed = ctl_json({"block", "list", "--from-height", "1", "--limit", "2"});
  ASSERT_EQ(listed.exit_code, exit_ok) << describe(listed);
  ASSERT_FALSE(listed.json()["blocks"].empty()) << listed.out;
  EXPECT_EQ(listed.json()["blocks"][0]["height"], 1);

  EXPECT_EQ(ctl({"block", "get", "99999999"}).exit_code, exit_not_found);
}

TEST_F(vireoctl, watch_prints_each_new_block_with_its_receipts) {
  deploy_system("watched", "counter");
  auto watching = std::async(std::launch::async, [this] {
    return ctl_json({"watch", "--count", "1", "--interval-ms", "50"});
  });
  // Keep invoking until the watcher saw a block (it may start after the first one).
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (watching.wait_for(std::chrono::milliseconds(200)) != std::future_status::ready &&
         std::chrono::steady_clock::now() < give_up)
    api().submit_accepted("watched", json::object());
  auto r = watching.get();
  ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
  auto line = json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_GE(line["block"]["height"].get<uint64_t>(), 1u);
  EXPECT_EQ(line["transactions"].size(), line["block"]["transaction_ids"].size());
  bool invocation_seen = false;
  for (auto& item : line["transactions"]) {
    EXPECT_TRUE(item["transaction"]["id"].is_string());
    if (item["transaction"]["type"] == "watched" && !item["transaction"].contains("invoker")) {
      invocation_seen = true;
      EXPECT_EQ(item["receipt"]["status"], "committed") << item.dump();
      EXPECT_EQ(item["receipt"]["contract"], "watched");
    }
  }
  EXPECT_TRUE(invocation_seen) << r.out;

  auto first = ctl({"watch", "--from-height", "1", "--count", "1"});
  ASSERT_EQ(first.exit_code, exit_ok) << describe(first);
  EXPECT_TRUE(contains(line_starting(first.out, "block 1 "), "transactions")) << first.out;
  EXPECT_TRUE(std::regex_search(first.out, std::regex(R"(^  [0-9a-f]{32} +watched +watched +committed)",
                                                      std::regex::multiline)))
      << first.out;
  EXPECT_TRUE(contains(first.out, "TRANSACTION")) << first.out;
}

TEST_F(vireoctl, status_shows_the_node) {
  auto r = ctl_json({"status"});
  ASSERT_EQ(r.exit_code, exit_ok) << describe(r);
  auto status = r.json();
  EXPECT_FALSE(status["version"].get<std::string>().empty());
  EXPECT_NE(std::find(status["roles"].begin(), status["roles"].end(), "gateway"), status["roles"].end()) << r.out;
  EXPECT_TRUE(status["block_height"].is_number());
  EXPECT_TRUE(status["workers"].is_array());
  auto table = ctl({"status"});
  ASSERT_EQ(table.exit_code, exit_ok) << describe(table);
  EXPECT_TRUE(std::regex_search(table.out, std::regex("^version: +" + status["version"].get<std::string>() + "$",
                                                      std::regex::multiline)))
      << table.out;
  EXPECT_TRUE(contains(line_starting(table.out, "roles:"), "gateway")) << table.out;
}

TEST_F(vireoctl, usage_errors_exit_1_and_help_exits_0) {
  EXPECT_EQ(run_vireoctl({}).exit_code, exit_usage);
  EXPECT_EQ(run_vireoctl({"contract"}).exit_code, exit_usage);
  EXPECT_EQ(run_vireoctl({"frobnicate"}).exit_code, exit_usage);
  EXPECT_EQ(run_vireoctl({"--output", "yaml", "status"}).exit_code, exit_usage);
  EXPECT_EQ(run_vireoctl({"state", "get", "only-a-contract"}).exit_code, exit_usage);
  auto help = run_vireoctl({"--help"});
  EXPECT_EQ(help.exit_code, exit_ok) << describe(help);
  EXPECT_TRUE(contains(help.out, "invoke")) << help.out;
}

TEST_F(vireoctl, server_down_exits_2_and_vireo_server_names_the_server) {
  auto down = run_vireoctl({"--server", "http://127.0.0.1:1", "contract", "list"});
  EXPECT_EQ(down.exit_code, exit_unreachable) << describe(down);
  EXPECT_TRUE(contains(down.err, "cannot reach the server at http://127.0.0.1:1")) << down.err;

  auto from_env = run_vireoctl({"contract", "list", "--output", "json"}, {{"VIREO_SERVER", node_.base_url()}});
  ASSERT_EQ(from_env.exit_code, exit_ok) << describe(from_env);
  EXPECT_TRUE(from_env.json()["contracts"].is_array());
  EXPECT_EQ(run_vireoctl({"status"}, {{"VIREO_SERVER", "http://127.0.0.1:1"}}).exit_code, exit_unreachable);
}

}  // namespace
}  // namespace vireo::testing
