#include "support/metrics.hpp"

#include <gtest/gtest.h>
#include <prometheus/registry.h>

namespace vireo {
namespace {

TEST(counters_by_labels, counts_into_the_familys_counter_of_those_label_values) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("test_events_total").Help("test").Register(registry);
  counters_by_labels counters(family, {"outcome", "kind"});

  counters.with({"ok", "http"}).Increment();
  counters.with({"ok", "http"}).Increment();
  counters.with({"failed", "http"}).Increment(3);
  std::string kind = "wasm";
  counters.with({"ok", kind}).Increment();

  EXPECT_EQ(family.Add({{"outcome", "ok"}, {"kind", "http"}}).Value(), 2);
  EXPECT_EQ(family.Add({{"outcome", "failed"}, {"kind", "http"}}).Value(), 3);
  EXPECT_EQ(family.Add({{"outcome", "ok"}, {"kind", "wasm"}}).Value(), 1);
  EXPECT_EQ(&counters.with({"ok", "http"}), &family.Add({{"outcome", "ok"}, {"kind", "http"}}));
}

TEST(counters_by_labels, keeps_label_values_apart_that_would_join_to_the_same_text) {
  prometheus::Registry registry;
  auto& family = prometheus::BuildCounter().Name("test_joined_total").Help("test").Register(registry);
  counters_by_labels counters(family, {"a", "b"});

  counters.with({"ab", "c"}).Increment();
  counters.with({"a", "bc"}).Increment(2);

  EXPECT_EQ(family.Add({{"a", "ab"}, {"b", "c"}}).Value(), 1);
  EXPECT_EQ(family.Add({{"a", "a"}, {"b", "bc"}}).Value(), 2);
}

}  // namespace
}  // namespace vireo
