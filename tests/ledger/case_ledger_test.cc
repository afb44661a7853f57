// CaseLedger reads only the histories taint can reach; the answer must be the
// one a replay of the whole ledger gives. Both strategies run here on random
// stores and must render byte-identical JSON for every method.
#include "engine/ledger/case_ledger.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <random>

#include "engine/trace/trace_json.h"

namespace moneytrail::ledger {
namespace {

namespace fs = std::filesystem;

// Appends a transfer in EUR to `w`: tx id T<seq>, one second after the last.
void AddTransfer(storage::WriteSet* w, const std::string& from, const std::string& to,
                 int64_t minor) {
  Transaction t;
  t.seq = w->transactions.size() + 1;
  t.tx_id = "T" + std::to_string(t.seq);
  t.timestamp = Timestamp{static_cast<int64_t>(t.seq) * Timestamp::kMicrosPerSecond};
  t.from_account = from;
  t.to_account = to;
  t.amount = Amount{minor, *Currency::FromCode("EUR")};
  t.base_minor = minor;
  w->transactions.push_back(t);
}

// Seals `w`'s sequence and adds case K, seeded by `seed_tx`.
void AddCaseK(storage::WriteSet* w, const std::string& seed_tx) {
  w->next_seq = w->transactions.size() + 1;
  Case c;
  c.case_id = "K";
  c.seeds = {{seed_tx, "", ""}};
  w->cases.push_back(c);
}

class CaseLedgerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("mt-ledger-" + std::to_string(getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    auto s = storage::Store::Open(dir_.string(), {});
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  // A random ledger over `accounts` accounts with cash in and out, transfers,
  // an asset purchase, and a case of two claimants seeded in the middle.
  void Populate(uint64_t seed, int accounts, int txs) {
    std::mt19937_64 rng(seed);
    storage::WriteSet w;
    auto name = [](int i) { return "ACC" + std::to_string(i); };
    for (int i = 0; i < accounts; ++i) {
      Account a;
      a.account_id = name(i);
      a.opening_balance_base = static_cast<int64_t>(rng() % 50000);
      w.accounts.push_back(a);
    }
    for (int i = 0; i < txs; ++i) {
      Transaction t;
      t.tx_id = "T" + std::to_string(i);
      t.seq = static_cast<uint64_t>(i + 1);
      t.timestamp = Timestamp{static_cast<int64_t>(i / 3) * Timestamp::kMicrosPerSecond};
      int kind = static_cast<int>(rng() % 10);
      t.from_account = kind == 0 ? "" : name(static_cast<int>(rng() % accounts));
      t.to_account = kind == 1 ? "CASH" : name(static_cast<int>(rng() % accounts));
      t.amount = Amount{1 + static_cast<int64_t>(rng() % 20000), *Currency::FromCode("EUR")};
      t.base_minor = t.amount.minor_units;
      w.transactions.push_back(t);
    }
    w.transactions[txs / 2].from_account = "VICTIM1";
    w.transactions[txs / 2].to_account = name(0);
    w.transactions[txs / 2 + 1].from_account = "VICTIM2";
    w.transactions[txs / 2 + 1].to_account = name(1);
    Asset car;
    car.asset_id = "CAR";
    car.kind = "vehicle";
    car.description = "a car";
    car.acquired_tx = "T" + std::to_string(txs / 2 + 7);
    w.assets.push_back(car);
    Case c;
    c.case_id = "K";
    c.seeds = {{"T" + std::to_string(txs / 2), "", "V1"},
               {"T" + std::to_string(txs / 2 + 1), "", "V2"}};
    w.cases.push_back(c);
    w.next_seq = static_cast<uint64_t>(txs + 1);
    ASSERT_TRUE(store_->Commit(w).ok());
  }

  std::string Render(CaseLedger& ledger, trace::Method method) {
    auto c = store_->GetCase("K");
    EXPECT_TRUE(c.ok() && c->has_value());
    trace::TraceOptions o;
    o.method = method;
    auto traced = ledger.Trace(**c, o);
    EXPECT_TRUE(traced.ok()) << traced.status().ToString();
    if (!traced.ok()) return "";
    return trace::RenderTraceJson(traced->result, traced->input, ledger.Labels(traced->input));
  }

  fs::path dir_;
  std::unique_ptr<storage::Store> store_;
};

// The whole ledger is read from the transactions first, then from the
// store's ledger snapshot.
TEST_F(CaseLedgerTest, ReachedHistoriesGiveTheSameTraceAsTheWholeLedger) {
  for (uint64_t seed : {1, 2, 3}) {
    if (seed > 1) {  // a fresh store per ledger
      TearDown();
      SetUp();
    }
    Populate(seed, 40, 600);
    CaseLedger reach(store_.get());
    CaseLedger whole(store_.get(), CaseLedgerOptions{0});  // always the whole ledger
    std::vector<std::string> reached;
    for (trace::Method m : trace::kAllMethods) {
      std::string a = Render(reach, m), b = Render(whole, m);
      EXPECT_FALSE(a.empty());
      EXPECT_EQ(a, b) << "seed " << seed << " method " << trace::MethodName(m);
      reached.push_back(a);
    }
    ASSERT_FALSE(*store_->LedgerSnapshotCurrent());
    ASSERT_TRUE(store_->BuildLedgerSnapshot().ok());
    ASSERT_TRUE(*store_->LedgerSnapshotCurrent());
    CaseLedger packed(store_.get(), CaseLedgerOptions{0});
    for (size_t i = 0; i < std::size(trace::kAllMethods); ++i) {
      EXPECT_EQ(Render(packed, trace::kAllMethods[i]), reached[i])
          << "seed " << seed << " method " << trace::MethodName(trace::kAllMethods[i])
          << ", from the snapshot";
    }
  }
}

TEST_F(CaseLedgerTest, SparseReachReadsFewHistories) {
  Populate(9, 400, 2000);
  CaseLedger reach(store_.get());
  EXPECT_FALSE(Render(reach, trace::Method::kLibr).empty());
  EXPECT_LT(reach.histories_loaded(), 400u) << "libr taint should not reach every account";
}

TEST_F(CaseLedgerTest, AHubSeedGoesToTheWholeLedgerWithoutReadingTheHubsHistory) {
  // 600 payers with a few transactions each pay a hub 3,000 times; the seed
  // pays the hub too. On average a history is short, but the hub's alone
  // passes a limit of 1,000 entries, which the store's estimate tells.
  storage::WriteSet w;
  auto tx = [&](const std::string& from, const std::string& to, int64_t minor) {
    AddTransfer(&w, from, to, minor);
  };
  for (int i = 0; i < 1500; ++i) tx("P" + std::to_string(i % 600), "HUB", 100 + i);
  tx("VICTIM", "HUB", 50'000);
  for (int i = 0; i < 1500; ++i) tx("HUB", "P" + std::to_string(i % 600), 150 + i);
  AddCaseK(&w, "T1501");
  ASSERT_TRUE(store_->Commit(w).ok());
  store_.reset();
  storage::StoreOptions ro;
  ro.read_only = true;
  auto reopened = storage::Store::Open(dir_.string(), ro);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  store_ = std::move(*reopened);

  CaseLedger limited(store_.get(), CaseLedgerOptions{1000});
  CaseLedger reach(store_.get());
  CaseLedger whole(store_.get(), CaseLedgerOptions{0});
  for (trace::Method m : {trace::Method::kLibr, trace::Method::kPoison}) {
    std::string a = Render(limited, m);
    EXPECT_FALSE(a.empty());
    EXPECT_EQ(a, Render(reach, m)) << trace::MethodName(m);
    EXPECT_EQ(a, Render(whole, m)) << trace::MethodName(m);
  }
  EXPECT_EQ(limited.histories_loaded(), 0u) << "the hub's history was read";
  EXPECT_GT(reach.histories_loaded(), 0u);
}

TEST_F(CaseLedgerTest, AReachThatKeepsGrowingFastSwitchesARoundEarly) {
  // A tree: the seed's receiver pays 10 accounts, each of them 10 more, and
  // so on for three levels (1,111 accounts, two history entries each on
  // average). Under poison the reach grows 1 -> 11 -> 111 -> 1,111; with a
  // limit of 2,000 entries, the average says "too far" only at 1,111
  // accounts, the growth already at 111: their histories are never read.
  storage::WriteSet w;
  auto tx = [&](const std::string& from, const std::string& to, int64_t minor) {
    AddTransfer(&w, from, to, minor);
  };
  tx("VICTIM", "N", 1'000'000);
  std::vector<std::string> level = {"N"};
  for (int depth = 0; depth < 3; ++depth) {
    std::vector<std::string> next;
    for (const std::string& parent : level) {
      for (int k = 0; k < 10; ++k) {
        next.push_back(parent + "." + std::to_string(k));
        tx(parent, next.back(), 100 - depth * 10 - k);
      }
    }
    level = std::move(next);
  }
  AddCaseK(&w, "T1");
  ASSERT_TRUE(store_->Commit(w).ok());

  CaseLedger limited(store_.get(), CaseLedgerOptions{2000});
  CaseLedger reach(store_.get());
  CaseLedger whole(store_.get(), CaseLedgerOptions{0});
  std::string a = Render(limited, trace::Method::kPoison);
  EXPECT_NE(a.find("\"N.9.9.9\""), std::string::npos);
  EXPECT_EQ(a, Render(reach, trace::Method::kPoison));
  EXPECT_EQ(a, Render(whole, trace::Method::kPoison));
  EXPECT_LE(limited.histories_loaded(), 11u) << "the third round's histories were read";
  EXPECT_GE(reach.histories_loaded(), 1111u);
}

TEST_F(CaseLedgerTest, PrefetchedLabelsNameWhatPointReadsName) {
  Populate(4, 40, 600);
  auto c = store_->GetCase("K");
  ASSERT_TRUE(c.ok() && c->has_value());
  for (trace::Method m : {trace::Method::kFifo, trace::Method::kPoison}) {
    trace::TraceOptions o;
    o.method = m;
    CaseLedger lazy(store_.get()), exits(store_.get()), all(store_.get());
    auto traced = lazy.Trace(**c, o);
    ASSERT_TRUE(traced.ok()) << traced.status().ToString();
    ASSERT_FALSE(traced->result.flows.empty());
    const auto& in = traced->input;
    const auto& r = traced->result;
    std::string expected = trace::RenderTraceJson(r, in, lazy.Labels(in));
    EXPECT_NE(expected.find("\"tx_id\": \"T"), std::string::npos);
    EXPECT_EQ(trace::RenderTraceJson(r, in, all.Labels(in, r)), expected);
    EXPECT_EQ(trace::RenderTraceJson(r, in, exits.Labels(in, r, CaseLedger::Prefetch::kExits)),
              expected);
  }
}

// A batch's ledger leaves the accounts its results do not show unnamed: the
// JSON must not change, for any method, and only unshown ids may be empty.
TEST_F(CaseLedgerTest, NamingOnlyTheShownAccountsRendersTheSameJson) {
  for (uint64_t seed : {5, 6}) {
    if (seed > 5) {
      TearDown();
      SetUp();
    }
    Populate(seed, 60, 900);
    auto c = store_->GetCase("K");
    ASSERT_TRUE(c.ok() && c->has_value());
    CaseLedgerOptions shown_only;
    shown_only.name_every_account = false;
    size_t unnamed_total = 0;
    for (trace::Method m : trace::kAllMethods) {
      trace::TraceOptions o;
      o.method = m;
      CaseLedger every(store_.get()), lazy(store_.get(), shown_only);
      auto full = every.Trace(**c, o);
      auto part = lazy.Trace(**c, o);
      ASSERT_TRUE(full.ok()) << full.status().ToString();
      ASSERT_TRUE(part.ok()) << part.status().ToString();
      const std::string name(trace::MethodName(m));
      EXPECT_EQ(trace::RenderTraceJson(part->result, part->input, lazy.Labels(part->input)),
                trace::RenderTraceJson(full->result, full->input, every.Labels(full->input)))
          << "seed " << seed << " " << name;
      ASSERT_EQ(part->input.accounts.size(), full->input.accounts.size()) << name;
      std::vector<bool> shown(part->input.accounts.size(), false);
      for (const auto& a : part->result.accounts) shown[a.account] = true;
      for (const auto& f : part->result.flows) {
        shown[part->input.txs[f.tx].from] = shown[part->input.txs[f.tx].to] = true;
      }
      for (const auto& e : part->result.exits) shown[e.account] = true;
      for (const auto& s : part->input.seeds) {
        for (uint32_t end : {part->input.txs[s.tx].from, part->input.txs[s.tx].to}) {
          if (end != trace::kCash) shown[end] = true;
        }
      }
      for (size_t i = 0; i < shown.size(); ++i) {
        EXPECT_FALSE(full->input.accounts[i].id.empty()) << name << " account " << i;
        if (shown[i] || !part->input.accounts[i].id.empty()) {
          EXPECT_EQ(part->input.accounts[i].id, full->input.accounts[i].id) << name;
        } else {
          ++unnamed_total;
        }
      }
    }
    EXPECT_GT(unnamed_total, 0u) << "seed " << seed << ": every account was named anyway";
  }
}

TEST_F(CaseLedgerTest, CompareNamesEveryAccountEvenWhenTracesNameOnlyTheShown) {
  Populate(7, 40, 600);
  auto c = store_->GetCase("K");
  ASSERT_TRUE(c.ok() && c->has_value());
  CaseLedgerOptions shown_only;
  shown_only.name_every_account = false;
  CaseLedger lazy(store_.get(), shown_only);
  auto compared = lazy.Compare(**c, trace::TraceOptions());
  ASSERT_TRUE(compared.ok()) << compared.status().ToString();
  ASSERT_FALSE(compared->first.accounts.empty());
  for (const auto& a : compared->first.accounts) EXPECT_FALSE(a.id.empty());
}

TEST_F(CaseLedgerTest, MissingSeedIsADataErrorNamingIt) {
  storage::WriteSet w;
  Case c;
  c.case_id = "K";
  c.seeds = {{"NOPE", "", ""}};
  w.cases.push_back(c);
  ASSERT_TRUE(store_->Commit(w).ok());
  CaseLedger ledger(store_.get());
  auto traced = ledger.Trace(c, trace::TraceOptions());
  ASSERT_FALSE(traced.ok());
  EXPECT_EQ(traced.status().code(), StatusCode::kDataError);
  EXPECT_NE(traced.status().message().find("NOPE"), std::string::npos);
}

}  // namespace
}  // namespace moneytrail::ledger
