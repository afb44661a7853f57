#include "engine/trace/compare.h"

#include <gtest/gtest.h>

#include "tests/trace/ledger_builder.h"

namespace moneytrail::trace {
namespace {

using testing::Eur;
using testing::LedgerBuilder;

// Example 3 of TRACING.md, then a cash withdrawal from B and an asset.
LedgerBuilder OwnThenTainted() {
  LedgerBuilder b;
  uint32_t w = b.Account("W", Eur(1000));
  uint32_t v = b.Account("VICTIM", Eur(1000));
  uint32_t to = b.Account("B");
  uint32_t seller = b.Account("SELLER");
  b.Seed(b.Tx("T-1", v, w, Eur(1000)));
  b.Tx("T-2", w, to, Eur(1000));
  b.Tx("T-3", to, kCash, Eur(100));
  b.Asset(b.Tx("T-4", w, seller, Eur(200)), "BOAT");
  return b;
}

TEST(CompareTest, EveryTerminalHasTheAmountOfEveryMethod) {
  LedgerBuilder b = OwnThenTainted();
  Result<CompareResult> c = RunCompare(b.input, TraceOptions{});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  ASSERT_EQ(c->methods.size(), 6u);
  ASSERT_EQ(c->terminals.size(), 4u);
  // Sorted: accounts by id, then assets, then cash withdrawals.
  const CompareTerminal& b_acc = c->terminals[0];
  const CompareTerminal& w_acc = c->terminals[1];
  const CompareTerminal& boat = c->terminals[2];
  const CompareTerminal& cash = c->terminals[3];
  EXPECT_EQ(b_acc.kind, TerminalKind::kAccount);
  EXPECT_EQ(b.input.accounts[b_acc.account].id, "B");
  EXPECT_EQ(b.input.accounts[w_acc.account].id, "W");
  EXPECT_EQ(boat.kind, TerminalKind::kAssetPurchase);
  EXPECT_EQ(boat.asset_id, "BOAT");
  EXPECT_EQ(cash.kind, TerminalKind::kCashWithdrawal);
  // fifo, lifo, pro-rata, libr, tainted-first, poison
  EXPECT_EQ(w_acc.amounts, (std::vector<int64_t>{Eur(800), 0, Eur(400), Eur(800), 0, Eur(800)}));
  EXPECT_EQ(boat.amounts, (std::vector<int64_t>{Eur(200), 0, Eur(100), Eur(200), 0, Eur(200)}));
  EXPECT_EQ(b_acc.amounts, (std::vector<int64_t>{0, Eur(900), Eur(450), 0, Eur(900), Eur(900)}));
  EXPECT_EQ(cash.amounts, (std::vector<int64_t>{0, Eur(100), Eur(50), 0, Eur(100), Eur(100)}));
  EXPECT_EQ(w_acc.by_claimant.at(0), w_acc.amounts);
  for (size_t k = 0; k + 1 < c->results.size(); ++k) EXPECT_TRUE(c->results[k].conserved);
}

TEST(CompareTest, RuleElevenUnderOneMethodRefusesTheComparisonNamingIt) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", a, kCash, Eur(100));
  b.Seed(b.Tx("T-3", a, c, Eur(50)));  // A is poisoned but holds no taint
  Result<CompareResult> r = RunCompare(b.input, TraceOptions{});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_EQ(r.status().message().rfind("poison: seed T-3", 0), 0u) << r.status().message();
}

TEST(CompareTest, RenderingsAreDeterministicAndReconcileEveryMethod) {
  LedgerBuilder b = OwnThenTainted();
  Result<CompareResult> c1 = RunCompare(b.input, TraceOptions{});
  Result<CompareResult> c2 = RunCompare(b.input, TraceOptions{});
  ASSERT_TRUE(c1.ok() && c2.ok());
  EXPECT_EQ(RenderCompareJson(*c1, b.input, b.Labels()),
            RenderCompareJson(*c2, b.input, b.Labels()));
  std::string table = RenderCompareTable(*c1, b.input, b.Labels());
  EXPECT_NE(table.find("seed = held + exited"), std::string::npos) << table;
  EXPECT_NE(table.find("n/a"), std::string::npos) << table;
}

}  // namespace
}  // namespace moneytrail::trace
