// The hidden cases have the shape investigators are meant to find, and the
// ordinary traffic stays out of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "engine/core/amount.h"
#include "engine/core/timestamp.h"
#include "tests/demo/demo_files.h"
#include "tools/demo/demo_data.h"

namespace moneytrail::demo {
namespace {

using testing::DemoFiles;
using testing::LoadDemo;
using testing::ScratchDir;

constexpr int64_t kHour = 3600LL * Timestamp::kMicrosPerSecond;

int64_t Minor(const std::string& euros) { return *ParseMinorUnits(euros, 2); }

struct Tx {
  std::string id, from, to, currency, channel;
  int64_t amount = 0;  // minor units of `currency`
  int64_t base = 0;    // EUR cents at the rate of its date, as the store converts
  Timestamp at;
};

class DemoCaseTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new ScratchDir("cases");
    auto r = WriteDemoData({dir_->path(), 2000, 80000, 11, 7, nullptr});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    summary_ = new DemoSummary(std::move(r).value());
    files_ = new DemoFiles(LoadDemo(dir_->path()));
    std::map<std::pair<std::string, std::string>, Rate> rates;
    const auto& fx = files_->fx;
    for (size_t i = 0; i < fx.rows.size(); ++i) {
      rates[{fx.At(i, "date"), fx.At(i, "currency")}] = *ParseRate(fx.At(i, "rate"));
    }
    const auto& t = files_->transactions;
    ASSERT_EQ(t.error, "");
    txs_ = new std::vector<Tx>();
    for (size_t i = 0; i < t.rows.size(); ++i) {
      Tx x;
      x.id = t.At(i, "tx_id");
      x.from = t.At(i, "from_account");
      x.to = t.At(i, "to_account");
      x.currency = t.At(i, "currency");
      x.channel = t.At(i, "channel");
      x.amount = Minor(t.At(i, "amount"));  // every demo currency has 2 digits
      x.at = *ParseTimestamp(t.At(i, "timestamp"));
      x.base = x.amount;
      if (x.currency != "EUR") {
        x.base = *ConvertToBase(x.amount, 2, rates.at({FormatDate(x.at), x.currency}), 2);
      }
      txs_->push_back(std::move(x));
    }
  }
  // A failed suite set-up must fail each test, not turn it into a skip.
  void SetUp() override { ASSERT_NE(txs_, nullptr) << "demo data set-up failed"; }

  static void TearDownTestSuite() {
    delete txs_;
    delete files_;
    delete summary_;
    delete dir_;
  }

  const std::string& Account(const std::string& id, const std::string& column) {
    return files_->accounts.At(files_->account_row.at(id), column);
  }
  const std::string& Party(const std::string& id, const std::string& column) {
    return files_->parties.At(files_->party_row.at(id), column);
  }
  const Tx& ById(const std::string& id) { return (*txs_)[files_->tx_row.at(id)]; }

  static ScratchDir* dir_;
  static DemoSummary* summary_;
  static DemoFiles* files_;
  static std::vector<Tx>* txs_;
};
ScratchDir* DemoCaseTest::dir_ = nullptr;
DemoSummary* DemoCaseTest::summary_ = nullptr;
DemoFiles* DemoCaseTest::files_ = nullptr;
std::vector<Tx>* DemoCaseTest::txs_ = nullptr;

TEST_F(DemoCaseTest, SummaryMatchesCasesJsonAndSeedsPayTheCollector) {
  const auto& cases = files_->cases["cases"];
  ASSERT_EQ(summary_->demo_cases.size(), 7u);
  for (size_t i = 0; i < cases.size(); ++i) {
    const DemoCase& d = summary_->demo_cases[i];
    EXPECT_EQ(cases[i]["case_id"], d.case_id);
    ASSERT_EQ(cases[i]["seeds"].size(), d.seed_tx_ids.size());
    int64_t paid = 0;
    for (size_t s = 0; s < d.seed_tx_ids.size(); ++s) {
      EXPECT_EQ(cases[i]["seeds"][s]["tx_id"], d.seed_tx_ids[s]);
      const Tx& seed = ById(d.seed_tx_ids[s]);
      EXPECT_EQ(seed.to, d.collector_account);
      EXPECT_EQ(seed.from, d.victim_accounts[s]);
      paid += seed.amount;
    }
    EXPECT_EQ(paid, d.ransom_total_cents);
    EXPECT_GE(d.ransom_total_cents, 150'000'00);
    EXPECT_LE(d.ransom_total_cents, 400'000'00);
    EXPECT_EQ(Account(d.collector_account, "holder_id"), d.collector_holder);
    // Every third case has two victims, each a claimant of their own.
    if (i % 3 == 2) {
      ASSERT_EQ(cases[i]["seeds"].size(), 2u);
      EXPECT_EQ(cases[i]["seeds"][0]["claimant"], "V1");
      EXPECT_EQ(cases[i]["seeds"][1]["claimant"], "V2");
      EXPECT_NE(d.victim_accounts[0], d.victim_accounts[1]);
    } else {
      for (const auto& s : cases[i]["seeds"]) EXPECT_FALSE(s.contains("claimant"));
    }
  }
}

TEST_F(DemoCaseTest, CollectorHasCleanHistoryThenPaysOnlyCaseAccounts) {
  for (const DemoCase& d : summary_->demo_cases) {
    const Timestamp ransom = ById(d.seed_tx_ids[0]).at;
    std::set<std::string> allowed(d.mule_accounts.begin(), d.mule_accounts.end());
    allowed.insert(d.foreign_accounts.begin(), d.foreign_accounts.end());
    std::set<std::string> asset_txs;
    for (size_t i = 0; i < files_->assets.rows.size(); ++i) {
      asset_txs.insert(files_->assets.At(i, "acquired_tx"));
    }
    int before = 0, credits_after = 0;
    for (const Tx& t : *txs_) {
      if (t.to == d.collector_account && t.at < ransom) ++before;
      if (t.to == d.collector_account && t.at > ransom) ++credits_after;
      if (t.from == d.collector_account && t.at >= ransom) {
        EXPECT_TRUE(allowed.count(t.to) || asset_txs.count(t.id))
            << d.case_id << ": collector pays ordinary account in " << t.id;
      }
    }
    EXPECT_GT(before, 0) << d.case_id << ": no ordinary history before the ransom";
    EXPECT_GT(credits_after, 0) << d.case_id << ": no salary after the ransom";
    EXPECT_GT(Minor(Account(d.collector_account, "opening_balance")), 0);
  }
}

TEST_F(DemoCaseTest, MulesGetTheSplitWithinHoursAndStructureCash) {
  for (const DemoCase& d : summary_->demo_cases) {
    ASSERT_GE(d.mule_accounts.size(), 4u);
    ASSERT_LE(d.mule_accounts.size(), 8u);
    const Timestamp ransom = ById(d.seed_tx_ids[0]).at;
    std::set<std::string> mules(d.mule_accounts.begin(), d.mule_accounts.end());
    std::set<std::string> funded;
    int structured = 0;
    for (const Tx& t : *txs_) {
      if (t.from == d.collector_account && mules.count(t.to) &&
          t.at.micros - ransom.micros < 8 * kHour) {
        funded.insert(t.to);
      }
      if (mules.count(t.from) && t.to == "CASH") {
        EXPECT_GE(t.amount, 9'000'00) << t.id;
        EXPECT_LT(t.amount, 9'950'00) << t.id;
        EXPECT_EQ(t.channel, "cash");
        ++structured;
      }
      if (mules.count(t.from) && t.to != "CASH") {
        // Mules only pay abroad or buy the car: never ordinary accounts.
        bool abroad = Account(t.to, "country") != "ES";
        bool asset = false;
        for (size_t i = 0; i < files_->assets.rows.size(); ++i) {
          asset |= files_->assets.At(i, "acquired_tx") == t.id;
        }
        EXPECT_TRUE(abroad || asset) << d.case_id << ": mule pays " << t.to << " in " << t.id;
      }
    }
    EXPECT_EQ(funded.size(), mules.size()) << d.case_id;
    EXPECT_GT(structured, 0) << d.case_id;
  }
}

TEST_F(DemoCaseTest, PassThroughForwardsMostOfItAbroadWithin48Hours) {
  for (const DemoCase& d : summary_->demo_cases) {
    const std::string& pt = d.pass_through_account;
    int64_t in = 0, out = 0;
    Timestamp last_in{INT64_MIN};
    for (const Tx& t : *txs_) {
      if (t.to == pt) {
        in += t.base;
        last_in = t.at;
      }
      if (t.from == pt) {
        EXPECT_LE(t.at.micros - last_in.micros, 48 * kHour) << t.id;
        EXPECT_NE(Account(t.to, "country"), "ES") << t.id;
        out += t.base;
      }
    }
    EXPECT_GE(out * 100, in * 80) << d.case_id << " in " << in << " out " << out;
  }
}

TEST_F(DemoCaseTest, MoneyGoesAbroadAndBuysAssets) {
  std::set<std::string> havens = {"CO", "PA", "AE"};
  for (const DemoCase& d : summary_->demo_cases) {
    ASSERT_EQ(d.foreign_accounts.size(), 2u);
    for (const auto& a : d.foreign_accounts) EXPECT_TRUE(havens.count(Account(a, "country")));
    bool wired = false;
    for (const Tx& t : *txs_)
      wired |= t.from == d.collector_account && t.to == d.foreign_accounts[0];
    EXPECT_TRUE(wired) << d.case_id;
    ASSERT_FALSE(d.asset_ids.empty());
    std::set<std::string> kinds;
    for (size_t i = 0; i < files_->assets.rows.size(); ++i) {
      const auto& id = files_->assets.At(i, "asset_id");
      if (std::find(d.asset_ids.begin(), d.asset_ids.end(), id) == d.asset_ids.end()) continue;
      kinds.insert(files_->assets.At(i, "kind"));
      const Tx& buy = ById(files_->assets.At(i, "acquired_tx"));
      EXPECT_TRUE(buy.from == d.collector_account || buy.from == d.mule_accounts[0]);
      const std::string& owner = files_->assets.At(i, "owner_id");
      EXPECT_TRUE(owner == d.collector_holder || owner == Account(d.mule_accounts[0], "holder_id"));
    }
    EXPECT_TRUE(kinds.count("vehicle")) << d.case_id;
  }
  // Cases 1, 3, 5, ... also buy a flat.
  EXPECT_EQ(summary_->demo_cases[0].asset_ids.size(), 2u);
  EXPECT_EQ(summary_->demo_cases[1].asset_ids.size(), 1u);
}

TEST_F(DemoCaseTest, MuleHoldersShareAnIdentifierWithTheCollectorsHolder) {
  for (const DemoCase& d : summary_->demo_cases) {
    const std::string& boss = d.collector_holder;
    for (const auto& m : d.mule_accounts) {
      const std::string& holder = Account(m, "holder_id");
      bool linked = Party(holder, "phone") == Party(boss, "phone") ||
                    Party(holder, "address") == Party(boss, "address") ||
                    Party(holder, "device") == Party(boss, "device");
      EXPECT_TRUE(linked) << d.case_id << ": mule " << m << " is not linked";
    }
  }
}

TEST_F(DemoCaseTest, EuroBalancesNeverGoNegative) {
  std::map<std::string, int64_t> balance;
  const auto& acc = files_->accounts;
  for (size_t i = 0; i < acc.rows.size(); ++i) {
    if (acc.At(i, "currency") == "EUR") {
      balance[acc.At(i, "account_id")] = Minor(acc.At(i, "opening_balance"));
    }
  }
  for (const Tx& t : *txs_) {
    if (auto it = balance.find(t.from); it != balance.end()) {
      it->second -= t.base;
      ASSERT_GE(it->second, 0) << t.from << " goes negative at " << t.id;
    }
    if (auto it = balance.find(t.to); it != balance.end()) it->second += t.base;
  }
}

}  // namespace
}  // namespace moneytrail::demo
