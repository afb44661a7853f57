#include "engine/query/neighbors.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using testing::At;
using testing::Cents;
using ::testing::ElementsAre;
using testing::TestStore;

std::vector<std::string> Accounts(const NeighborsResult& r) {
  std::vector<std::string> out;
  for (const Neighbor& n : r.neighbors) out.push_back(n.account + "@" + std::to_string(n.hop));
  return out;
}

NeighborsResult Walk(const storage::Store& store, const std::string& account, NeighborsOptions o) {
  auto r = Neighbors(store, account, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : NeighborsResult{};
}

NeighborsOptions Opts(int hops, WalkDirection d) {
  NeighborsOptions o;
  o.hops = hops;
  o.direction = d;
  return o;
}

// AddSmallNeighbourhood() (test_store.h): A pays B twice and C, D pays A,
// A withdraws cash, and a few transfers around them.
class NeighborsTest : public ::testing::Test {
 protected:
  void SetUp() override { testing::AddSmallNeighbourhood(t_); }
  TestStore t_;
};

TEST_F(NeighborsTest, OneHopOutAggregatesEachRecipient) {
  NeighborsResult r = Walk(t_.Build(), "A", Opts(1, WalkDirection::kOut));
  ASSERT_THAT(Accounts(r), ElementsAre("B@1", "C@1"));  // by total: 30.00, 5.00; no cash
  const Neighbor& b = r.neighbors[0];
  EXPECT_EQ(b.transactions, 2u);
  EXPECT_EQ(b.total_minor, Cents("30.00"));
  EXPECT_EQ(b.first, At(1));
  EXPECT_EQ(b.last, At(5));
  EXPECT_EQ(b.via, "A");
  EXPECT_TRUE(b.sent_out);
  EXPECT_FALSE(b.received_in);
  EXPECT_FALSE(r.truncated());
}

TEST_F(NeighborsTest, OneHopInListsOnlySenders) {
  NeighborsResult r = Walk(t_.Build(), "A", Opts(1, WalkDirection::kIn));
  EXPECT_THAT(Accounts(r), ElementsAre("D@1", "G@1"));
  EXPECT_TRUE(r.neighbors[0].received_in);
  EXPECT_FALSE(r.neighbors[0].sent_out);
}

TEST_F(NeighborsTest, BothDirectionsMergeAndMarkTheFlow) {
  NeighborsResult r = Walk(t_.Build(), "B", Opts(1, WalkDirection::kBoth));
  // B: received 30.00 from A, sent 4.00 to E and 2.00 to C.
  ASSERT_THAT(Accounts(r), ElementsAre("A@1", "E@1", "C@1"));
  EXPECT_TRUE(r.neighbors[0].received_in);
  EXPECT_FALSE(r.neighbors[0].sent_out);
  EXPECT_TRUE(r.neighbors[1].sent_out);
}

TEST_F(NeighborsTest, TwoHopsListEachAccountOnceAtItsNearestHop) {
  NeighborsResult r = Walk(t_.Build(), "A", Opts(2, WalkDirection::kOut));
  // C is both a hop-1 recipient and B's recipient: it stays at hop 1.
  EXPECT_THAT(Accounts(r), ElementsAre("B@1", "C@1", "E@2", "F@2"));
  const Neighbor& e = r.neighbors[2];
  EXPECT_EQ(e.transactions, 2u);  // from B (4.00) and from C (9.00)
  EXPECT_EQ(e.total_minor, Cents("13.00"));
  EXPECT_EQ(e.via, "C");  // the larger of the two
}

TEST_F(NeighborsTest, ThreeHopsReachFartherButNeverTheQueriedAccount) {
  const storage::Store& s = t_.Build();
  EXPECT_THAT(Accounts(Walk(s, "A", Opts(2, WalkDirection::kOut))),
              ::testing::Not(::testing::Contains("G@3")));
  NeighborsResult r = Walk(s, "A", Opts(3, WalkDirection::kOut));
  EXPECT_THAT(Accounts(r), ElementsAre("B@1", "C@1", "E@2", "F@2", "G@3"));  // G->A is not A@4
}

TEST_F(NeighborsTest, InDirectionWalksBackwards) {
  NeighborsResult r = Walk(t_.Build(), "E", Opts(2, WalkDirection::kIn));
  EXPECT_THAT(Accounts(r), ElementsAre("C@1", "B@1", "A@2"));
  EXPECT_EQ(r.neighbors[2].total_minor, Cents("35.00"));  // to B 30.00, to C 5.00
  EXPECT_EQ(r.neighbors[2].via, "B");
}

TEST_F(NeighborsTest, FilterBoundsAreInclusiveAndMinAmountApplies) {
  const storage::Store& s = t_.Build();
  NeighborsOptions o = Opts(1, WalkDirection::kOut);
  o.filter.since = At(2);
  o.filter.until = At(5);
  NeighborsResult r = Walk(s, "A", o);
  ASSERT_THAT(Accounts(r), ElementsAre("B@1", "C@1"));
  EXPECT_EQ(r.neighbors[0].transactions, 1u);  // T2 at 5h; T1 at 1h is before `since`
  o.filter.min_minor = Cents("6.00");
  EXPECT_THAT(Accounts(Walk(s, "A", o)), ElementsAre("B@1"));
}

TEST_F(NeighborsTest, EqualTotalsAreOrderedById) {
  TestStore t;
  t.Tx("T1", 1, "A", "Z", "5.00").Tx("T2", 2, "A", "M", "5.00").Tx("T3", 3, "A", "B", "5.00");
  EXPECT_THAT(Accounts(Walk(t.Build(), "A", Opts(1, WalkDirection::kOut))),
              ElementsAre("B@1", "M@1", "Z@1"));
}

TEST_F(NeighborsTest, LimitCutsTheListAndSaysSo) {
  NeighborsOptions o = Opts(2, WalkDirection::kOut);
  o.limit = 2;
  NeighborsResult r = Walk(t_.Build(), "A", o);
  EXPECT_THAT(Accounts(r), ElementsAre("B@1", "C@1"));
  EXPECT_EQ(r.found, 4u);
  EXPECT_TRUE(r.limit_reached());
  EXPECT_TRUE(r.truncated());
}

TEST_F(NeighborsTest, HubsAreListedButNotExpanded) {
  NeighborsOptions o = Opts(2, WalkDirection::kOut);
  o.max_fanout = 1;  // C sent twice: a hub; B's two payments leave B a hub too
  NeighborsResult r = Walk(t_.Build(), "A", o);
  EXPECT_THAT(Accounts(r), ElementsAre("B@1", "C@1"));
  EXPECT_TRUE(r.neighbors[0].hub);
  EXPECT_TRUE(r.neighbors[1].hub);
  EXPECT_EQ(r.hubs, 2u);
  EXPECT_TRUE(r.truncated());
}

TEST_F(NeighborsTest, TheQueriedAccountIsReadWholeWhateverTheFanout) {
  NeighborsOptions o = Opts(1, WalkDirection::kOut);
  o.max_fanout = 1;
  NeighborsResult r = Walk(t_.Build(), "A", o);
  EXPECT_THAT(Accounts(r), ElementsAre("B@1", "C@1"));
  EXPECT_EQ(r.hubs, 0u);
  EXPECT_FALSE(r.truncated());
}

TEST_F(NeighborsTest, EntryBudgetStopsTheWalkAndSaysSo) {
  NeighborsOptions o = Opts(3, WalkDirection::kOut);
  o.max_entries = 5;  // A's own four entries, then one more
  NeighborsResult r = Walk(t_.Build(), "A", o);
  EXPECT_TRUE(r.budget_exhausted);
  EXPECT_TRUE(r.truncated());
  EXPECT_EQ(r.entries_read, 5u);
  EXPECT_THAT(Accounts(r), ::testing::Not(::testing::Contains("G@3")));
}

TEST_F(NeighborsTest, SameOptionsGiveTheSameResult) {
  const storage::Store& s = t_.Build();
  NeighborsResult a = Walk(s, "A", Opts(3, WalkDirection::kBoth));
  NeighborsResult b = Walk(s, "A", Opts(3, WalkDirection::kBoth));
  EXPECT_EQ(Accounts(a), Accounts(b));
  EXPECT_EQ(a.found, b.found);
}

TEST_F(NeighborsTest, UnknownAccountIsNotFoundAndCashIsAUsageError) {
  const storage::Store& s = t_.Build();
  auto r = Neighbors(s, "NOPE", {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(r.status().message(), ::testing::HasSubstr("NOPE"));
  EXPECT_EQ(Neighbors(s, "CASH", {}).status().code(), StatusCode::kUsage);
}

TEST_F(NeighborsTest, OptionsOutOfRangeAreUsageErrors) {
  const storage::Store& s = t_.Build();
  EXPECT_EQ(Neighbors(s, "A", Opts(4, WalkDirection::kOut)).status().code(), StatusCode::kUsage);
  EXPECT_EQ(Neighbors(s, "A", Opts(0, WalkDirection::kOut)).status().code(), StatusCode::kUsage);
  NeighborsOptions o;
  o.limit = 0;
  EXPECT_EQ(Neighbors(s, "A", o).status().code(), StatusCode::kUsage);
  o = {};
  o.filter.since = At(5);
  o.filter.until = At(4);
  EXPECT_EQ(Neighbors(s, "A", o).status().code(), StatusCode::kUsage);
}

TEST(WalkDirectionTest, NamesRoundTrip) {
  for (auto d : {WalkDirection::kOut, WalkDirection::kIn, WalkDirection::kBoth}) {
    EXPECT_EQ(WalkDirectionFromName(WalkDirectionName(d)), d);
  }
  EXPECT_EQ(WalkDirectionFromName("sideways"), std::nullopt);
}

}  // namespace
}  // namespace moneytrail::query
