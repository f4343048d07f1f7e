// A long background computation yields once per slice, and not before.
#include "support/cpu_yield.hpp"

#include <gtest/gtest.h>

namespace vireo {
namespace {

TEST(cpu_yield, yields_at_a_checkpoint_once_its_slice_has_passed) {
  cpu_yield every_time{std::chrono::microseconds(0)};
  for (int i = 0; i < 3; ++i)
    every_time.checkpoint();
  EXPECT_EQ(every_time.yields(), 3u);
}

TEST(cpu_yield, does_not_yield_within_its_slice) {
  cpu_yield hourly{std::chrono::hours(1)};
  for (int i = 0; i < 1000; ++i)
    hourly.checkpoint();
  EXPECT_EQ(hourly.yields(), 0u);
}

}  // namespace
}  // namespace vireo
