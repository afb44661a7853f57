#include "engine/query/reach.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "engine/query/account_graph.h"
#include "engine/query/neighbors.h"
#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using ::testing::ElementsAre;
using testing::TestStore;

std::unique_ptr<AccountGraph> GraphOf(const storage::Store& store) {
  auto g = AccountGraph::Build(store);
  EXPECT_TRUE(g.ok()) << g.status().ToString();
  return g.ok() ? std::move(g).value() : nullptr;
}

ReachResult ReachOf(const AccountGraph& g, const storage::Store& store, const std::string& account,
                    int hops, WalkDirection d, size_t max_fanout = 1000) {
  ReachOptions o;
  o.hops = hops;
  o.direction = d;
  o.max_fanout = max_fanout;
  auto r = Reach(g, store, account, o);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : ReachResult{};
}

uint32_t Number(const storage::Store& store, const std::string& account) {
  return store.AccountNumberOf(account).value().value();
}

// NeighborsTest's ledger, and F paying itself: an entry each way, never an edge.
void AddSmall(TestStore& t) { testing::AddSmallNeighbourhood(t).Tx("T12", 12, "F", "F", "1.00"); }

TEST(AccountGraphTest, KeepsDistinctCounterpartiesAndEveryEntry) {
  TestStore t;
  AddSmall(t);
  const storage::Store& s = t.Build();
  auto g = GraphOf(s);
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(g->transactions(), 12u);
  const uint32_t a = Number(s, "A"), b = Number(s, "B"), f = Number(s, "F");
  // A paid B twice, C once and cash once: two counterparties, four entries.
  auto out = g->Counterparties(a, storage::Direction::kOut);
  EXPECT_EQ(std::vector<uint32_t>(out.begin(), out.end()),
            (std::vector<uint32_t>{std::min(b, Number(s, "C")), std::max(b, Number(s, "C"))}));
  EXPECT_EQ(g->Entries(a, storage::Direction::kOut), 4u);
  EXPECT_EQ(g->Entries(a, storage::Direction::kIn), 2u);
  EXPECT_TRUE(g->Counterparties(f, storage::Direction::kOut).empty());
  EXPECT_EQ(g->Entries(f, storage::Direction::kOut), 1u);
  EXPECT_EQ(g->Entries(f, storage::Direction::kIn), 2u);  // from C, from itself
  // Pairs: A>B A>C D>A B>E C>E C>F B>C E>G G>A.
  EXPECT_EQ(g->pairs(), 9u);
  EXPECT_TRUE(g->Counterparties(0, storage::Direction::kIn).empty());  // cash
  EXPECT_TRUE(g->Counterparties(g->account_limit() + 5, storage::Direction::kIn).empty());
  EXPECT_GT(g->MemoryBytes(), 0u);
}

TEST(ReachTest, CountsEachAccountOnceAtItsNearestHop) {
  TestStore t;
  AddSmall(t);
  const storage::Store& s = t.Build();
  auto g = GraphOf(s);
  ReachResult r = ReachOf(*g, s, "A", 3, WalkDirection::kOut);
  EXPECT_THAT(r.by_hop, ElementsAre(2u, 2u, 1u));  // B C; E F; G (G pays A: not counted)
  EXPECT_EQ(r.found, 5u);
  EXPECT_FALSE(r.truncated());
  EXPECT_THAT(ReachOf(*g, s, "E", 2, WalkDirection::kIn).by_hop, ElementsAre(2u, 1u));  // B C; A
  EXPECT_THAT(ReachOf(*g, s, "B", 1, WalkDirection::kBoth).by_hop, ElementsAre(3u));    // A E C
}

TEST(ReachTest, HubsAreCountedButNotExpandedAndTheQueriedAccountNeverIsOne) {
  TestStore t;
  AddSmall(t);
  const storage::Store& s = t.Build();
  auto g = GraphOf(s);
  ReachResult r = ReachOf(*g, s, "A", 2, WalkDirection::kOut, 1);
  EXPECT_THAT(r.by_hop, ElementsAre(2u, 0u));  // B and C sent twice each: hubs
  EXPECT_EQ(r.hubs, 2u);
  EXPECT_TRUE(r.truncated());
}

TEST(ReachTest, CountedRestrictsTheCountsNotTheWalk) {
  TestStore t;
  AddSmall(t);
  const storage::Store& s = t.Build();
  auto g = GraphOf(s);
  std::vector<uint32_t> only = {Number(s, "B"), Number(s, "G")};
  std::sort(only.begin(), only.end());
  ReachOptions o;
  o.counted = &only;
  auto r = Reach(*g, s, "A", o);
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->by_hop, ElementsAre(1u, 0u, 1u));  // G is reached through E, not counted
  EXPECT_EQ(r->found, 2u);
  EXPECT_EQ(r->options.counted, nullptr);
}

TEST(ReachTest, ErrorsAndAccountsWithoutTransactions) {
  TestStore t;
  AddSmall(t);
  t.Account("QUIET");
  const storage::Store& s = t.Build();
  auto g = GraphOf(s);
  EXPECT_EQ(Reach(*g, s, "NOPE", {}).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Reach(*g, s, "CASH", {}).status().code(), StatusCode::kUsage);
  ReachOptions o;
  o.hops = 4;
  EXPECT_EQ(Reach(*g, s, "A", o).status().code(), StatusCode::kUsage);
  o.hops = 0;
  EXPECT_EQ(Reach(*g, s, "A", o).status().code(), StatusCode::kUsage);
  o = {};
  o.max_fanout = 0;
  EXPECT_EQ(Reach(*g, s, "A", o).status().code(), StatusCode::kUsage);
  ReachResult quiet = ReachOf(*g, s, "QUIET", 3, WalkDirection::kBoth);
  EXPECT_THAT(quiet.by_hop, ElementsAre(0u, 0u, 0u));
  EXPECT_EQ(quiet.found, 0u);
}

// Random ledgers, dense and sparse (so that the last hops are counted both
// forward and backward), with cash, transfers to oneself and hubs: for every
// account, direction and hop count, Reach() counts what Neighbors() lists.
TEST(ReachTest, AgreesWithNeighborsOnRandomLedgers) {
  int backward = 0, forward = 0;
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    std::mt19937_64 rng(seed);
    const int accounts = seed % 2 ? 40 : 150;
    const int txs = seed % 2 ? 500 : 220;
    TestStore t;
    for (int i = 0; i < txs; ++i) {
      auto pick = [&] {
        int n = static_cast<int>(rng() % static_cast<uint64_t>(accounts + 3));
        return n >= accounts ? std::string() : "X" + std::to_string(n);  // some cash
      };
      std::string from = pick(), to = i % 37 == 0 ? from : pick();
      if (from.empty() && to.empty()) to = "X0";
      t.Tx("T" + std::to_string(i), i, from, to, "1.00");
    }
    const storage::Store& s = t.Build();
    auto g = GraphOf(s);
    ASSERT_NE(g, nullptr);
    for (int a = 0; a < accounts; ++a) {
      const std::string id = "X" + std::to_string(a);
      if (!s.AccountNumberOf(id).value()) continue;
      for (auto d : {WalkDirection::kOut, WalkDirection::kIn, WalkDirection::kBoth}) {
        for (int hops = 1; hops <= 3; ++hops) {
          const size_t fanout = seed <= 2 ? 1000 : 12;
          NeighborsOptions n;
          n.hops = hops;
          n.direction = d;
          n.limit = 100000;
          n.max_fanout = fanout;
          auto want = Neighbors(s, id, n);
          ASSERT_TRUE(want.ok()) << want.status().ToString();
          ASSERT_FALSE(want->budget_exhausted);
          std::vector<uint64_t> by_hop(static_cast<size_t>(hops), 0);
          for (const Neighbor& x : want->neighbors) ++by_hop[static_cast<size_t>(x.hop - 1)];
          ReachResult got = ReachOf(*g, s, id, hops, d, fanout);
          SCOPED_TRACE("seed " + std::to_string(seed) + " " + id + " " +
                       std::string(WalkDirectionName(d)) + " hops " + std::to_string(hops));
          EXPECT_EQ(got.by_hop, by_hop);
          EXPECT_EQ(got.found, want->found);
          EXPECT_EQ(got.hubs, want->hubs);
          backward += got.backward_hops;
          forward += hops - got.backward_hops;
        }
      }
    }
  }
  EXPECT_GT(backward, 0) << "no hop was ever counted backward: that path went untested";
  EXPECT_GT(forward, 0);
}

}  // namespace
}  // namespace moneytrail::query
