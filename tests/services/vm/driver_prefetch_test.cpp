// Prefetched storage values (call_request.prefetched) over real vireo-vm
// children: the executor sends the values of the keys a function read in both
// of its last two calls; the VM answers those reads without a hook; the read set holds
// exactly the keys the contract read, at the versions it saw.
#include "services/vm/driver/vm_client.hpp"
#include "tests/services/vm/driver_fixture.hpp"

namespace vireo::vm::test {
namespace {

using json = nlohmann::json;
using outcome = worker::execution_result::outcome;

class prefetch_test : public driver_fixture {
 protected:
  /// Another invocation commits `value` under `key`.
  void commit_elsewhere(const std::string& key, const std::string& value) {
    state_.pending[key] = value;
    state_.commit();
  }

  /// probe_c.wasm's read_keys of `keys`, checked to succeed.
  json read_keys(const json& keys) {
    const auto result = call("probe_c.wasm", "read_keys", keys);
    EXPECT_EQ(result.status, outcome::ok) << result.error;
    return json::parse(result.output_json.empty() ? "{}" : result.output_json)["return_data"];
  }

  /// One dialogue straight on a vm_client, to count its hook calls.
  dialogue_outcome dialogue(vm_client& client, const std::vector<std::string>& prefetch, const json& keys) {
    dialogue_request request;
    request.invocation_id = "direct";
    request.code_hash = "probe_c.wasm";
    request.input.function = "read_keys";
    for (const auto& key : keys) request.input.args.emplace_back(key.get<std::string>());
    request.input.gas_limit = settings_.default_gas_limit;
    request.input.memory_limit_pages = settings_.default_memory_limit_pages;
    request.prefetch_keys = &prefetch;
    state_.read_set.clear();
    return client.run(request, state_, [this](const std::string& hash) { return code_.at(hash); },
                      std::chrono::steady_clock::now() + std::chrono::seconds(20));
  }
};

TEST_F(prefetch_test, a_prefetched_value_is_read_fresh_from_the_state_each_call) {
  store_code("counter_wat.wasm");
  expect_increment_returns("counter_wat.wasm", "01");
  expect_increment_returns("counter_wat.wasm", "02");
  EXPECT_EQ(state_.peeks, 0) << "a key is guessed once two calls in a row read it";
  commit_elsewhere("count", "\x10");
  expect_increment_returns("counter_wat.wasm", "11");
  EXPECT_EQ(state_.peeks, 1) << "the third call's read of count was prefetched";
  EXPECT_EQ(state_.read_set, (std::map<std::string, uint64_t>{{"count", state_.versions.at("count") - 1}}))
      << "read at the version before this call's own commit";
}

TEST_F(prefetch_test, a_prefetched_key_the_contract_does_not_read_stays_out_of_the_read_set) {
  store_code("probe_c.wasm");
  commit_elsewhere("a", "A");
  commit_elsewhere("b", "B");
  EXPECT_EQ(read_keys({"a"}), json::array({"41"}));
  EXPECT_EQ(read_keys({"a"}), json::array({"41"}));
  EXPECT_EQ(read_keys({"b"}), json::array({"42"})) << "b, not prefetched, comes through the hook";
  EXPECT_EQ(state_.peeks, 1) << "a was prefetched";
  EXPECT_EQ(state_.read_set, (std::map<std::string, uint64_t>{{"b", state_.versions.at("b")}}));
  EXPECT_EQ(read_keys({"a", "b"}), json::array({"41", "42"})) << "neither guessed: no key in both of the last calls";
  EXPECT_EQ(state_.peeks, 1);
  EXPECT_EQ(state_.read_set,
            (std::map<std::string, uint64_t>{{"a", state_.versions.at("a")}, {"b", state_.versions.at("b")}}));
}

TEST_F(prefetch_test, a_missing_prefetched_key_reads_as_empty) {
  store_code("probe_c.wasm");
  for (int call = 0; call < 3; ++call)
    EXPECT_EQ(read_keys({"none"}), json::array({""}));
  EXPECT_EQ(state_.peeks, 1);
  EXPECT_EQ(state_.read_set, (std::map<std::string, uint64_t>{{"none", 0}}));
}

TEST_F(prefetch_test, the_vm_answers_prefetched_reads_without_a_hook_and_others_with_one) {
  store_code("probe_c.wasm");
  commit_elsewhere("a", "A");
  commit_elsewhere("b", "B");
  dialogue_watchdog watchdog(std::chrono::milliseconds(1), std::chrono::milliseconds(1000));
  vm_client client(settings_, settings_.vm_binary, watchdog.add_slot());
  ASSERT_TRUE(dialogue(client, {}, {"a"}).delivered);  // the module is fetched and cached

  auto out = dialogue(client, {"a"}, {"a"});
  ASSERT_TRUE(out.delivered) << out.error;
  EXPECT_EQ(out.hook_calls, 0);
  EXPECT_EQ(out.response.prefetch_used, std::vector<uint32_t>{0});
  EXPECT_EQ(out.read_keys, std::vector<std::string>{"a"});

  out = dialogue(client, {"a", "c"}, {"b", "c"});
  ASSERT_TRUE(out.delivered) << out.error;
  EXPECT_EQ(out.hook_calls, 1) << "b only";
  ASSERT_EQ(out.response.return_data.size(), 2u);
  EXPECT_EQ(out.response.return_data[0].bytes, "B");
  EXPECT_EQ(out.response.prefetch_used, std::vector<uint32_t>{1});
  EXPECT_EQ(out.read_keys, (std::vector<std::string>{"b", "c"}));
  EXPECT_EQ(state_.read_set, (std::map<std::string, uint64_t>{{"b", state_.versions.at("b")}, {"c", 0}}));
}

TEST_F(prefetch_test, a_conflicting_write_to_a_prefetched_key_fails_validation) {
  store_code("counter_wat.wasm");
  expect_increment_returns("counter_wat.wasm", "01");
  expect_increment_returns("counter_wat.wasm", "02");
  for (const bool conflict : {false, true}) {
    state_.read_set.clear();
    const auto result = executor_->execute(request("counter_wat.wasm", "increment"), state_);
    ASSERT_EQ(result.status, outcome::ok) << result.error;
    ASSERT_EQ(state_.read_set.count("count"), 1u) << "the prefetched read is in the read set";
    if (conflict) ++state_.versions["count"];  // another invocation committed count meanwhile
    EXPECT_EQ(state_.read_set_valid(), !conflict);
    state_.commit();
  }
  EXPECT_GE(state_.peeks, 2);
}

TEST_F(prefetch_test, a_write_to_a_prefetched_key_that_was_not_read_causes_no_conflict) {
  store_code("probe_c.wasm");
  read_keys({"a"});
  read_keys({"a"});
  read_keys({"b"});  // a prefetched, not read
  ASSERT_EQ(state_.peeks, 1);
  ++state_.versions["a"];
  EXPECT_TRUE(state_.read_set_valid());
}

TEST_F(prefetch_test, keys_that_change_with_every_call_are_not_guessed) {
  // A token reads the balances of each call's parties: in a node a wrong
  // guess is a wasted state read from the core.
  store_code("probe_c.wasm");
  for (const char* key : {"a", "b", "c", "d"})
    read_keys({key});
  EXPECT_EQ(state_.peeks, 0);
}

}  // namespace
}  // namespace vireo::vm::test
