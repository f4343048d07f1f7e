// A kept instance is restored between calls: whatever a call changed (memory,
// data segment bytes, a mutable global, a table slot), even when it trapped,
// the next call sees what a freshly instantiated module would show it; an
// instance that grew its memory is not kept.
#include "tests/services/vm/engine_fixture.hpp"

namespace vireo::vm::test {
namespace {

using vm_proto::return_code;
using strings = std::vector<std::string>;

const std::string contract = "instance_state_wat.wasm";
/// What `observe` finishes on a fresh instance (instance_state.wat).
const strings fresh = {"66", "", "", "07", "01", "01"};
const strings scribbled = {"58", "ff", "09", "63", "02", "01"};

class engine_reuse_test : public engine_fixture {
 protected:
  void SetUp() override { load(contract); }

  strings observe(const std::string& function = "observe") {
    const auto out = call(contract, function);
    EXPECT_EQ(out.code, return_code::ok) << out.message;
    return hex_all(out.return_data);
  }
};

TEST_F(engine_reuse_test, the_next_call_sees_fresh_memory_data_globals_and_tables) {
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(observe("scribble"), scribbled) << "the call did change its instance";
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(observe("scribble"), scribbled);
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(engine_.instantiations(), 1u) << "every call ran on the one kept instance";
}

TEST_F(engine_reuse_test, every_byte_a_call_wrote_is_zero_or_its_data_again_for_the_next) {
  const strings fresh_census = observe("census");
  EXPECT_EQ(fresh_census.size(), 2u);
  EXPECT_EQ(fresh_census[0], "01") << "one word holds the data segment";
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(call(contract, "fill").code, return_code::ok);
    EXPECT_EQ(observe("census"), fresh_census);
    EXPECT_EQ(observe(), fresh);
  }
  EXPECT_EQ(engine_.instantiations(), 1u);
}

TEST_F(engine_reuse_test, a_call_that_trapped_leaves_nothing_behind) {
  EXPECT_EQ(observe(), fresh);
  const auto out = call(contract, "scribble_then_trap");
  EXPECT_EQ(out.code, return_code::execution_failed);
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(engine_.instantiations(), 1u);
}

TEST_F(engine_reuse_test, an_instance_that_grew_is_replaced_by_a_fresh_one) {
  EXPECT_EQ(observe("grow"), (strings{"58", "ff", "09", "63", "02", "02"}));
  EXPECT_EQ(observe(), fresh) << "one page again";
  EXPECT_EQ(engine_.instantiations(), 2u);
  EXPECT_EQ(observe("scribble"), scribbled);
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(engine_.instantiations(), 4u) << "a module that grew once is instantiated per call";
}

TEST_F(engine_reuse_test, each_memory_limit_keeps_its_own_instance) {
  EXPECT_EQ(observe("scribble"), scribbled);
  input_.memory_limit_pages = 1;
  EXPECT_EQ(observe(), fresh);
  const auto out = call(contract, "grow");
  EXPECT_EQ(hex_all(out.return_data).back(), "01") << "memory.grow fails at the limit";
  input_.memory_limit_pages = 256;
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(engine_.instantiations(), 2u);
}

TEST_F(engine_reuse_test, reloading_a_module_starts_from_a_fresh_instance) {
  EXPECT_EQ(observe("scribble"), scribbled);
  load(contract);
  EXPECT_EQ(observe(), fresh);
  EXPECT_EQ(engine_.instantiations(), 2u);
}

}  // namespace
}  // namespace vireo::vm::test
