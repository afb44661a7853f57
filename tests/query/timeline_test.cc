#include "engine/query/timeline.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using testing::At;
using testing::Cents;
using ::testing::ElementsAre;
using testing::TestStore;

std::vector<std::string> Lines(const TimelineResult& r) {
  std::vector<std::string> out;
  for (const TimelineEntry& e : r.entries) {
    out.push_back(e.tx.tx_id + (e.outgoing ? " out " : " in ") +
                  FormatMinorUnits(e.balance_minor, 2));
  }
  return out;
}

class TimelineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_.Party("P1")
        .Account("A", "P1", "100.00")
        .Tx("T1", 1, "X", "A", "50.00")
        .Tx("T2", 2, "A", "Y", "30.00")
        .Tx("T3", 3, "", "A", "5.00")
        .Tx("T4", 4, "A", "", "20.00");
  }
  TestStore t_;
};

TEST_F(TimelineTest, RunningBalanceStartsAtTheOpeningBalance) {
  auto r = Timeline(t_.Build(), "A", {});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_THAT(Lines(*r),
              ElementsAre("T1 in 150.00", "T2 out 120.00", "T3 in 125.00", "T4 out 105.00"));
  EXPECT_EQ(r->opening_minor, Cents("100.00"));
  EXPECT_EQ(r->closing_minor, Cents("105.00"));
  EXPECT_EQ(r->entries[2].counterparty(), "CASH");
  EXPECT_EQ(r->entries[1].counterparty(), "Y");
  EXPECT_EQ(r->entries[1].signed_minor(), -Cents("30.00"));
  ASSERT_TRUE(r->holder.has_value());
  EXPECT_EQ(r->holder->name, "Party P1");
  EXPECT_FALSE(r->truncated());
}

TEST_F(TimelineTest, TheWindowListsLessButTheBalanceCountsEverythingBefore) {
  TimelineOptions o;
  o.since = At(2);
  o.until = At(3);
  auto r = Timeline(t_.Build(), "A", o);
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(Lines(*r), ElementsAre("T2 out 120.00", "T3 in 125.00"));
  EXPECT_EQ(r->opening_minor, Cents("150.00"));
  EXPECT_EQ(r->closing_minor, Cents("125.00"));
  EXPECT_EQ(r->found, 2u);
}

TEST_F(TimelineTest, LimitListsTheFirstEntriesAndSaysSo) {
  TimelineOptions o;
  o.limit = 1;
  auto r = Timeline(t_.Build(), "A", o);
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(Lines(*r), ElementsAre("T1 in 150.00"));
  EXPECT_EQ(r->found, 4u);
  EXPECT_TRUE(r->truncated());
  EXPECT_EQ(r->closing_minor, Cents("105.00"));
}

TEST_F(TimelineTest, ATransferToItselfComesInThenOut) {
  t_.Tx("T5", 5, "A", "A", "7.00");
  auto r = Timeline(t_.Build(), "A", {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->entries.size(), 6u);
  EXPECT_EQ(Lines(*r)[4], "T5 in 112.00");
  EXPECT_EQ(Lines(*r)[5], "T5 out 105.00");
}

TEST_F(TimelineTest, AnAccountKnownOnlyFromTransactionsStartsAtZero) {
  auto r = Timeline(t_.Build(), "Y", {});
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->account.has_value());
  EXPECT_THAT(Lines(*r), ElementsAre("T2 in 30.00"));
}

TEST_F(TimelineTest, AnAccountWithEverythingAfterUntilStillExists) {
  TimelineOptions o;
  o.until = At(0);
  auto r = Timeline(t_.Build(), "Y", o);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->entries.empty());
}

TEST_F(TimelineTest, UnknownAccountIsNotFound) {
  const storage::Store& s = t_.Build();
  auto r = Timeline(s, "NOPE", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("'NOPE'"));
  TimelineOptions o;
  o.since = At(3);
  o.until = At(2);
  EXPECT_EQ(Timeline(s, "A", o).status().code(), StatusCode::kUsage);
}

}  // namespace
}  // namespace moneytrail::query
