// The command line as a user meets it: help, exit codes (sysexits.h), stdin,
// and machine-readable output.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "tests/cli/run_binary.h"

namespace moneytrail::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const char kLedger[] =
    "tx_id,timestamp,from_account,to_account,amount,currency\n"
    "T-1,2024-03-01T10:00:00Z,,ACC-1,100.00,EUR\n"
    "T-2,2024-03-02T10:00:00Z,ACC-1,ACC-2,30.50,EUR\n"
    "=1+1,2024-03-03T10:00:00Z,ACC-2,ACC-1,1.00,EUR\n";

size_t Lines(const std::string& s) {
  return static_cast<size_t>(std::count(s.begin(), s.end(), '\n'));
}

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(MoneytrailBin().empty()) << "no moneytrail binary: set MONEYTRAIL_BIN";
    ASSERT_TRUE(std::filesystem::exists(MoneytrailBin())) << MoneytrailBin();
  }

  // A store with kLedger loaded; its path.
  std::string LoadedStore() {
    std::string db = dir_.Sub("db");
    RunResult r = RunMoneytrail({"ingest", "--db", db, dir_.Write("ledger.csv", kLedger)});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return db;
  }

  TempDir dir_;
};

TEST_F(CliTest, HelpOfEverySubcommandExitsZeroAndDocumentsExitCodes) {
  for (const char* cmd : {"ingest", "stats", "account"}) {
    RunResult r = RunMoneytrail({cmd, "--help"});
    EXPECT_EQ(r.exit_code, 0) << cmd << ": " << r.err;
    EXPECT_THAT(r.out, HasSubstr("Exit codes")) << cmd;
    EXPECT_THAT(r.out, HasSubstr("65")) << cmd;
    EXPECT_TRUE(r.err.empty()) << cmd << ": help goes to stdout";
  }
  RunResult top = RunMoneytrail({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, HasSubstr("Exit codes"));
}

TEST_F(CliTest, MissingRequiredOptionIsAUsageErrorExit64) {
  RunResult r = RunMoneytrail({"ingest", dir_.Write("ledger.csv", kLedger)});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("--db"));
  EXPECT_TRUE(r.out.empty());
}

TEST_F(CliTest, UnknownSubcommandIsAUsageErrorExit64) {
  EXPECT_EQ(RunMoneytrail({"frobnicate"}).exit_code, 64);
  EXPECT_EQ(RunMoneytrail({}).exit_code, 64);
}

TEST_F(CliTest, BadOptionValuesAreUsageErrorsExit64) {
  std::string db = LoadedStore();
  RunResult kind =
      RunMoneytrail({"ingest", "--db", db, "--kind", "bananas", dir_.Sub("ledger.csv")});
  EXPECT_EQ(kind.exit_code, 64);
  EXPECT_THAT(kind.err, HasSubstr("--kind"));
  EXPECT_EQ(RunMoneytrail({"stats", "--db", db, "--format", "xml"}).exit_code, 64);
  EXPECT_EQ(RunMoneytrail({"account", "--db", db, "--format", "xml", "ACC-1"}).exit_code, 64);
  EXPECT_EQ(RunMoneytrail({"ingest", "--db", db, "--consent", dir_.Sub("ledger.csv")}).exit_code,
            64);
}

TEST_F(CliTest, IngestOfABinaryFileExits65WithOneClearLine) {
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\rIHDR\0\0\x01\0", 12);
  RunResult r = RunMoneytrail({"ingest", "--db", dir_.Sub("db"), dir_.Write("photo.csv", png)});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_EQ(Lines(r.err), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("photo.csv"));
  EXPECT_THAT(r.err, HasSubstr("binary"));
  EXPECT_TRUE(r.out.empty());
}

TEST_F(CliTest, IngestOfABinaryFileWithKindGivenExits65WithOneClearLine) {
  std::string png = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\rIHDR\0\0\x01\0", 12);
  RunResult r = RunMoneytrail(
      {"ingest", "--db", dir_.Sub("db"), "--kind", "transactions", dir_.Write("photo.csv", png)});
  EXPECT_EQ(r.exit_code, 65);
  EXPECT_EQ(Lines(r.err), 1u) << r.err;
  EXPECT_THAT(r.err, HasSubstr("binary"));
}

TEST_F(CliTest, IngestOfAMissingFileExits66) {
  RunResult r = RunMoneytrail({"ingest", "--db", dir_.Sub("db"), dir_.Sub("nope.csv")});
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_THAT(r.err, HasSubstr("nope.csv"));
}

TEST_F(CliTest, StatsOfAMissingStoreExits66AndCreatesNothing) {
  RunResult r = RunMoneytrail({"stats", "--db", dir_.Sub("nostore")});
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("nostore")));
}

TEST_F(CliTest, BadStatsFormatIsAUsageErrorEvenWithoutAStore) {
  RunResult r = RunMoneytrail({"stats", "--db", dir_.Sub("nostore"), "--format", "xml"});
  EXPECT_EQ(r.exit_code, 64);
  EXPECT_THAT(r.err, HasSubstr("--format"));
}

TEST_F(CliTest, StdinOfUnknownKindLeavesNoSpooledCopy) {
  std::string input = dir_.Write("unknown.csv", "a,b,c\n1,2,3\n");
  RunResult r = RunMoneytrail({"ingest", "--db", dir_.Sub("db"), "-"}, input);
  EXPECT_EQ(r.exit_code, 65) << r.err;
  std::filesystem::path spool = std::filesystem::path(dir_.Sub("db")) / "ingest-tmp";
  EXPECT_TRUE(!std::filesystem::exists(spool) || std::filesystem::is_empty(spool));
}

TEST_F(CliTest, IngestWithRejectedRowsStillExitsZeroAndNamesTheRejectsFile) {
  std::string file = dir_.Write("ledger.csv", std::string(kLedger) + "T-9,2024-02-30,A,B,1,EUR\n");
  RunResult r = RunMoneytrail({"ingest", "--db", dir_.Sub("db"), file});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(file + ":5: timestamp:"));
  EXPECT_THAT(r.err, HasSubstr("3 loaded, 0 duplicates, 0 conflicts, 1 rejected"));
  EXPECT_THAT(r.err, HasSubstr("rejects:"));
  EXPECT_TRUE(r.out.empty()) << "results only on stdout; ingest has none";
}

TEST_F(CliTest, IngestKeepsTheLedgerSnapshotCurrentAndStatsSaysSo) {
  const std::string db = dir_.Sub("db");
  const std::string accounts =
      dir_.Write("accounts.csv", "account_id,holder_name\nACC-1,Ana\nACC-2,Luis\n");
  const std::string ledger = dir_.Write("ledger.csv", kLedger);
  auto snapshot_current = [&] {
    RunResult stats = RunMoneytrail({"stats", "--db", db, "--format", "json"});
    EXPECT_EQ(stats.exit_code, 0) << stats.err;
    return nlohmann::json::parse(stats.out)["ledger_snapshot_current"].get<bool>();
  };
  RunResult r = RunMoneytrail({"ingest", "--db", db, accounts});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("ledger snapshot"))) << "no transactions, nothing to pack";
  EXPECT_FALSE(snapshot_current());

  r = RunMoneytrail({"ingest", "--db", db, ledger});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("ledger snapshot: 3 of 3 transactions packed in"));
  EXPECT_TRUE(snapshot_current());
  RunResult table = RunMoneytrail({"stats", "--db", db});
  EXPECT_THAT(table.out, HasSubstr("ledger snapshot current\n"));

  r = RunMoneytrail({"ingest", "--db", db, ledger});  // nothing new: nothing rebuilt
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, Not(HasSubstr("ledger snapshot")));
  EXPECT_TRUE(snapshot_current());
}

TEST_F(CliTest, IngestKeepsThePurchaseIndexCurrentAndStatsSaysSo) {
  const std::string db = dir_.Sub("db");
  auto index_current = [&] {
    RunResult stats = RunMoneytrail({"stats", "--db", db, "--format", "json"});
    EXPECT_EQ(stats.exit_code, 0) << stats.err;
    return nlohmann::json::parse(stats.out)["purchase_index_current"].get<bool>();
  };
  RunResult r = RunMoneytrail({"ingest", "--db", db, dir_.Write("ledger.csv", kLedger)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(index_current()) << "no assets: an empty index, current";
  // An asset bought by T-2: the load changes what the index was built from.
  r = RunMoneytrail(
      {"ingest", "--db", db,
       dir_.Write("assets.csv", "asset_id,kind,description,acquired_tx\nAS-1,vehicle,car,T-2\n")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(index_current());
  EXPECT_THAT(RunMoneytrail({"stats", "--db", db}).out, HasSubstr("\npurchase index current\n"));
}

TEST_F(CliTest, IngestReadsStdinDash) {
  std::string db = dir_.Sub("db");
  RunResult r = RunMoneytrail({"ingest", "--db", db, "-"}, dir_.Write("in.csv", kLedger));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("stdin: transactions"));
  EXPECT_THAT(r.err, HasSubstr("3 loaded"));
  RunResult stats = RunMoneytrail({"stats", "--db", db, "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  auto j = nlohmann::json::parse(stats.out);
  EXPECT_EQ(j["transactions"], 3);
  ASSERT_EQ(j["sources"].size(), 1u);
  EXPECT_EQ(j["sources"][0]["name"], "stdin");
  // The spooled copy of stdin does not stay behind.
  if (std::filesystem::exists(db + "/ingest-tmp")) {
    for (const auto& e : std::filesystem::directory_iterator(db + "/ingest-tmp")) {
      EXPECT_THAT(e.path().filename().string(), ::testing::Not(StartsWith("stdin")));
    }
  }
  // The same bytes again on stdin are recognised as already loaded.
  RunResult again = RunMoneytrail({"ingest", "--db", db, "-"}, dir_.Sub("in.csv"));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("already loaded"));
  EXPECT_THAT(again.err, HasSubstr("3 duplicates"));
}

TEST_F(CliTest, StatsJsonParsesAndHasTheCounts) {
  std::string db = LoadedStore();
  RunResult r = RunMoneytrail({"stats", "--db", db, "--format", "json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  nlohmann::json j;
  ASSERT_NO_THROW(j = nlohmann::json::parse(r.out)) << r.out;
  EXPECT_EQ(j["base_currency"], "EUR");
  EXPECT_EQ(j["transactions"], 3);
  EXPECT_EQ(j["accounts"], 0);
  EXPECT_EQ(j["fx_rates"], 0);
  EXPECT_EQ(j["first"], "2024-03-01T10:00:00Z");
  EXPECT_EQ(j["last"], "2024-03-03T10:00:00Z");
  EXPECT_EQ(j["currencies"]["EUR"], 3);
  ASSERT_EQ(j["sources"].size(), 1u);
  EXPECT_EQ(j["sources"][0]["loaded"], 3);
  EXPECT_EQ(j["sources"][0]["rejected"], 0);
  EXPECT_EQ(j["sources"][0]["complete"], true);
  EXPECT_EQ(j["sources"][0]["kind"], "transactions");
  EXPECT_EQ(j["sources"][0]["sha256"].get<std::string>().size(), 64u);
}

TEST_F(CliTest, StatsTableGoesToStdout) {
  std::string db = LoadedStore();
  RunResult r = RunMoneytrail({"stats", "--db", db});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("transactions   3"));
  EXPECT_THAT(r.out, HasSubstr("complete"));
}

TEST_F(CliTest, AccountCsvIsTheHistoryWithRunningBalance) {
  std::string db = LoadedStore();
  RunResult r = RunMoneytrail({"account", "--db", db, "--format", "csv", "ACC-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out,
            "tx_id,timestamp,direction,counterparty,amount,currency,base_amount,balance\r\n"
            "T-1,2024-03-01T10:00:00Z,in,CASH,100.00,EUR,100.00,100.00\r\n"
            "T-2,2024-03-02T10:00:00Z,out,ACC-2,30.50,EUR,-30.50,69.50\r\n"
            "'=1+1,2024-03-03T10:00:00Z,in,ACC-2,1.00,EUR,1.00,70.50\r\n");
}

TEST_F(CliTest, AccountJsonHasTheBalance) {
  std::string db = LoadedStore();
  RunResult r = RunMoneytrail({"account", "--db", db, "--format", "json", "ACC-2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["balance"], "29.50");
  EXPECT_EQ(j["transactions"].size(), 2u);
}

TEST_F(CliTest, UnknownAccountExits66) {
  std::string db = LoadedStore();
  RunResult r = RunMoneytrail({"account", "--db", db, "ACC-404"});
  EXPECT_EQ(r.exit_code, 66);
  EXPECT_THAT(r.err, HasSubstr("ACC-404"));
}

TEST_F(CliTest, NonStoreDirectoryIsRefusedAndLeftAlone) {
  std::filesystem::create_directories(dir_.Sub("photos"));
  dir_.Write("photos/a.jpg", "x");
  RunResult r = RunMoneytrail({"ingest", "--db", dir_.Sub("photos"), dir_.Write("l.csv", kLedger)});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_THAT(r.err, HasSubstr("not a moneytrail store"));
  EXPECT_FALSE(std::filesystem::exists(dir_.Sub("photos/CURRENT")));
}

}  // namespace
}  // namespace moneytrail::testing
