// The worked examples of TRACING.md, for every method each names, to the cent.
#include <gtest/gtest.h>

#include "engine/trace/trace.h"
#include "tests/trace/ledger_builder.h"

namespace moneytrail::trace {
namespace {

using testing::Eur;
using testing::Held;
using testing::HeldBy;
using testing::LedgerBuilder;
using testing::SplitOf;

TraceResult TraceBy(const TraceInput& input, Method method) {
  TraceOptions options;
  options.method = method;
  Result<TraceResult> r = Trace(input, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  if (!r.ok()) return {};
  EXPECT_TRUE(method == Method::kPoison || r->conserved) << MethodName(method);
  return std::move(r).value();
}

// The taint a transfer carried (0 when it is not a flow).
int64_t Carried(const TraceResult& r, size_t tx) {
  for (const FlowResult& f : r.flows) {
    if (f.tx == tx) return f.tainted_amount;
  }
  return 0;
}

// Example 1: Roscoe v Winder.
TEST(LibrTest, LaterDepositsNeverRestoreTaint) {
  LedgerBuilder b;
  uint32_t w = b.Account("W");
  b.Seed(b.Tx("T-1", kCash, w, Eur(455)));
  b.Tx("T-2", w, kCash, Eur(430));
  b.Tx("T-3", kCash, w, Eur(333));
  TraceResult r = TraceBy(b.input, Method::kLibr);
  EXPECT_EQ(Held(r, b.input, "W"), Eur(25));
  EXPECT_EQ(r.seed_total, Eur(455));
  ASSERT_EQ(r.exits.size(), 1u);
  EXPECT_EQ(r.exits[0].tainted_amount, Eur(430));
}

// Example 2: Re Hallett.
TEST(LibrTest, WrongdoerSpendsOwnMoneyFirst) {
  LedgerBuilder b;
  uint32_t w = b.Account("W", Eur(1000));
  uint32_t x = b.Account("X");
  b.Seed(b.Tx("T-1", kCash, w, Eur(500)));
  size_t debit = b.Tx("T-2", w, x, Eur(1000));
  TraceResult r = TraceBy(b.input, Method::kLibr);
  EXPECT_EQ(Held(r, b.input, "W"), Eur(500));
  EXPECT_EQ(Carried(r, debit), 0);
  EXPECT_TRUE(r.flows.empty());
  EXPECT_EQ(Held(r, b.input, "X"), 0);
}

// Example 3: own 1,000 then tainted 1,000, debit 1,000.
class OwnThenTaintedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    w_ = b_.Account("W", Eur(1000));
    uint32_t v = b_.Account("VICTIM", Eur(1000));
    uint32_t to = b_.Account("B");
    b_.Seed(b_.Tx("T-1", v, w_, Eur(1000)));
    debit_ = b_.Tx("T-2", w_, to, Eur(1000));
  }
  void Expect(Method method, int64_t carried, int64_t kept) {
    TraceResult r = TraceBy(b_.input, method);
    EXPECT_EQ(Carried(r, debit_), carried) << MethodName(method);
    EXPECT_EQ(Held(r, b_.input, "W"), kept) << MethodName(method);
    EXPECT_EQ(Held(r, b_.input, "B"), carried) << MethodName(method);
  }
  LedgerBuilder b_;
  uint32_t w_ = 0;
  size_t debit_ = 0;
};

TEST_F(OwnThenTaintedTest, FifoCarriesTheOwnMoneyAndKeepsTheTaint) {
  Expect(Method::kFifo, 0, Eur(1000));
}
TEST_F(OwnThenTaintedTest, LifoCarriesTheTaint) { Expect(Method::kLifo, Eur(1000), 0); }
TEST_F(OwnThenTaintedTest, ProRataCarriesHalf) { Expect(Method::kProRata, Eur(500), Eur(500)); }
TEST_F(OwnThenTaintedTest, TaintedFirstCarriesTheTaint) {
  Expect(Method::kTaintedFirst, Eur(1000), 0);
}
TEST_F(OwnThenTaintedTest, LibrCarriesNoTaint) { Expect(Method::kLibr, 0, Eur(1000)); }
TEST_F(OwnThenTaintedTest, PoisonCarriesTheWholeDebitAndKeepsThePoisonedBalance) {
  TraceResult r = TraceBy(b_.input, Method::kPoison);
  EXPECT_EQ(Carried(r, debit_), Eur(1000));
  EXPECT_EQ(Held(r, b_.input, "W"), Eur(1000));  // the whole balance: flag, not amount
  EXPECT_EQ(Held(r, b_.input, "B"), Eur(1000));
}

// Example 4: opening, ransom, car, transfer, salary.
class CarAndTransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uint32_t w = b_.Account("W", Eur(10000));
    uint32_t victim = b_.Account("VICTIM", Eur(50000));
    uint32_t dealer = b_.Account("DEALER");
    uint32_t to = b_.Account("B");
    uint32_t employer = b_.Account("EMPLOYER", Eur(20000));
    b_.Seed(b_.Tx("T-1", victim, w, Eur(50000)));
    car_ = b_.Tx("T-2", w, dealer, Eur(15000));
    b_.Asset(car_, "CAR-1");
    transfer_ = b_.Tx("T-3", w, to, Eur(40000));
    b_.Tx("T-4", employer, w, Eur(20000));
  }
  LedgerBuilder b_;
  size_t car_ = 0;
  size_t transfer_ = 0;
};

TEST_F(CarAndTransferTest, LibrExitsFiveThousandIntoTheCarAndTheSalaryRestoresNothing) {
  TraceResult r = TraceBy(b_.input, Method::kLibr);
  ASSERT_EQ(r.exits.size(), 1u);
  EXPECT_EQ(r.exits[0].kind, ExitKind::kAssetPurchase);
  EXPECT_EQ(r.exits[0].asset_id, "CAR-1");
  EXPECT_EQ(r.exits[0].tainted_amount, Eur(5000));
  EXPECT_EQ(Carried(r, transfer_), Eur(40000));
  EXPECT_EQ(Held(r, b_.input, "B"), Eur(40000));
  EXPECT_EQ(Held(r, b_.input, "W"), Eur(5000));
  EXPECT_EQ(Held(r, b_.input, "DEALER"), 0);  // the seller gets clean money only
}

TEST_F(CarAndTransferTest, TaintedFirstPutsTheWholeCarOnTheTaint) {
  TraceResult r = TraceBy(b_.input, Method::kTaintedFirst);
  ASSERT_EQ(r.exits.size(), 1u);
  EXPECT_EQ(r.exits[0].tainted_amount, Eur(15000));
  EXPECT_EQ(Carried(r, transfer_), Eur(35000));
  EXPECT_EQ(Held(r, b_.input, "B"), Eur(35000));
  EXPECT_EQ(Held(r, b_.input, "W"), 0);
  EXPECT_EQ(Held(r, b_.input, "DEALER"), 0);
}

// Example 5: three claimants in one account.
class ThreeClaimantsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    uint32_t k = b_.Account("K");
    uint32_t v1 = b_.Account("V1-ACC", Eur(60000));
    uint32_t v2 = b_.Account("V2-ACC", Eur(40000));
    uint32_t v3 = b_.Account("V3-ACC", Eur(30000));
    uint32_t seller = b_.Account("SELLER");
    b_.Seed(b_.Tx("T-1", v1, k, Eur(60000)), 0, "V1");
    b_.Seed(b_.Tx("T-2", v2, k, Eur(40000)), 0, "V2");
    b_.Tx("T-3", k, kCash, Eur(50000));
    b_.Seed(b_.Tx("T-4", v3, k, Eur(30000)), 0, "V3");
    b_.Asset(b_.Tx("T-5", k, seller, Eur(30000)), "ASSET-1");
  }
  LedgerBuilder b_;
};

TEST_F(ThreeClaimantsTest, FifoSpendsTheFirstVictimFirst) {
  TraceResult r = TraceBy(b_.input, Method::kFifo);
  ASSERT_EQ(r.exits.size(), 2u);
  EXPECT_EQ(r.exits[0].kind, ExitKind::kCashWithdrawal);
  EXPECT_EQ(SplitOf(r, r.exits[0], "V1"), Eur(50000));
  EXPECT_EQ(r.exits[0].tainted_amount, Eur(50000));
  EXPECT_EQ(r.exits[1].kind, ExitKind::kAssetPurchase);
  EXPECT_EQ(SplitOf(r, r.exits[1], "V1"), Eur(10000));
  EXPECT_EQ(SplitOf(r, r.exits[1], "V2"), Eur(20000));
  EXPECT_EQ(SplitOf(r, r.exits[1], "V3"), 0);
  EXPECT_EQ(HeldBy(r, b_.input, "K", "V1"), 0);
  EXPECT_EQ(HeldBy(r, b_.input, "K", "V2"), Eur(20000));
  EXPECT_EQ(HeldBy(r, b_.input, "K", "V3"), Eur(30000));
}

TEST_F(ThreeClaimantsTest, ProRataSharesEveryDebit) {
  TraceResult r = TraceBy(b_.input, Method::kProRata);
  ASSERT_EQ(r.exits.size(), 2u);
  EXPECT_EQ(SplitOf(r, r.exits[0], "V1"), Eur(30000));
  EXPECT_EQ(SplitOf(r, r.exits[0], "V2"), Eur(20000));
  EXPECT_EQ(SplitOf(r, r.exits[1], "V1"), Eur(11250));
  EXPECT_EQ(SplitOf(r, r.exits[1], "V2"), Eur(7500));
  EXPECT_EQ(SplitOf(r, r.exits[1], "V3"), Eur(11250));
  EXPECT_EQ(HeldBy(r, b_.input, "K", "V1"), Eur(18750));
  EXPECT_EQ(HeldBy(r, b_.input, "K", "V2"), Eur(12500));
  EXPECT_EQ(HeldBy(r, b_.input, "K", "V3"), Eur(18750));
  // V1 30,000 = asset 11,250 + held 18,750 (after 30,000 to cash), and so on.
  EXPECT_EQ(r.by_claimant[0].seed_total, Eur(60000));
  EXPECT_EQ(r.by_claimant[0].held + r.by_claimant[0].exited, Eur(60000));
}

}  // namespace
}  // namespace moneytrail::trace
