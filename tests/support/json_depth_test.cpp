// The nesting count that guards every JSON the node reads from outside.
#include "support/json_depth.hpp"

#include <string>

#include <gtest/gtest.h>

namespace vireo {
namespace {

TEST(json_nesting_depth, counts_arrays_and_objects_and_nothing_else) {
  EXPECT_EQ(json_nesting_depth(""), 0u);
  EXPECT_EQ(json_nesting_depth("42"), 0u);
  EXPECT_EQ(json_nesting_depth("\"text\""), 0u);
  EXPECT_EQ(json_nesting_depth("{}"), 1u);
  EXPECT_EQ(json_nesting_depth("[[], {\"a\": [1]}]"), 3u);
  EXPECT_EQ(json_nesting_depth("[[[]]] [[]]"), 3u) << "the deepest point, not the last";
}

TEST(json_nesting_depth, skips_brackets_inside_strings_and_honours_escapes) {
  EXPECT_EQ(json_nesting_depth(R"(["[[[{{{"])"), 1u);
  EXPECT_EQ(json_nesting_depth(R"(["a\"[[[", "\\", [2]])"), 2u) << "an escaped quote does not end the string";
  EXPECT_EQ(json_nesting_depth(R"({"k\\": [[1]]})"), 3u) << "an escaped backslash does";
}

TEST(json_nesting_depth, holds_the_limit_on_both_sides) {
  auto nested = [](size_t levels) { return std::string(levels, '[') + std::string(levels, ']'); };
  EXPECT_TRUE(within_json_depth(nested(max_json_depth)));
  EXPECT_FALSE(within_json_depth(nested(max_json_depth + 1)));
  EXPECT_EQ(json_nesting_depth(nested(1000000)), 1000000u) << "counted without recursion";
}

}  // namespace
}  // namespace vireo
