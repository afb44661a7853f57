// Rules of TRACING.md one at a time, on small hand-built ledgers.
#include "engine/trace/trace.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "tests/trace/ledger_builder.h"

namespace moneytrail::trace {
namespace {

using testing::Eur;
using testing::FindById;
using testing::Held;
using testing::HeldBy;
using testing::LedgerBuilder;
using testing::SplitOf;

TraceResult TraceBy(const TraceInput& input, Method method, std::optional<int> max_hops = {}) {
  TraceOptions options;
  options.method = method;
  options.max_hops = max_hops;
  Result<TraceResult> r = Trace(input, options);
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? std::move(r).value() : TraceResult{};
}

Status TraceError(const TraceInput& input, TraceOptions options = {}) {
  Result<TraceResult> r = Trace(input, options);
  return r.ok() ? Status::Ok() : r.status();
}

TEST(MethodTest, NamesRoundTrip) {
  for (Method m : kAllMethods) EXPECT_EQ(MethodFromName(MethodName(m)), m);
  EXPECT_EQ(MethodName(Method::kProRata), "pro-rata");
  EXPECT_EQ(MethodName(Method::kTaintedFirst), "tainted-first");
  EXPECT_FALSE(MethodFromName("FIFO").has_value());
  EXPECT_FALSE(MethodFromName("").has_value());
}

TEST(SeedTest, SenderHoldingTaintOfTheCaseIsRefusedByName) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Seed(b.Tx("T-2", a, c, Eur(50)));  // A holds taint: not a victim's payment
  for (Method m : kAllMethods) {
    TraceOptions options;
    options.method = m;
    Status s = TraceError(b.input, options);
    EXPECT_EQ(s.code(), StatusCode::kDataError) << MethodName(m);
    EXPECT_NE(s.message().find("seed T-2"), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("rule 11"), std::string::npos) << s.message();
    EXPECT_EQ(s.ExitCode(), 65);
  }
}

TEST(SeedTest, SenderWhoseTaintLeftIsAcceptedExceptUnderPoison) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", a, kCash, Eur(100));
  b.Tx("T-3", kCash, a, Eur(70));
  b.Seed(b.Tx("T-4", a, c, Eur(50)));
  EXPECT_EQ(TraceBy(b.input, Method::kLibr).seed_total, Eur(150));
  TraceOptions options;
  options.method = Method::kPoison;
  Status poisoned = TraceError(b.input, options);
  EXPECT_EQ(poisoned.code(), StatusCode::kDataError);
  EXPECT_NE(poisoned.message().find("seed T-4: its sender A is poisoned by taint of case"),
            std::string::npos)
      << poisoned.message();
}

TEST(SeedTest, TaintedPartComesFirstWithinTheCredit) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)), Eur(40));
  b.Tx("T-2", a, c, Eur(40));
  TraceResult fifo = TraceBy(b.input, Method::kFifo);
  EXPECT_EQ(Held(fifo, b.input, "C"), Eur(40));
  EXPECT_EQ(Held(fifo, b.input, "A"), 0);
  TraceResult lifo = TraceBy(b.input, Method::kLifo);
  EXPECT_EQ(Held(lifo, b.input, "C"), 0);
  EXPECT_EQ(Held(lifo, b.input, "A"), Eur(40));
  EXPECT_EQ(fifo.seed_total, Eur(40));
}

TEST(ValidationTest, BadInputIsADataErrorNeverACrash) {
  auto base = [] {
    LedgerBuilder b;
    uint32_t a = b.Account("A");
    b.Tx("T-1", kCash, a, Eur(10));
    b.Tx("T-2", a, kCash, Eur(5));
    return b;
  };
  std::vector<std::pair<std::string, std::function<void(LedgerBuilder&)>>> cases = {
      {"seed out of range",
       [](LedgerBuilder& b) {
         b.input.seeds.push_back({9, "T-9", 1, "K"});
       }},
      {"tainted > amount",
       [](LedgerBuilder& b) {
         b.input.seeds.push_back({0, "T-1", Eur(11), "K"});
       }},
      {"tainted zero",
       [](LedgerBuilder& b) {
         b.input.seeds.push_back({0, "T-1", 0, "K"});
       }},
      {"no claimant",
       [](LedgerBuilder& b) {
         b.input.seeds.push_back({0, "T-1", 1, ""});
       }},
      {"seed to cash", [](LedgerBuilder& b) { b.Seed(1); }},
      {"seed twice",
       [](LedgerBuilder& b) {
         b.Seed(0);
         b.Seed(0, 0, "V2");
       }},
      {"seed is asset",
       [](LedgerBuilder& b) {
         b.Seed(0);
         b.Asset(0, "X");
       }},
      {"asset twice",
       [](LedgerBuilder& b) {
         b.Asset(1, "X");
         b.Asset(1, "Y");
       }},
      {"asset out of range", [](LedgerBuilder& b) { b.Asset(7, "X"); }},
      {"asset no id", [](LedgerBuilder& b) { b.Asset(1, ""); }},
      {"account out of range", [](LedgerBuilder& b) { b.input.txs[0].to = 5; }},
      {"zero amount", [](LedgerBuilder& b) { b.input.txs[1].amount = 0; }},
      {"negative amount", [](LedgerBuilder& b) { b.input.txs[1].amount = -3; }},
      {"time goes back", [](LedgerBuilder& b) { b.input.txs[1].timestamp = Timestamp{0}; }},
      {"negative opening", [](LedgerBuilder& b) { b.input.accounts[0].opening_balance = -1; }},
      {"overflow",
       [](LedgerBuilder& b) {
         b.Tx("T-3", kCash, 0, INT64_MAX);
         b.Tx("T-4", kCash, 0, INT64_MAX);
       }},
  };
  for (auto& [name, mutate] : cases) {
    LedgerBuilder b = base();
    mutate(b);
    for (Method m : kAllMethods) {
      TraceOptions options;
      options.method = m;
      EXPECT_EQ(TraceError(b.input, options).code(), StatusCode::kDataError)
          << name << " " << MethodName(m);
    }
  }
  TraceOptions negative_hops;
  negative_hops.max_hops = -1;
  EXPECT_EQ(TraceError(base().input, negative_hops).code(), StatusCode::kUsage);
}

TEST(InferredFundsTest, ShortfallIsCleanAndOldestAndReported) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(50)));
  b.Tx("T-2", a, c, Eur(80));  // 30 missing: inferred, placed before the taint
  b.Tx("T-3", c, kCash, Eur(30));
  TraceResult fifo = TraceBy(b.input, Method::kFifo);
  EXPECT_EQ(FindById(fifo, b.input, "A")->inferred_funds, Eur(30));
  EXPECT_EQ(fifo.inferred_total, Eur(30));
  EXPECT_EQ(fifo.inferred_accounts, 1u);
  EXPECT_EQ(Held(fifo, b.input, "C"), Eur(50));  // the inferred 30 left first
  TraceResult lifo = TraceBy(b.input, Method::kLifo);
  EXPECT_EQ(Held(lifo, b.input, "C"), Eur(20));  // the newest 30 was taint
  EXPECT_EQ(lifo.exits.at(0).tainted_amount, Eur(30));
}

TEST(SelfTransferTest, UnderFifoMovesThePartsToTheNewestEnd) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", kCash, a, Eur(100));
  b.Tx("T-3", a, a, Eur(100));
  b.Tx("T-4", a, c, Eur(100));
  TraceResult r = TraceBy(b.input, Method::kFifo);
  EXPECT_EQ(Held(r, b.input, "C"), 0);
  EXPECT_EQ(Held(r, b.input, "A"), Eur(100));
  ASSERT_EQ(r.flows.size(), 1u);  // the self-transfer carried taint
  EXPECT_EQ(r.flows[0].tx, 2u);
  EXPECT_EQ(FindById(r, b.input, "A")->hop, 0);
}

TEST(HopTest, AccountHopIsTheShortestTaintedPathSoFar) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t x = b.Account("X");
  uint32_t y = b.Account("Y");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", a, x, Eur(10));
  b.Tx("T-3", x, y, Eur(10));
  b.Tx("T-4", a, y, Eur(10));
  TraceResult r = TraceBy(b.input, Method::kTaintedFirst);
  EXPECT_EQ(FindById(r, b.input, "A")->hop, 0);
  EXPECT_EQ(FindById(r, b.input, "X")->hop, 1);
  EXPECT_EQ(FindById(r, b.input, "Y")->hop, 1);
  ASSERT_EQ(r.flows.size(), 3u);
  EXPECT_EQ(r.flows[1].hop, 2);  // X (hop 1) -> Y
  EXPECT_EQ(r.flows[2].hop, 1);
}

TEST(HopTest, MaxHopsTurnsOnwardTaintIntoHopLimitExitsAndStillConserves) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t x = b.Account("X");
  uint32_t y = b.Account("Y");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", a, x, Eur(60));
  b.Tx("T-3", x, y, Eur(50));
  b.Tx("T-4", x, kCash, Eur(5));  // a sink is still a cash withdrawal
  b.Tx("T-5", x, x, Eur(5));      // a self-transfer reaches no new account
  for (Method m : {Method::kFifo, Method::kLibr, Method::kProRata}) {
    TraceResult r = TraceBy(b.input, m, 1);
    EXPECT_TRUE(r.conserved);
    EXPECT_EQ(Held(r, b.input, "Y"), 0);
    EXPECT_EQ(FindById(r, b.input, "Y"), nullptr);
    ASSERT_EQ(r.exits.size(), 2u);
    EXPECT_EQ(r.exits[0].kind, ExitKind::kHopLimit);
    EXPECT_EQ(r.exits[0].account, x);
    EXPECT_EQ(r.exits[0].tainted_amount, Eur(50));
    EXPECT_EQ(r.exits[1].kind, ExitKind::kCashWithdrawal);
    EXPECT_EQ(Held(r, b.input, "X"), Eur(5));
  }
  TraceResult zero = TraceBy(b.input, Method::kFifo, 0);
  ASSERT_EQ(zero.exits.size(), 1u);
  EXPECT_EQ(zero.exits[0].kind, ExitKind::kHopLimit);
  EXPECT_EQ(zero.exits[0].account, a);
  EXPECT_TRUE(zero.conserved);
}

TEST(PoisonTest, TaintIsAFlagOnEveryColourTheAccountReceived) {
  LedgerBuilder b;
  uint32_t a = b.Account("A", Eur(1000));
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, Eur(10)), 0, "V2");
  b.Seed(b.Tx("T-2", kCash, a, Eur(1)), 0, "V1");
  b.Tx("T-3", kCash, a, Eur(500));
  b.Tx("T-4", a, c, Eur(300));
  TraceResult r = TraceBy(b.input, Method::kPoison);
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].tainted_amount, Eur(300));
  EXPECT_EQ(SplitOf(r, r.flows[0], "V1"), Eur(300));
  EXPECT_EQ(SplitOf(r, r.flows[0], "V2"), Eur(300));
  EXPECT_EQ(Held(r, b.input, "A"), Eur(1211));  // the whole balance
  EXPECT_EQ(HeldBy(r, b.input, "A", "V1"), Eur(1211));
  EXPECT_EQ(Held(r, b.input, "C"), Eur(300));
  EXPECT_FALSE(r.conserved);  // conservation does not apply to poison
}

TEST(ProRataTest, TiesGoToCleanFirstThenClaimantsById) {
  LedgerBuilder b;
  uint32_t a = b.Account("A", 1);
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, 1), 0, "VB");
  b.Seed(b.Tx("T-2", kCash, a, 1), 0, "VA");
  b.Tx("T-3", a, c, 1);  // one cent, three equal colours: clean takes it
  b.Tx("T-4", a, c, 1);  // VA and VB tie: VA (first by id) takes it
  TraceResult r = TraceBy(b.input, Method::kProRata);
  ASSERT_EQ(r.flows.size(), 1u);
  EXPECT_EQ(r.flows[0].tx, 3u);
  EXPECT_EQ(SplitOf(r, r.flows[0], "VA"), 1);
  EXPECT_EQ(HeldBy(r, b.input, "A", "VB"), 1);
}

TEST(LibrTest, TaintSplitAmongClaimantsByLargestRemainderTiesById) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Seed(b.Tx("T-1", kCash, a, 3), 0, "VB");
  b.Seed(b.Tx("T-2", kCash, a, 3), 0, "VA");
  b.Tx("T-3", a, c, 3);  // 1.5 each: VA gets 2
  for (Method m : {Method::kLibr, Method::kTaintedFirst}) {
    TraceResult r = TraceBy(b.input, m);
    EXPECT_EQ(HeldBy(r, b.input, "C", "VA"), 2) << MethodName(m);
    EXPECT_EQ(HeldBy(r, b.input, "C", "VB"), 1) << MethodName(m);
  }
}

TEST(LibrTest, TaintNeverExceedsTheLowestBalanceSinceItArrived) {
  LedgerBuilder b;
  uint32_t a = b.Account("A", Eur(100));
  b.Seed(b.Tx("T-1", kCash, a, Eur(400)));
  std::vector<int64_t> moves = {-300, +50, -180, +1000, -60, +5, -900};
  int64_t balance = Eur(500), lowest = Eur(500);
  struct Watch : TraceObserver {
    int64_t tainted = 0;
    void OnStep(const StepEvent& e) override { tainted = e.accounts.at(0).tainted; }
  } watch;
  for (int64_t m : moves) {
    b.Tx("T", m < 0 ? a : kCash, m < 0 ? kCash : a, Eur(m < 0 ? -m : m));
  }
  TraceOptions options;
  options.observer = &watch;
  for (size_t k = 0; k < moves.size(); ++k) {
    balance += Eur(moves[k]);
    lowest = std::min(lowest, balance);
    options.until = b.input.txs[k + 1].timestamp;
    ASSERT_TRUE(Trace(b.input, options).ok());
    EXPECT_EQ(watch.tainted, std::min(Eur(400), lowest)) << "after move " << k;
  }
}

TEST(AssetTest, SellerIsCreditedWithCleanMoneyOnly) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t seller = b.Account("SELLER");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Asset(b.Tx("T-2", a, seller, Eur(100)), "HOUSE");
  b.Tx("T-3", seller, kCash, Eur(100));
  for (Method m : kAllMethods) {
    TraceResult r = TraceBy(b.input, m);
    ASSERT_EQ(r.exits.size(), 1u) << MethodName(m);
    EXPECT_EQ(r.exits[0].asset_id, "HOUSE");
    EXPECT_EQ(FindById(r, b.input, "SELLER"), nullptr);
  }
}

TEST(UntilTest, ReplayStopsAtTheInstantInclusiveAndLaterSeedsDoNotCount) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100), 1));
  b.Tx("T-2", a, kCash, Eur(30), 2);
  b.Seed(b.Tx("T-3", kCash, a, Eur(7), 3), 0, "V2");
  TraceOptions options;
  options.until = b.At(2);
  Result<TraceResult> r = Trace(b.input, options);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->replayed_txs, 2u);
  EXPECT_EQ(r->seed_total, Eur(100));
  EXPECT_EQ(r->claimants.size(), 2u);
  EXPECT_EQ(r->seeds, std::vector<size_t>{0});
  EXPECT_EQ(Held(*r, b.input, "A"), Eur(70));
  EXPECT_TRUE(r->conserved);
}

TEST(ResultTest, AccountsAreSortedByTheirWholeIdsEvenPastSixteenBytes) {
  // Ids that agree on their first 16 bytes and more, ids that are prefixes
  // of others, and short ones, paid in an order unlike theirs.
  const std::vector<std::string> ids = {"ES91210004184502000513329",
                                        "ES9121000418450200051332",
                                        "ES91210004184502000513321",
                                        "ES9121000418450200",
                                        "ES912100041845020",
                                        "ES9121000418450201",
                                        "B",
                                        "ES9121000418450",
                                        std::string("ES9121000418450\0", 16)};
  LedgerBuilder b;
  uint32_t hub = b.Account("HUB");
  std::vector<uint32_t> accounts;
  for (const std::string& id : ids) accounts.push_back(b.Account(id));
  b.Seed(b.Tx("S", kCash, hub, Eur(900)));
  for (size_t i = 0; i < accounts.size(); ++i)
    b.Tx("T" + std::to_string(i), hub, accounts[i], Eur(100));
  std::vector<std::string> want = ids;
  want.push_back("HUB");
  std::sort(want.begin(), want.end());
  for (Method m : kAllMethods) {
    TraceResult r = TraceBy(b.input, m);
    std::vector<std::string> got;
    for (const AccountResult& a : r.accounts) got.push_back(b.input.accounts[a.account].id);
    EXPECT_EQ(got, want) << MethodName(m);
  }
}

TEST(ObserverTest, SeesEveryReplayedTransactionAndTheAccountsItTouched) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  b.Tx("T-1", kCash, kCash, 5);
  b.Seed(b.Tx("T-2", kCash, a, 100));
  b.Tx("T-3", a, c, 40);
  b.Tx("T-4", a, a, 10);
  struct Log : TraceObserver {
    std::vector<std::pair<size_t, size_t>> steps;
    int64_t credited = 0;
    void OnStep(const StepEvent& e) override {
      steps.push_back({e.tx, e.accounts.size()});
      for (const AccountSnapshot& s : e.accounts) credited += s.tainted_credited;
    }
  } log;
  TraceOptions options;
  options.method = Method::kFifo;
  options.observer = &log;
  ASSERT_TRUE(Trace(b.input, options).ok());
  std::vector<std::pair<size_t, size_t>> want = {{0, 0}, {1, 1}, {2, 2}, {3, 1}};
  EXPECT_EQ(log.steps, want);
  EXPECT_EQ(log.credited, 100 + 40 + 10);
}

}  // namespace
}  // namespace moneytrail::trace
