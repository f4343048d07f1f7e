// The parts of vireoctl that need no server: argument parsing, base64, URL
// escaping, table layout.
#include <sstream>

#include <gtest/gtest.h>

#include "services/ctl/errc.hpp"
#include "services/ctl/inputs.hpp"
#include "services/ctl/rest_client.hpp"
#include "services/ctl/table_printer.hpp"
#include "services/ctl/views.hpp"

namespace vireo::ctl {
namespace {

using nlohmann::json;

TEST(ctl_inputs, key_values_are_json_when_they_parse_else_strings) {
  EXPECT_EQ(parse_key_values({"n=7", "ok=false", "list=[1]", "s=\"7\"", "word=hi there", "empty=", "eq=a=b"}),
            json({{"n", 7}, {"ok", false}, {"list", {1}}, {"s", "7"}, {"word", "hi there"}, {"empty", ""}, {"eq", "a=b"}}));
}

TEST(ctl_inputs, a_pair_without_a_key_is_a_usage_error) {
  for (auto bad : {"novalue", "=5"}) {
    try {
      parse_key_values({bad});
      ADD_FAILURE() << bad << " was accepted";
    } catch (const ctl_error& e) {
      EXPECT_EQ(e.code(), errc::usage);
    }
  }
}

TEST(ctl_inputs, base64_matches_rfc_4648_vectors) {
  EXPECT_EQ(base64_encode(""), "");
  EXPECT_EQ(base64_encode("f"), "Zg==");
  EXPECT_EQ(base64_encode("fo"), "Zm8=");
  EXPECT_EQ(base64_encode("foo"), "Zm9v");
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(base64_encode(std::string("\0\xff\xfe", 3)), "AP/+");
}

TEST(ctl_rest_client, path_segments_and_query_values_are_percent_encoded) {
  EXPECT_EQ(url_escape("user.1_a-b~"), "user.1_a-b~");
  EXPECT_EQ(url_escape("a/b c?&=%"), "a%2Fb%20c%3F%26%3D%25");
  std::string path = "/v1/transactions";
  add_query(path, "type", "a b");
  add_query(path, "limit", "2");
  EXPECT_EQ(path, "/v1/transactions?type=a%20b&limit=2");
}

TEST(ctl_table_printer, columns_are_as_wide_as_their_widest_cell) {
  table_printer t({"NAME", "STATE"});
  t.add_row({"a-long-name", "active"});
  t.add_row({"é", "x"});
  std::ostringstream out;
  t.print(out);
  EXPECT_EQ(out.str(), "NAME         STATE\na-long-name  active\né            x\n");
}

TEST(ctl_table_printer, details_align_their_values) {
  details_printer d;
  d.add("id", "1");
  d.add("contract", "c");
  std::ostringstream out;
  d.print(out);
  EXPECT_EQ(out.str(), "id:        1\ncontract:  c\n");
}

TEST(ctl_table_printer, truncation_counts_code_points_and_marks_the_cut) {
  EXPECT_EQ(truncate("abcdef", 6), "abcdef");
  EXPECT_EQ(truncate("abcdefg", 6), "abc...");
  EXPECT_EQ(truncate("ééééééé", 6), "ééé...");
}

TEST(ctl_views, times_are_utc_iso_8601_with_milliseconds) {
  EXPECT_EQ(format_time_ms(1700000000123), "2023-11-14T22:13:20.123Z");
  EXPECT_EQ(format_time_ms(0), "-");
  EXPECT_EQ(cell_text(json("s")), "s");
  EXPECT_EQ(cell_text(json(nullptr)), "-");
  EXPECT_EQ(cell_text(json({{"a", 1}})), R"({"a":1})");
}

}  // namespace
}  // namespace vireo::ctl
