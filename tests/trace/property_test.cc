// Properties of every trace on random ledgers (fixed seeds, so failures
// reproduce): agreement with the naive reference, conservation, the per-step
// invariants, the LIBR bound, determinism, and poison as the upper bound.
#include <gtest/gtest.h>

#include <climits>
#include <random>
#include <set>

#include "engine/trace/trace.h"
#include "engine/trace/trace_json.h"
#include "tests/trace/ledger_builder.h"
#include "tests/trace/reference_trace.h"

namespace moneytrail::trace {
namespace {

using testing::LedgerBuilder;
using testing::ReferenceTrace;

constexpr int kLedgers = 300;

// Accounts 0..victims-1 only ever send (so rule 11 never fires); the rest mix.
LedgerBuilder RandomLedger(std::mt19937_64& rng) {
  auto roll = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  LedgerBuilder b("K-RANDOM");
  const int victims = static_cast<int>(roll(1, 3));
  const int others = static_cast<int>(roll(2, 9));
  for (int v = 0; v < victims; ++v)
    b.Account("VICTIM-" + std::to_string(v), roll(0, 1) * roll(0, 90000));
  for (int a = 0; a < others; ++a)
    b.Account("ACC-" + std::to_string(a), roll(0, 2) == 0 ? 0 : roll(1, 50000));
  auto other = [&] { return static_cast<uint32_t>(victims + roll(0, others - 1)); };
  const std::vector<std::string> claimants = {"V1", "V2", "A-FIRST", "Z-LAST"};
  const int n_claimants = static_cast<int>(roll(1, 4));
  const int64_t n_txs = roll(5, 160);
  int64_t hour = 0;
  for (int64_t i = 0; i < n_txs; ++i) {
    hour += roll(0, 2);  // equal timestamps happen
    int64_t amount = roll(0, 2) == 0 ? roll(1, 300) : roll(1, 60000);
    int64_t kind = roll(0, 99);
    std::string id = "T-" + std::to_string(i);
    if (kind < 10) {
      uint32_t from = roll(0, 1) ? static_cast<uint32_t>(roll(0, victims - 1)) : kCash;
      size_t tx = b.Tx(id, from, other(), amount, hour);
      int64_t tainted = roll(0, 2) == 0 ? roll(1, amount) : 0;
      b.Seed(tx, tainted, claimants[static_cast<size_t>(roll(0, n_claimants - 1))]);
    } else if (kind < 25) {
      b.Tx(id, kCash, other(), amount, hour);
    } else if (kind < 40) {
      b.Tx(id, other(), kCash, amount, hour);
    } else if (kind < 80) {
      uint32_t from = other();
      uint32_t to = other();
      b.Tx(id, from, to, amount, hour);  // sometimes from == to
    } else if (kind < 88) {
      uint32_t a = other();
      b.Tx(id, a, a, amount, hour);
    } else if (kind < 95) {
      b.Asset(b.Tx(id, other(), other(), amount, hour), "ASSET-" + std::to_string(i));
    } else {
      b.Tx(id, static_cast<uint32_t>(roll(0, victims - 1)), other(), amount, hour);
    }
  }
  return b;
}

// Checks the per-step invariants; for libr also the lowest intermediate
// balance bound, generalised to several tainted credits: after each step,
// bound = min(bound + taint credited, balance), and taint never exceeds it.
class InvariantObserver : public TraceObserver {
 public:
  InvariantObserver(Method method, size_t accounts) : method_(method), bound_(accounts, 0) {}
  void OnStep(const StepEvent& e) override {
    for (const AccountSnapshot& s : e.accounts) {
      ++checks_;
      EXPECT_GE(s.tainted, 0) << "tx " << e.tx;
      EXPECT_LE(s.tainted, s.balance) << "tx " << e.tx;
      EXPECT_EQ(s.ledger_total, s.balance) << "tx " << e.tx;
      int64_t sum = 0;
      for (const ClaimantAmount& c : s.tainted_by_claimant) {
        EXPECT_GT(c.amount, 0) << "tx " << e.tx;
        EXPECT_LE(c.amount, s.balance) << "tx " << e.tx;
        sum += c.amount;
      }
      if (method_ != Method::kPoison) {
        EXPECT_EQ(sum, s.tainted) << "tx " << e.tx;
      }
      if (method_ == Method::kLibr) {
        int64_t& bound = bound_[s.account];
        bound = std::min(bound + s.tainted_credited, s.balance);
        EXPECT_LE(s.tainted, bound) << "tx " << e.tx << " account " << s.account;
      }
    }
  }
  size_t checks() const { return checks_; }

 private:
  Method method_;
  std::vector<int64_t> bound_;
  size_t checks_ = 0;
};

void ExpectMatchesReference(const TraceInput& in, const TraceOptions& opt, const TraceResult& r) {
  testing::RefResult ref = ReferenceTrace(in, opt);
  ASSERT_FALSE(ref.refused);
  const bool poison = opt.method == Method::kPoison;
  std::set<uint32_t> listed;
  for (const AccountResult& a : r.accounts) {
    listed.insert(a.account);
    EXPECT_EQ(a.hop, ref.hop[a.account]) << in.accounts[a.account].id;
    EXPECT_EQ(a.inferred_funds, ref.inferred[a.account]);
    if (poison) {
      EXPECT_EQ(a.tainted_balance, ref.balance[a.account]);
      continue;
    }
    std::map<uint32_t, int64_t> held;
    for (const ClaimantAccountTotals& c : a.by_claimant) {
      if (c.balance != 0) held[c.claimant] = c.balance;
      EXPECT_EQ(c.received - c.sent, c.balance);
    }
    EXPECT_EQ(held, ref.held[a.account]) << in.accounts[a.account].id;
  }
  for (uint32_t a = 0; a < in.accounts.size(); ++a) {
    bool ever = ref.hop[a] != INT_MAX;
    EXPECT_EQ(listed.count(a) == 1, ever) << in.accounts[a].id;
  }
  auto same = [&](const auto& engine, const std::vector<testing::RefMove>& want, bool exits) {
    ASSERT_EQ(engine.size(), want.size());
    for (size_t k = 0; k < want.size(); ++k) {
      EXPECT_EQ(engine[k].tx, want[k].tx);
      EXPECT_EQ(engine[k].tainted_amount, want[k].total) << "tx " << want[k].tx;
      EXPECT_EQ(engine[k].hop, want[k].hop) << "tx " << want[k].tx;
      std::map<uint32_t, int64_t> by;
      for (const ClaimantAmount& c : r.ByClaimant(engine[k])) by[c.claimant] = c.amount;
      EXPECT_EQ(by, want[k].by) << "tx " << want[k].tx;
      if constexpr (std::is_same_v<std::decay_t<decltype(engine[k])>, ExitResult>) {
        EXPECT_TRUE(exits);
        EXPECT_EQ(engine[k].kind, want[k].kind) << "tx " << want[k].tx;
        EXPECT_EQ(engine[k].account, want[k].account);
      }
    }
  };
  same(r.flows, ref.flows, false);
  same(r.exits, ref.exits, true);
}

void ExpectConserved(const TraceResult& r) {
  int64_t held = 0;
  for (const AccountResult& a : r.accounts) held += a.tainted_balance;
  int64_t exited = 0;
  for (const ExitResult& e : r.exits) exited += e.tainted_amount;
  EXPECT_EQ(held, r.held);
  EXPECT_EQ(exited, r.exited);
  EXPECT_TRUE(r.conserved);
  for (const ClaimantSummary& c : r.by_claimant) EXPECT_EQ(c.seed_total, c.held + c.exited);
}

class RandomLedgerTest : public ::testing::TestWithParam<Method> {};

TEST_P(RandomLedgerTest, AgreesWithTheReferenceAndKeepsEveryInvariant) {
  std::mt19937_64 rng(20240301 + static_cast<int>(GetParam()));
  size_t checks = 0;
  size_t flows = 0, hop_limits = 0, inferred = 0, multi = 0, split_flows = 0;
  for (int n = 0; n < kLedgers; ++n) {
    LedgerBuilder b = RandomLedger(rng);
    SCOPED_TRACE("ledger " + std::to_string(n));
    for (int variant = 0; variant < 3; ++variant) {
      TraceOptions opt;
      opt.method = GetParam();
      if (variant == 1) opt.max_hops = static_cast<int>(rng() % 4);
      if (variant == 2 && !b.input.txs.empty()) {
        opt.until = b.input.txs[rng() % b.input.txs.size()].timestamp;
      }
      InvariantObserver observer(opt.method, b.input.accounts.size());
      opt.observer = &observer;
      Result<TraceResult> r = Trace(b.input, opt);
      ASSERT_TRUE(r.ok()) << r.status().ToString();
      checks += observer.checks();
      flows += r->flows.size();
      for (const ExitResult& e : r->exits) hop_limits += e.kind == ExitKind::kHopLimit;
      for (const FlowResult& f : r->flows) split_flows += f.claimants_end - f.claimants_begin > 1;
      inferred += r->inferred_accounts > 0;
      multi += r->claimants.size() > 1;
      ExpectMatchesReference(b.input, opt, *r);
      if (opt.method != Method::kPoison) ExpectConserved(*r);
      if (HasFailure()) return;
    }
  }
  // The generator must exercise what the properties are about.
  EXPECT_GT(checks, 10000u);
  EXPECT_GT(flows, 2000u);
  EXPECT_GT(hop_limits, 100u);
  EXPECT_GT(inferred, 300u);
  EXPECT_GT(multi, 300u);
  if (GetParam() != Method::kLibr) {
    EXPECT_GT(split_flows, 100u);
  }
  std::printf("%s: %zu step checks, %zu flows (%zu of several claimants), %zu hop limits\n",
              std::string(MethodName(GetParam())).c_str(), checks, flows, split_flows, hop_limits);
}

TEST_P(RandomLedgerTest, SameInputGivesByteIdenticalJson) {
  std::mt19937_64 rng(77 + static_cast<int>(GetParam()));
  for (int n = 0; n < kLedgers / 3; ++n) {
    LedgerBuilder b = RandomLedger(rng);
    TraceOptions opt;
    opt.method = GetParam();
    Result<TraceResult> first = Trace(b.input, opt);
    Result<TraceResult> second = Trace(b.input, opt);
    ASSERT_TRUE(first.ok() && second.ok());
    EXPECT_EQ(RenderTraceJson(*first, b.input, b.Labels()),
              RenderTraceJson(*second, b.input, b.Labels()));
  }
}

INSTANTIATE_TEST_SUITE_P(AllMethods, RandomLedgerTest, ::testing::ValuesIn(kAllMethods),
                         [](const ::testing::TestParamInfo<Method>& param) {
                           std::string name(MethodName(param.param));
                           std::erase(name, '-');
                           return name;
                         });

// A trace with an observer takes the general replay; without one, poison for
// one claimant takes its own (poison_replay.cc). Both must give the same
// result to the last field, and both must agree with the reference.
class NoOpObserver : public TraceObserver {
 public:
  void OnStep(const StepEvent&) override {}
};

TEST(PoisonTest, OneClaimantReplayEqualsTheGeneralReplay) {
  std::mt19937_64 rng(9090);
  size_t one_claimant = 0, flows = 0, exits = 0, inferred = 0;
  for (int n = 0; n < kLedgers; ++n) {
    LedgerBuilder b = RandomLedger(rng);
    SCOPED_TRACE("ledger " + std::to_string(n));
    for (int variant = 0; variant < 3; ++variant) {
      TraceOptions opt;
      opt.method = Method::kPoison;
      if (variant == 1) opt.max_hops = static_cast<int>(rng() % 3);
      if (variant == 2 && !b.input.txs.empty()) {
        opt.until = b.input.txs[rng() % b.input.txs.size()].timestamp;
      }
      Result<TraceResult> own = Trace(b.input, opt);
      NoOpObserver observer;
      opt.observer = &observer;
      Result<TraceResult> general = Trace(b.input, opt);
      ASSERT_TRUE(own.ok() && general.ok());
      if (own->claimants.size() > 1) continue;  // both took the general replay
      ++one_claimant;
      flows += own->flows.size();
      exits += own->exits.size();
      inferred += own->inferred_accounts > 0;
      EXPECT_EQ(RenderTraceJson(*own, b.input, b.Labels()),
                RenderTraceJson(*general, b.input, b.Labels()));
      EXPECT_EQ(own->replayed_txs, general->replayed_txs);
      EXPECT_EQ(own->seeds, general->seeds);
      EXPECT_EQ(own->inferred_total, general->inferred_total);
      EXPECT_EQ(own->inferred_accounts, general->inferred_accounts);
      EXPECT_EQ(own->conserved, general->conserved);
      ExpectMatchesReference(b.input, opt, *own);
      if (HasFailure()) return;
    }
  }
  EXPECT_GT(one_claimant, 150u);
  EXPECT_GT(flows, 1000u);
  EXPECT_GT(exits, 500u);
  EXPECT_GT(inferred, 50u);
}

TEST(PoisonTest, ReachesEveryAccountAnyOtherMethodReaches) {
  std::mt19937_64 rng(4242);
  for (int n = 0; n < kLedgers; ++n) {
    LedgerBuilder b = RandomLedger(rng);
    for (int hops : {-1, 0, 1, 2}) {
      TraceOptions opt;
      if (hops >= 0) opt.max_hops = hops;
      opt.method = Method::kPoison;
      Result<TraceResult> poison = Trace(b.input, opt);
      ASSERT_TRUE(poison.ok());
      std::set<uint32_t> reached;
      for (const AccountResult& a : poison->accounts) reached.insert(a.account);
      for (Method m : kAllMethods) {
        opt.method = m;
        Result<TraceResult> r = Trace(b.input, opt);
        ASSERT_TRUE(r.ok());
        for (const AccountResult& a : r->accounts) {
          EXPECT_TRUE(reached.count(a.account)) << MethodName(m) << " ledger " << n;
          const AccountResult* p = poison->FindAccount(a.account);
          if (p != nullptr) {
            EXPECT_GE(a.hop, p->hop);
          }
        }
      }
    }
  }
}

}  // namespace
}  // namespace moneytrail::trace
