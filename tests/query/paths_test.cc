#include "engine/query/paths.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using testing::At;
using testing::Cents;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using testing::TestStore;

// Each chain as its tx ids joined by '>'.
std::vector<std::string> Chains(const PathResult& r) {
  std::vector<std::string> out;
  for (const Path& p : r.paths) {
    std::string s;
    for (const PathStep& st : p.steps) s += (s.empty() ? "" : ">") + st.tx_id;
    out.push_back(s);
  }
  return out;
}

PathResult Search(const storage::Store& store, const std::string& from, const std::string& to,
                  PathOptions o = {}) {
  auto r = FindPaths(store, from, to, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : PathResult{};
}

TEST(PathsTest, ADirectTransferIsAOneHopChain) {
  TestStore t;
  t.Tx("T1", 1, "A", "B", "10.00");
  PathResult r = Search(t.Build(), "A", "B");
  ASSERT_THAT(Chains(r), ElementsAre("T1"));
  const PathStep& s = r.paths[0].steps[0];
  EXPECT_EQ(s.from, "A");
  EXPECT_EQ(s.to, "B");
  EXPECT_EQ(s.timestamp, At(1));
  EXPECT_EQ(s.amount.minor_units, Cents("10.00"));
  EXPECT_EQ(r.paths[0].amount_minor, Cents("10.00"));
  EXPECT_FALSE(r.truncated());
}

TEST(PathsTest, AChainThatGoesBackInTimeIsNotReturned) {
  TestStore t;
  t.Tx("T1", 10, "A", "X", "10.00").Tx("T2", 5, "X", "B", "10.00");
  PathResult r = Search(t.Build(), "A", "B");
  EXPECT_THAT(r.paths, IsEmpty());
  EXPECT_EQ(r.found, 0u);
  EXPECT_EQ(r.searched_hops, 4);
}

TEST(PathsTest, EqualInstantsRespectTime) {
  TestStore t;
  t.Tx("T1", 10, "A", "X", "10.00").Tx("T2", 10, "X", "B", "10.00");
  EXPECT_THAT(Chains(Search(t.Build(), "A", "B")), ElementsAre("T1>T2"));
}

TEST(PathsTest, TheAmountIsTheSmallestStep) {
  TestStore t;
  t.Tx("T1", 1, "A", "X", "100.00").Tx("T2", 2, "X", "B", "30.00");
  PathResult r = Search(t.Build(), "A", "B");
  ASSERT_EQ(r.paths.size(), 1u);
  EXPECT_EQ(r.paths[0].amount_minor, Cents("30.00"));
}

// A direct payment, two 2-hop chains, one 3-hop chain.
TestStore& Web(TestStore& t) {
  return t.Tx("D", 1, "A", "B", "5.00")
      .Tx("X1", 1, "A", "X", "100.00")
      .Tx("X2", 2, "X", "B", "50.00")
      .Tx("Y1", 1, "A", "Y", "80.00")
      .Tx("Y2", 3, "Y", "B", "70.00")
      .Tx("Z1", 1, "A", "Z1", "500.00")
      .Tx("Z2", 2, "Z1", "Z2", "500.00")
      .Tx("Z3", 3, "Z2", "B", "500.00");
}

TEST(PathsTest, ShortestChainsComeFirstThenTheLargest) {
  TestStore t;
  PathResult r = Search(Web(t).Build(), "A", "B");
  EXPECT_THAT(Chains(r), ElementsAre("D", "Y1>Y2", "X1>X2", "Z1>Z2>Z3"));
  EXPECT_EQ(r.found, 4u);
  EXPECT_FALSE(r.truncated());
}

TEST(PathsTest, TheLimitStopsTheSearchAtTheShortestLengthThatFillsIt) {
  TestStore t;
  PathOptions o;
  o.limit = 2;
  PathResult r = Search(Web(t).Build(), "A", "B", o);
  EXPECT_THAT(Chains(r), ElementsAre("D", "Y1>Y2"));
  EXPECT_EQ(r.searched_hops, 2);
  EXPECT_EQ(r.found, 3u);
  EXPECT_TRUE(r.limit_reached);
  EXPECT_TRUE(r.truncated());
}

TEST(PathsTest, MaxHopsBoundsTheChains) {
  TestStore t;
  t.Tx("T1", 1, "A", "X", "1.00").Tx("T2", 2, "X", "Y", "1.00").Tx("T3", 3, "Y", "B", "1.00");
  const storage::Store& s = t.Build();
  PathOptions o;
  o.max_hops = 2;
  EXPECT_THAT(Search(s, "A", "B", o).paths, IsEmpty());
  o.max_hops = 3;
  EXPECT_THAT(Chains(Search(s, "A", "B", o)), ElementsAre("T1>T2>T3"));
}

TEST(PathsTest, FourAndFiveHopChainsMeetInTheMiddle) {
  TestStore t;
  t.Tx("T1", 1, "A", "P", "9.00")
      .Tx("T2", 2, "P", "Q", "8.00")
      .Tx("T3", 3, "Q", "R", "7.00")
      .Tx("T4", 4, "R", "B", "6.00")
      .Tx("U1", 1, "A", "U1", "1.00")
      .Tx("U2", 2, "U1", "U2", "1.00")
      .Tx("U3", 3, "U2", "U3", "1.00")
      .Tx("U4", 4, "U3", "U4", "1.00")
      .Tx("U5", 5, "U4", "B", "1.00");
  const storage::Store& s = t.Build();
  PathResult four = Search(s, "A", "B");
  EXPECT_THAT(Chains(four), ElementsAre("T1>T2>T3>T4"));
  EXPECT_EQ(four.paths[0].amount_minor, Cents("6.00"));
  PathOptions o;
  o.max_hops = 5;
  EXPECT_THAT(Chains(Search(s, "A", "B", o)), ElementsAre("T1>T2>T3>T4", "U1>U2>U3>U4>U5"));
}

TEST(PathsTest, TimeIsRespectedAcrossTheMeetingPoint) {
  TestStore t;
  // A->P->Q then Q->R->B, but Q->R happens before P->Q.
  t.Tx("T1", 1, "A", "P", "1.00")
      .Tx("T2", 5, "P", "Q", "1.00")
      .Tx("T3", 4, "Q", "R", "1.00")
      .Tx("T4", 6, "R", "B", "1.00");
  EXPECT_THAT(Search(t.Build(), "A", "B").paths, IsEmpty());
}

TEST(PathsTest, NoAccountAppearsTwiceInAChain) {
  TestStore t;
  t.Tx("T1", 1, "A", "X", "10.00")
      .Tx("T2", 2, "X", "Y", "10.00")
      .Tx("T3", 3, "Y", "X", "10.00")
      .Tx("T4", 4, "X", "B", "10.00");
  // A>X>Y>X>B would be four hops through X twice; only the short one is a chain.
  EXPECT_THAT(Chains(Search(t.Build(), "A", "B")), ElementsAre("T1>T4"));
}

TEST(PathsTest, CashIsNeverPassedThrough) {
  TestStore t;
  t.Tx("T1", 1, "A", "", "10.00").Tx("T2", 2, "", "B", "10.00").Account("A").Account("B");
  EXPECT_THAT(Search(t.Build(), "A", "B").paths, IsEmpty());
}

TEST(PathsTest, EveryTransactionOnALinkMakesItsOwnChainOlderFirstOnTies) {
  TestStore t;
  t.Tx("T1", 1, "A", "X", "10.00").Tx("T2", 2, "A", "X", "10.00").Tx("T3", 3, "X", "B", "10.00");
  EXPECT_THAT(Chains(Search(t.Build(), "A", "B")), ElementsAre("T1>T3", "T2>T3"));
}

TEST(PathsTest, FilterExcludesTransactions) {
  TestStore t;
  PathOptions o;
  o.filter.min_minor = Cents("60.00");
  o.filter.since = At(1);
  const storage::Store& s = Web(t).Build();
  EXPECT_THAT(Chains(Search(s, "A", "B", o)), ElementsAre("Y1>Y2", "Z1>Z2>Z3"));
  o.filter.until = At(2);
  EXPECT_THAT(Search(s, "A", "B", o).paths, IsEmpty());
}

TEST(PathsTest, HubsAreNotPassedThroughAndTheResultSaysSo) {
  TestStore t;
  t.Tx("T1", 1, "A", "H", "10.00")
      .Tx("T2", 2, "H", "B", "10.00")
      .Tx("T3", 3, "H", "C", "10.00")
      .Tx("T4", 4, "H", "D", "10.00");
  const storage::Store& s = t.Build();
  PathOptions o;
  o.max_fanout = 2;  // H received once (fine backward) but sent three times
  PathResult r = Search(s, "A", "B", o);
  // The 2-hop chain meets at H from both sides: no expansion of H is needed.
  EXPECT_THAT(Chains(r), ElementsAre("T1>T2"));
  TestStore t2;
  t2.Tx("T1", 1, "A", "H", "1.00")
      .Tx("T2", 2, "H", "X", "1.00")
      .Tx("T3", 3, "H", "Y", "1.00")
      .Tx("T4", 4, "X", "B", "1.00");
  o.max_fanout = 1;  // forward through H would be needed for the 3-hop chain
  PathResult cut = Search(t2.Build(), "A", "B", o);
  EXPECT_THAT(cut.paths, IsEmpty());
  EXPECT_EQ(cut.hubs, 1u);
  EXPECT_TRUE(cut.truncated());
}

TEST(PathsTest, BudgetAndSearchLimitsAreReported) {
  TestStore t;
  const storage::Store& s = Web(t).Build();
  PathOptions o;
  o.max_entries = 2;
  EXPECT_TRUE(Search(s, "A", "B", o).budget_exhausted);
  o = {};
  o.max_candidates = 1;
  PathResult r = Search(s, "A", "B", o);
  EXPECT_TRUE(r.search_cut);
  EXPECT_TRUE(r.truncated());
}

TEST(PathsTest, EndsMustBeTwoKnownAccounts) {
  TestStore t;
  const storage::Store& s = Web(t).Build();
  EXPECT_EQ(FindPaths(s, "A", "A", {}).status().code(), StatusCode::kUsage);
  EXPECT_EQ(FindPaths(s, "A", "CASH", {}).status().code(), StatusCode::kUsage);
  EXPECT_EQ(FindPaths(s, "A", "NOPE", {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(FindPaths(s, "NOPE", "B", {}).status().code(), StatusCode::kNotFound);
  PathOptions o;
  o.max_hops = 7;
  EXPECT_EQ(FindPaths(s, "A", "B", o).status().code(), StatusCode::kUsage);
  o.max_hops = 0;
  EXPECT_EQ(FindPaths(s, "A", "B", o).status().code(), StatusCode::kUsage);
}

}  // namespace
}  // namespace moneytrail::query
