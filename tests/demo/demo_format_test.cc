// The demo files parse back as FORMATS.md says, are deterministic, and errors
// come back as Status values.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "engine/core/amount.h"
#include "engine/core/currency.h"
#include "engine/core/timestamp.h"
#include "tests/demo/demo_files.h"
#include "tools/demo/demo_data.h"

namespace moneytrail::demo {
namespace {

using testing::DemoFiles;
using testing::LoadDemo;
using testing::ReadFileBytes;
using testing::ScratchDir;

using Header = std::vector<std::string>;
const Header kAccounts = {"account_id", "holder_id",       "holder_name", "institution", "country",
                          "currency",   "opening_balance", "opened",      "closed",      "kind"};
const Header kParties = {"party_id", "name",    "kind",   "national_id", "phone",
                         "email",    "address", "device", "nationality", "birth_date"};
const Header kTransactions = {"tx_id",    "timestamp", "from_account", "to_account",    "amount",
                              "currency", "channel",   "reference",    "end_to_end_id", "uetr"};
const Header kAssets = {"asset_id", "kind",         "description", "owner_id",    "value",
                        "currency", "registry_ref", "acquired_tx", "acquired_on", "account_id"};
const Header kFx = {"date", "currency", "rate"};
const char* const kFiles[] = {"parties.csv",      "accounts.csv", "fx.csv",
                              "transactions.csv", "assets.csv",   "cases.json"};

int64_t Minor(const std::string& amount, const std::string& currency) {
  auto cur = Currency::FromCode(currency);
  if (!cur) return -1;
  auto r = ParseMinorUnits(amount, cur->minor_digits());
  return r.ok() ? *r : -1;
}

struct Size {
  uint64_t accounts, transactions;
  uint32_t cases;
  uint64_t seed;
};

void PrintTo(const Size& s, std::ostream* os) {
  *os << s.accounts << " accounts, " << s.transactions << " transactions, " << s.cases
      << " cases, seed " << s.seed;
}

class DemoFormatTest : public ::testing::TestWithParam<Size> {};

TEST_P(DemoFormatTest, EveryFileParsesBackAsFormatsMdSays) {
  const Size size = GetParam();
  ScratchDir dir("out");
  DemoOptions o{dir.path(), size.accounts, size.transactions, size.seed, size.cases, nullptr};
  auto summary = WriteDemoData(o);
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  DemoFiles f = LoadDemo(dir.path());
  for (const auto* t : {&f.accounts, &f.parties, &f.transactions, &f.assets, &f.fx}) {
    ASSERT_EQ(t->error, "");
  }
  EXPECT_EQ(f.accounts.header, kAccounts);
  EXPECT_EQ(f.parties.header, kParties);
  EXPECT_EQ(f.transactions.header, kTransactions);
  EXPECT_EQ(f.assets.header, kAssets);
  EXPECT_EQ(f.fx.header, kFx);
  EXPECT_EQ(summary->files.size(), 6u);

  // fx: every rate parses; remember which (date, currency) pairs exist.
  std::map<std::pair<std::string, std::string>, Rate> rates;
  for (size_t i = 0; i < f.fx.rows.size(); ++i) {
    ASSERT_TRUE(ParseDate(f.fx.At(i, "date")).ok());
    auto rate = ParseRate(f.fx.At(i, "rate"));
    ASSERT_TRUE(rate.ok()) << f.fx.At(i, "rate");
    rates[{f.fx.At(i, "date"), f.fx.At(i, "currency")}] = *rate;
  }

  // parties and accounts: unique ids; every holder is a party.
  ASSERT_EQ(f.parties.rows.size(), f.party_row.size());
  ASSERT_EQ(f.accounts.rows.size(), f.account_row.size());
  EXPECT_EQ(f.accounts.rows.size(), summary->accounts);
  EXPECT_EQ(f.parties.rows.size(), summary->parties);
  EXPECT_GE(f.accounts.rows.size(), size.accounts);
  for (size_t i = 0; i < f.parties.rows.size(); ++i) {
    EXPECT_FALSE(f.parties.At(i, "name").empty());
    const std::string& kind = f.parties.At(i, "kind");
    EXPECT_TRUE(kind == "person" || kind == "organisation") << kind;
  }
  for (size_t i = 0; i < f.accounts.rows.size(); ++i) {
    EXPECT_TRUE(f.party_row.count(f.accounts.At(i, "holder_id")));
    EXPECT_EQ(f.accounts.At(i, "country").size(), 2u);
    EXPECT_EQ(f.accounts.At(i, "kind"), "bank");
    EXPECT_TRUE(ParseDate(f.accounts.At(i, "opened")).ok());
    EXPECT_GE(Minor(f.accounts.At(i, "opening_balance"), f.accounts.At(i, "currency")), 0)
        << f.accounts.rows[i][0];
  }

  // transactions: unique ids, time order, positive amounts, known accounts,
  // a rate for every non-EUR date, and no euro account ever overdrawn (as the
  // store will see it: each amount converted at the rate of its date).
  std::map<std::string, int64_t> balance;
  for (size_t i = 0; i < f.accounts.rows.size(); ++i) {
    if (f.accounts.At(i, "currency") == "EUR") {
      balance[f.accounts.At(i, "account_id")] = Minor(f.accounts.At(i, "opening_balance"), "EUR");
    }
  }
  const auto& tx = f.transactions;
  ASSERT_EQ(tx.rows.size(), f.tx_row.size()) << "tx_ids are not unique";
  EXPECT_EQ(tx.rows.size(), summary->transactions);
  EXPECT_EQ(tx.rows.size(), size.transactions);
  Timestamp previous{INT64_MIN};
  for (size_t i = 0; i < tx.rows.size(); ++i) {
    auto ts = ParseTimestamp(tx.At(i, "timestamp"));
    ASSERT_TRUE(ts.ok()) << tx.At(i, "timestamp");
    ASSERT_EQ(tx.At(i, "timestamp").substr(0, 5), "2024-") << tx.rows[i][0];
    ASSERT_LE(previous, *ts) << "row " << i << " goes back in time";
    previous = *ts;
    const std::string& cur = tx.At(i, "currency");
    ASSERT_GT(Minor(tx.At(i, "amount"), cur), 0) << tx.rows[i][0];
    const std::string& from = tx.At(i, "from_account");
    const std::string& to = tx.At(i, "to_account");
    ASSERT_TRUE(from == "CASH" || f.account_row.count(from)) << from;
    ASSERT_TRUE(to == "CASH" || f.account_row.count(to)) << to;
    ASSERT_FALSE(from == "CASH" && to == "CASH");
    ASSERT_NE(from, to);
    int64_t base = Minor(tx.At(i, "amount"), cur);
    if (cur != "EUR") {
      auto rate = rates.find({tx.At(i, "timestamp").substr(0, 10), cur});
      ASSERT_NE(rate, rates.end()) << tx.rows[i][0];
      base = *ConvertToBase(base, 2, rate->second, 2);
    }
    if (auto it = balance.find(from); it != balance.end()) {
      it->second -= base;
      ASSERT_GE(it->second, 0) << from << " is overdrawn by " << tx.rows[i][0];
    }
    if (auto it = balance.find(to); it != balance.end()) it->second += base;
    EXPECT_FALSE(tx.At(i, "channel").empty());
  }

  // assets: bought by an existing payment from the named account, worth at
  // least what was paid.
  EXPECT_EQ(f.assets.rows.size(), summary->assets);
  for (size_t i = 0; i < f.assets.rows.size(); ++i) {
    auto it = f.tx_row.find(f.assets.At(i, "acquired_tx"));
    ASSERT_NE(it, f.tx_row.end()) << f.assets.At(i, "acquired_tx");
    EXPECT_TRUE(f.party_row.count(f.assets.At(i, "owner_id")));
    EXPECT_EQ(tx.At(it->second, "from_account"), f.assets.At(i, "account_id"));
    EXPECT_GE(Minor(f.assets.At(i, "value"), "EUR"), Minor(tx.At(it->second, "amount"), "EUR"));
    EXPECT_EQ(tx.At(it->second, "timestamp").substr(0, 10), f.assets.At(i, "acquired_on"));
  }

  // cases.json: the seeds exist.
  ASSERT_FALSE(f.cases.is_discarded());
  ASSERT_TRUE(f.cases.contains("cases"));
  ASSERT_EQ(f.cases["cases"].size(), size.cases);
  EXPECT_EQ(summary->cases, size.cases);
  for (const auto& c : f.cases["cases"]) {
    EXPECT_EQ(c["jurisdiction"], "ES");
    EXPECT_TRUE(ParseDate(c["opened"].get<std::string>()).ok());
    EXPECT_EQ(c["case_id"].get<std::string>().rfind("K-2024-", 0), 0u);
    ASSERT_GE(c["seeds"].size(), 1u);
    for (const auto& s : c["seeds"]) EXPECT_TRUE(f.tx_row.count(s["tx_id"].get<std::string>()));
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, DemoFormatTest,
                         ::testing::Values(Size{100, 1000, 3, 7}, Size{2000, 60000, 7, 7},
                                           Size{5000, 200000, 1000, 42}));

TEST(DemoDataTest, SameOptionsGiveByteIdenticalFilesAndAnotherSeedDiffers) {
  ScratchDir a("a"), b("b"), c("c");
  DemoOptions o{a.path(), 300, 20000, 42, 4, nullptr};
  ASSERT_TRUE(WriteDemoData(o).ok());
  o.out_dir = b.path();
  ASSERT_TRUE(WriteDemoData(o).ok());
  o.out_dir = c.path();
  o.seed = 43;
  ASSERT_TRUE(WriteDemoData(o).ok());
  for (const char* name : kFiles) {
    std::string first = ReadFileBytes(a.path() + "/" + name);
    EXPECT_FALSE(first.empty()) << name;
    EXPECT_EQ(first, ReadFileBytes(b.path() + "/" + name)) << name;
  }
  EXPECT_NE(ReadFileBytes(a.path() + "/transactions.csv"),
            ReadFileBytes(c.path() + "/transactions.csv"));
  EXPECT_NE(ReadFileBytes(a.path() + "/accounts.csv"), ReadFileBytes(c.path() + "/accounts.csv"));
}

TEST(DemoDataTest, CasesNeedingMoreRowsThanAskedForStillMakeAValidDataset) {
  ScratchDir dir("out");
  auto summary = WriteDemoData({dir.path(), 10, 5, 1, 2, nullptr});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_GT(summary->transactions, 5u);  // the cases' own rows
  DemoFiles f = LoadDemo(dir.path());
  EXPECT_EQ(f.transactions.error, "");
  EXPECT_EQ(f.transactions.rows.size(), summary->transactions);
  ASSERT_EQ(summary->demo_cases.size(), 2u);
  EXPECT_TRUE(f.tx_row.count(summary->demo_cases[0].seed_tx_ids[0]));
}

TEST(DemoDataTest, NoCasesMeansNoCaseAccountsAndAnEmptyCaseList) {
  ScratchDir dir("out");
  auto summary = WriteDemoData({dir.path(), 50, 3000, 1, 0, nullptr});
  ASSERT_TRUE(summary.ok()) << summary.status().ToString();
  EXPECT_EQ(summary->accounts, 50u);
  EXPECT_EQ(summary->transactions, 3000u);
  DemoFiles f = LoadDemo(dir.path());
  EXPECT_EQ(f.cases["cases"].size(), 0u);
  EXPECT_TRUE(f.assets.rows.empty());
}

TEST(DemoDataTest, ProgressEndsWithAllRowsWritten) {
  ScratchDir dir("out");
  uint64_t last_written = 0, last_total = 0, calls = 0;
  DemoOptions o{dir.path(), 100, 5000, 3, 1, [&](uint64_t w, uint64_t t) {
                  ++calls;
                  last_written = w;
                  last_total = t;
                }};
  auto summary = WriteDemoData(o);
  ASSERT_TRUE(summary.ok());
  EXPECT_GE(calls, 1u);
  EXPECT_EQ(last_written, summary->transactions);
  EXPECT_EQ(last_total, summary->transactions);
}

TEST(DemoDataTest, BadOptionsAreUsageErrors) {
  ScratchDir dir("out");
  EXPECT_EQ(WriteDemoData({"", 100, 1000, 1, 1, nullptr}).status().code(), StatusCode::kUsage);
  EXPECT_EQ(WriteDemoData({dir.path(), 0, 1000, 1, 1, nullptr}).status().code(),
            StatusCode::kUsage);
  EXPECT_EQ(WriteDemoData({dir.path(), 9, 1000, 1, 1, nullptr}).status().code(),
            StatusCode::kUsage);
  EXPECT_EQ(WriteDemoData({dir.path(), 100, 0, 1, 1, nullptr}).status().code(), StatusCode::kUsage);
  auto too_many = WriteDemoData({dir.path(), 100, 1000, 1, 10001, nullptr});
  EXPECT_EQ(too_many.status().code(), StatusCode::kUsage);
  EXPECT_NE(too_many.status().message().find("cases"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir.path()));  // nothing written for bad options
}

TEST(DemoDataTest, UnwritableDirectoryIsAnIOErrorNamingThePath) {
  ScratchDir dir("out");
  std::filesystem::create_directories(dir.path());
  std::string file = dir.path() + "/plain-file";
  std::ofstream(file) << "x";
  auto r = WriteDemoData({file + "/sub", 100, 1000, 1, 1, nullptr});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
  EXPECT_NE(r.status().message().find(file), std::string::npos) << r.status().message();

  r = WriteDemoData({file, 100, 1000, 1, 1, nullptr});
  EXPECT_EQ(r.status().code(), StatusCode::kIOError);
}

}  // namespace
}  // namespace moneytrail::demo
