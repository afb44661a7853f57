// Window cycles (engine/graph/window_cycles.h): the shortest cycle per node,
// found only inside a window, large components skipped.
#include "engine/graph/window_cycles.h"

#include <gtest/gtest.h>

namespace moneytrail::graph {
namespace {

TEST(WindowCyclesTest, FindsTheShortestCycleThroughEachNode) {
  // 0 -> 1 -> 0 (2-cycle) and 0 -> 2 -> 3 -> 0 (3-cycle): node 0's shortest is 2.
  std::vector<TimedEdge> e = {
      {0, 1, 1, 10}, {1, 0, 2, 11}, {0, 2, 3, 12}, {2, 3, 4, 13}, {3, 0, 5, 14}};
  auto r = FindWindowCycles(e, 4, {100, 0, 20});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 4u);
  EXPECT_EQ((*r)[0].nodes, (std::vector<uint32_t>{0, 1}));
  EXPECT_EQ((*r)[0].edges, (std::vector<uint32_t>{10, 11}));
  EXPECT_EQ((*r)[2].nodes, (std::vector<uint32_t>{2, 3, 0}));
  EXPECT_EQ((*r)[2].edges, (std::vector<uint32_t>{13, 14, 12}));
}

TEST(WindowCyclesTest, ACycleSpanningMoreThanAWindowIsNotFound) {
  std::vector<TimedEdge> e = {{0, 1, 0, 0}, {1, 2, 10, 1}, {2, 0, 200, 2}};
  auto r = FindWindowCycles(e, 3, {100, 0, 20});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  r = FindWindowCycles(e, 3, {400, 0, 20});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->size(), 3u);
}

TEST(WindowCyclesTest, ComponentsLargerThanTheLimitAndSelfLoopsAreSkipped) {
  std::vector<TimedEdge> e = {{0, 1, 0, 0}, {1, 2, 0, 1}, {2, 0, 0, 2}, {3, 3, 0, 3}};
  auto r = FindWindowCycles(e, 4, {10, 0, 2});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->empty());
  EXPECT_FALSE(FindWindowCycles(e, 3, {10, 0, 2}).ok());  // node 3 out of range
  EXPECT_FALSE(FindWindowCycles(e, 4, {0, 0, 2}).ok());   // no window
}

}  // namespace
}  // namespace moneytrail::graph
