#include "engine/report/chart_layout.h"

#include <gtest/gtest.h>

#include <map>

#include "tests/report/sample_report.h"

namespace moneytrail::report {
namespace {

using testing::SampleReport;

const ChartNode* Find(const FlowChart& chart, const std::string& label) {
  for (const ChartNode& n : chart.nodes)
    if (n.label == label) return &n;
  return nullptr;
}

TEST(FlowChartTest, ColumnsArePayersThenHopsThenExits) {
  FlowChart chart = LayoutFlowChart(SampleReport());
  ASSERT_EQ(chart.column_titles, (std::vector<std::string>{"Payers", "Hop 0", "Hop 1", "Exits"}));
  EXPECT_EQ(Find(chart, "ES11VICTIM1")->column, 0);
  EXPECT_EQ(Find(chart, "ES22COLLECT")->column, 1);
  EXPECT_EQ(Find(chart, testing::kScriptAccount)->column, 2);
  EXPECT_EQ(Find(chart, "Cash withdrawals")->column, 3);
  EXPECT_EQ(Find(chart, "AST-1-VEH")->column, 3);
}

TEST(FlowChartTest, BandsCarryEveryTaintedCentOfTheSchedule) {
  Report r = SampleReport();
  FlowChart chart = LayoutFlowChart(r);
  int64_t bands = 0, rows = 0;
  for (const ChartBand& b : chart.bands) bands += b.amount;
  for (const ScheduleRow& row : r.schedule) rows += row.tainted;
  EXPECT_EQ(bands, rows);
  // The collector received both ransoms and passed all of it on or out.
  EXPECT_EQ(Find(chart, "ES22COLLECT")->amount, 29600000);
}

TEST(FlowChartTest, BandsStayWithinTheirNodesAndTheDrawing) {
  FlowChart chart = LayoutFlowChart(SampleReport());
  for (const ChartBand& b : chart.bands) {
    const ChartNode& from = chart.nodes[b.from];
    const ChartNode& to = chart.nodes[b.to];
    EXPECT_GE(b.from_y, from.y);
    EXPECT_LE(b.from_y + b.thickness, from.y + from.height + 1);
    EXPECT_GE(b.to_y, to.y);
    EXPECT_LE(b.to_y + b.thickness, to.y + to.height + 1);
  }
  for (const ChartNode& n : chart.nodes) {
    EXPECT_GE(n.x, 0);
    EXPECT_LE(n.x + n.width, chart.width);
    EXPECT_LE(n.y + n.height, chart.height);
  }
}

TEST(FlowChartTest, CrowdedColumnsMergeTheSmallestAccounts) {
  Report r = SampleReport();
  r.schedule.resize(2);  // the two seeds
  for (int i = 0; i < 30; ++i) {
    ScheduleRow flow = r.schedule[0];
    flow.kind = "flow";
    flow.hop = 1;
    flow.from_account = "ES22COLLECT";
    flow.to_account = "MULE-" + std::to_string(100 + i);
    flow.tainted = 1000 + i;
    r.schedule.push_back(flow);
  }
  ChartOptions options;
  options.max_nodes_per_column = 5;
  FlowChart chart = LayoutFlowChart(r, options);
  std::map<int, int> per_column;
  for (const ChartNode& n : chart.nodes) ++per_column[n.column];
  EXPECT_EQ(per_column[2], 5);
  EXPECT_EQ(chart.merged_nodes, 26u);
  EXPECT_NE(Find(chart, "MULE-129"), nullptr);  // the largest stays
  EXPECT_EQ(Find(chart, "MULE-100"), nullptr);  // the smallest is merged
  EXPECT_NE(Find(chart, "other accounts (26)"), nullptr);
}

TEST(TimelineTest, MarksFollowTimeAndAmount) {
  Report r = SampleReport();
  Timeline t = LayoutTimeline(r);
  ASSERT_EQ(t.marks.size(), r.schedule.size());
  for (size_t i = 1; i < t.marks.size(); ++i) EXPECT_GE(t.marks[i].x, t.marks[i - 1].x);
  EXPECT_EQ(t.marks.front().height, t.axis_y - 10);  // the largest row is full height
  EXPECT_LT(t.marks[1].height, t.marks[0].height);
  // A week: ticks every other midnight, no date twice, left to right.
  EXPECT_EQ(t.ticks.size(), 4u);
  EXPECT_EQ(t.ticks.front().second, "2024-03-14");
  EXPECT_EQ(t.ticks.back().second, "2024-03-20");
  for (size_t i = 1; i < t.ticks.size(); ++i) {
    EXPECT_GT(t.ticks[i].first, t.ticks[i - 1].first);
    EXPECT_NE(t.ticks[i].second, t.ticks[i - 1].second);
  }
}

TEST(TimelineTest, ShortSpansShowTimes) {
  Report r = SampleReport();
  r.schedule.resize(3);  // 10:00 to 14:00 on one day
  Timeline t = LayoutTimeline(r);
  ASSERT_EQ(t.ticks.size(), 5u);
  EXPECT_EQ(t.ticks.front().second, "03-13 10:00");
  EXPECT_EQ(t.ticks.back().second, "03-13 14:00");
}

TEST(TimelineTest, EmptyScheduleGivesAnEmptyTimeline) {
  Report r = SampleReport();
  r.schedule.clear();
  Timeline t = LayoutTimeline(r);
  EXPECT_TRUE(t.marks.empty());
  EXPECT_TRUE(t.ticks.empty());
}

}  // namespace
}  // namespace moneytrail::report
