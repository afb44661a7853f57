#include "engine/graph/chains.h"

#include <gtest/gtest.h>

#include <random>

#include "tests/trace/ledger_builder.h"

namespace moneytrail::graph {
namespace {

using trace::kCash;
using trace::Method;
using trace::TraceOptions;
using trace::TraceResult;
using trace::testing::Eur;
using trace::testing::LedgerBuilder;

TraceResult TraceBy(const trace::TraceInput& input, Method method, std::optional<int> hops = {}) {
  TraceOptions options;
  options.method = method;
  options.max_hops = hops;
  Result<TraceResult> r = trace::Trace(input, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return std::move(r).value();
}

std::vector<std::string> Path(const Chain& c, const LedgerBuilder& b) {
  std::vector<std::string> ids;
  for (const ChainStep& s : c.steps) ids.push_back(b.tx_ids[b.input.txs[s.tx].ref]);
  return ids;
}

// seed 100 -> A; A -> B 60; B -> C 50; C -> cash 40.
LedgerBuilder Line() {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t bb = b.Account("B");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", a, bb, Eur(60));
  b.Tx("T-3", bb, c, Eur(50));
  b.Tx("T-4", c, kCash, Eur(40));
  return b;
}

TEST(ChainsTest, LargestChainsComeFirstWithTheirBottleneckHopsAndTime) {
  LedgerBuilder b = Line();
  TraceResult r = TraceBy(b.input, Method::kFifo);
  ChainOptions options;
  options.tx_id = b.Labels().tx_id;
  Result<std::vector<Chain>> chains = LargestChains(r, b.input, options);
  ASSERT_TRUE(chains.ok()) << chains.status().ToString();
  ASSERT_EQ(chains->size(), 4u);
  const Chain& first = (*chains)[0];
  EXPECT_EQ(first.bottleneck, Eur(40));
  EXPECT_EQ(first.end, ChainEnd::kHolding);  // A keeps 40; ties by tx ids: [T-1] first
  EXPECT_EQ(Path(first, b), (std::vector<std::string>{"T-1"}));
  const Chain& second = (*chains)[1];
  EXPECT_EQ(second.bottleneck, Eur(40));
  EXPECT_EQ(second.end, ChainEnd::kCashWithdrawal);
  EXPECT_EQ(Path(second, b), (std::vector<std::string>{"T-1", "T-2", "T-3", "T-4"}));
  EXPECT_EQ(second.hops, 2);
  EXPECT_EQ(second.micros_from_seed, 3 * 3600 * Timestamp::kMicrosPerSecond);
  EXPECT_EQ(second.steps[1].tainted_amount, Eur(60));
  EXPECT_EQ((*chains)[2].bottleneck, Eur(10));
  EXPECT_EQ((*chains)[3].bottleneck, Eur(10));
  options.k = 1;
  EXPECT_EQ(LargestChains(r, b.input, options)->size(), 1u);
}

TEST(ChainsTest, ChainsRespectTime) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t bb = b.Account("B");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, bb, Eur(10)), 0, "V1");
  b.Tx("T-2", bb, c, Eur(10));  // B's taint leaves before A's arrives
  b.Seed(b.Tx("T-3", kCash, a, Eur(500)), 0, "V1");
  b.Tx("T-4", a, bb, Eur(500));
  TraceResult r = TraceBy(b.input, Method::kLibr);
  Result<std::vector<Chain>> chains = LargestChains(r, b.input, ChainOptions{});
  ASSERT_TRUE(chains.ok());
  ASSERT_FALSE(chains->empty());
  for (const Chain& ch : *chains) {
    EXPECT_NE(Path(ch, b), (std::vector<std::string>{"T-3", "T-4", "T-2"}));
    for (size_t k = 1; k < ch.steps.size(); ++k) EXPECT_GT(ch.steps[k].tx, ch.steps[k - 1].tx);
  }
  EXPECT_EQ((*chains)[0].bottleneck, Eur(500));
  EXPECT_EQ(b.input.accounts[(*chains)[0].account].id, "B");
}

TEST(ChainsTest, EachClaimantFollowsItsOwnMoneyToAssetsAndHopLimits) {
  LedgerBuilder b;
  uint32_t k = b.Account("K");
  uint32_t m = b.Account("M");
  uint32_t n = b.Account("N");
  uint32_t seller = b.Account("SELLER");
  b.Seed(b.Tx("T-1", kCash, k, Eur(60)), 0, "V1");
  b.Seed(b.Tx("T-2", kCash, k, Eur(40)), 0, "V2");
  b.Tx("T-3", k, m, Eur(70));  // fifo: V1 60 + V2 10
  b.Asset(b.Tx("T-4", m, seller, Eur(65)), "BOAT");
  b.Tx("T-5", m, n, Eur(5));  // beyond the hop limit of 1
  TraceResult r = TraceBy(b.input, Method::kFifo, 1);
  Result<std::vector<Chain>> chains = LargestChains(r, b.input, ChainOptions{});
  ASSERT_TRUE(chains.ok());
  bool boat_v1 = false, hop_v2 = false;
  for (const Chain& c : *chains) {
    if (c.end == ChainEnd::kAssetPurchase && r.claimants[c.claimant] == "V1") {
      boat_v1 = true;
      EXPECT_EQ(c.asset_id, "BOAT");
      EXPECT_EQ(c.bottleneck, Eur(60));
    }
    if (c.end == ChainEnd::kHopLimit && r.claimants[c.claimant] == "V2") {
      hop_v2 = true;
      EXPECT_EQ(c.bottleneck, Eur(5));
      EXPECT_EQ(Path(c, b), (std::vector<std::string>{"T-2", "T-3", "T-5"}));
    }
  }
  EXPECT_TRUE(boat_v1);
  EXPECT_TRUE(hop_v2);
}

TEST(ChainsTest, RenderingsAreDeterministicAndNameEveryStep) {
  LedgerBuilder b = Line();
  TraceResult r = TraceBy(b.input, Method::kLifo);
  Result<std::vector<Chain>> chains = LargestChains(r, b.input, ChainOptions{});
  ASSERT_TRUE(chains.ok());
  std::string table = RenderChainsTable(*chains, r, b.input, b.Labels());
  EXPECT_NE(table.find("T-1 > T-2 > T-3 > T-4"), std::string::npos) << table;
  EXPECT_NE(table.find("03:00:00"), std::string::npos) << table;
  std::string json = RenderChainsJson(*chains, r, b.input, b.Labels());
  EXPECT_EQ(json, RenderChainsJson(*chains, r, b.input, b.Labels()));
  EXPECT_NE(json.find("\"end\": \"cash_withdrawal\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"from\": null"), std::string::npos) << json;
}

// On random ledgers: every chain is time-respecting, starts at its seed, and its
// bottleneck is the minimum of its steps; results come sorted.
TEST(ChainsTest, RandomChainsAreWellFormed) {
  std::mt19937_64 rng(99);
  for (int n = 0; n < 100; ++n) {
    LedgerBuilder b;
    std::vector<uint32_t> acc;
    for (int a = 0; a < 6; ++a) acc.push_back(b.Account("A" + std::to_string(a), Eur(50)));
    for (int t = 0; t < 60; ++t) {
      uint32_t from = rng() % 5 == 0 ? kCash : acc[rng() % acc.size()];
      uint32_t to = rng() % 6 == 0 ? kCash : acc[rng() % acc.size()];
      if (to == kCash && from == kCash) continue;
      size_t tx = b.Tx("T-" + std::to_string(t), from, to, 1 + static_cast<int64_t>(rng() % 5000));
      if (from == kCash && to != kCash && rng() % 2 == 0) b.Seed(tx, 0, rng() % 2 ? "V1" : "V2");
    }
    for (Method m : trace::kAllMethods) {
      TraceResult r = TraceBy(b.input, m, rng() % 2 ? std::optional<int>(2) : std::nullopt);
      Result<std::vector<Chain>> chains = LargestChains(r, b.input, ChainOptions{});
      ASSERT_TRUE(chains.ok());
      for (size_t i = 0; i < chains->size(); ++i) {
        const Chain& c = (*chains)[i];
        if (i > 0) {
          EXPECT_GE((*chains)[i - 1].bottleneck, c.bottleneck);
        }
        ASSERT_FALSE(c.steps.empty());
        EXPECT_EQ(c.steps[0].tx, b.input.seeds[c.seed].tx);
        int64_t low = c.end == ChainEnd::kHolding ? c.held : INT64_MAX;
        for (size_t k = 0; k < c.steps.size(); ++k) {
          low = std::min(low, c.steps[k].tainted_amount);
          EXPECT_GT(c.steps[k].tainted_amount, 0);
          if (k > 0) {
            EXPECT_GT(c.steps[k].tx, c.steps[k - 1].tx);
            EXPECT_EQ(b.input.txs[c.steps[k].tx].from, b.input.txs[c.steps[k - 1].tx].to);
          }
        }
        EXPECT_EQ(low, c.bottleneck);
      }
    }
  }
}

}  // namespace
}  // namespace moneytrail::graph
