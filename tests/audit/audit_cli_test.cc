// The audit trail through the binary: reads leave records with who, what,
// which case and why; `moneytrail audit` lists and verifies them; a log edited
// on disk fails verification at its line; a read that cannot be audited is
// refused without printing anything.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "engine/audit/audit_log.h"
#include "tests/audit/audit_test_util.h"
#include "tests/cli/run_binary.h"

namespace moneytrail::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const char kLedger[] =
    "tx_id,timestamp,from_account,to_account,amount,currency\n"
    "T-1,2024-03-01T10:00:00Z,VICTIM,ACC-1,1000.00,EUR\n"
    "T-2,2024-03-02T10:00:00Z,ACC-1,ACC-2,600.00,EUR\n"
    "T-3,2024-03-03T10:00:00Z,ACC-2,ACC-3,100.00,EUR\n";
const char kCases[] =
    R"({"cases": [{"case_id": "K-1", "title": "test", "opened": "2024-03-01",
                   "jurisdiction": "ES", "seeds": [{"tx_id": "T-1"}]}]})";

class AuditCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(MoneytrailBin())) << MoneytrailBin();
    setenv("MONEYTRAIL_USER", "ana", 1);
    db_ = dir_.Sub("db");
    RunResult r = RunMoneytrail({"ingest", "--db", db_, dir_.Write("ledger.csv", kLedger),
                                 dir_.Write("cases.json", kCases)});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  void TearDown() override { unsetenv("MONEYTRAIL_USER"); }

  nlohmann::json ListJson() {
    RunResult r = RunMoneytrail({"audit", "--db", db_, "--format", "json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.exit_code == 0 ? nlohmann::json::parse(r.out) : nlohmann::json::array();
  }
  std::string LogPath() const { return db_ + "/audit/audit.jsonl"; }

  TempDir dir_;
  std::string db_;
};

TEST_F(AuditCliTest, ReadsAreRecordedWithWhoWhatCaseAndPurpose) {
  RunResult trace =
      RunMoneytrail({"trace", "--db", db_, "--case", "K-1", "--purpose", "MLA request 12/24"});
  ASSERT_EQ(trace.exit_code, 0) << trace.err;
  RunResult query = RunMoneytrail({"query", "neighbors", "--db", db_, "ACC-1", "--purpose",
                                   "link analysis", "--format", "csv"});
  ASSERT_EQ(query.exit_code, 0) << query.err;
  ASSERT_EQ(RunMoneytrail({"account", "--db", db_, "ACC-2"}).exit_code, 0);

  nlohmann::json j = ListJson();
  ASSERT_EQ(j.size(), 3u) << j.dump(2) << "\n(ingest is a write and is not audited)";
  EXPECT_EQ(j[0]["seq"], 1);
  EXPECT_EQ(j[0]["user"], "ana");
  EXPECT_EQ(j[0]["role"], "");
  EXPECT_EQ(j[0]["action"], "trace");
  EXPECT_EQ(j[0]["case"], "K-1");
  EXPECT_EQ(j[0]["purpose"], "MLA request 12/24");
  EXPECT_EQ(j[0]["prev"], std::string(64, '0'));
  EXPECT_EQ(j[1]["action"], "query neighbors");
  EXPECT_EQ(j[1]["subject"], "ACC-1");
  EXPECT_EQ(j[1]["purpose"], "link analysis");
  EXPECT_EQ(j[1]["prev"], j[0]["hash"]);
  EXPECT_EQ(j[2]["action"], "account");
  EXPECT_EQ(j[2]["subject"], "ACC-2");
  EXPECT_EQ(j[2]["purpose"], "");
  EXPECT_THAT(
      j[0]["time"].get<std::string>(),
      ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}[.][0-9]{6}Z"));

  RunResult verify = RunMoneytrail({"audit", "--db", db_, "--verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, StartsWith("intact: 3 records in " + LogPath() + "\n"));
  EXPECT_THAT(verify.out, HasSubstr("head: seq 3, sha256 " + j[2]["hash"].get<std::string>()));
  EXPECT_EQ(ListJson().size(), 3u) << "listing and verifying are not themselves audited";
}

TEST_F(AuditCliTest, ListingFiltersByUserAndCaseAndWritesCsv) {
  ASSERT_EQ(RunMoneytrail({"trace", "--db", db_, "--case", "K-1"}).exit_code, 0);
  setenv("MONEYTRAIL_USER", "ben", 1);
  ASSERT_EQ(RunMoneytrail({"stats", "--db", db_, "--purpose", "check load"}).exit_code, 0);
  ASSERT_EQ(RunMoneytrail({"flag", "--db", db_, "--case", "K-1"}).exit_code, 0);

  RunResult ben = RunMoneytrail({"audit", "--db", db_, "--user", "ben", "--format", "csv"});
  ASSERT_EQ(ben.exit_code, 0) << ben.err;
  EXPECT_THAT(ben.out,
              StartsWith("seq,time,user,role,action,case,subject,purpose,outcome,prev,hash\r\n2,"));
  EXPECT_THAT(ben.out, HasSubstr(",ben,,stats,,,check load,,"));
  EXPECT_THAT(ben.out, HasSubstr(",ben,,flag,K-1,,,,"));
  EXPECT_THAT(ben.out, ::testing::Not(HasSubstr(",ana,")));

  RunResult k1 = RunMoneytrail({"audit", "--db", db_, "--case", "K-1", "--limit", "1"});
  ASSERT_EQ(k1.exit_code, 0) << k1.err;
  EXPECT_THAT(k1.out, StartsWith("seq"));
  EXPECT_THAT(k1.out, HasSubstr("flag"));
  EXPECT_THAT(k1.out, ::testing::Not(HasSubstr("trace")));
}

TEST_F(AuditCliTest, ALogEditedOnDiskFailsVerifyNamingTheLine) {
  for (const char* purpose : {"first", "second", "third"}) {
    ASSERT_EQ(
        RunMoneytrail({"trace", "--db", db_, "--case", "K-1", "--purpose", purpose}).exit_code, 0);
  }
  std::vector<std::string> lines = audit::ReadLines(LogPath());
  ASSERT_EQ(lines.size(), 3u);
  lines[1].replace(lines[1].find("second"), 6, "benign");
  audit::WriteLines(LogPath(), lines);

  RunResult v = RunMoneytrail({"audit", "--db", db_, "--verify"});
  EXPECT_EQ(v.exit_code, 65) << v.out << v.err;
  EXPECT_THAT(v.out, StartsWith("NOT INTACT: 1 problem in "));
  EXPECT_THAT(v.out, HasSubstr(LogPath() + ":2: altered:"));

  RunResult json = RunMoneytrail({"audit", "--db", db_, "--verify", "--format", "json"});
  EXPECT_EQ(json.exit_code, 65);
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["intact"], false);
  EXPECT_THAT(j["problems"][0].get<std::string>(), StartsWith(LogPath() + ":2: altered:"));
}

TEST_F(AuditCliTest, ReadsAreRefusedOnATruncatedLogAndPrintNothing) {
  ASSERT_EQ(RunMoneytrail({"trace", "--db", db_, "--case", "K-1"}).exit_code, 0);
  ASSERT_EQ(RunMoneytrail({"trace", "--db", db_, "--case", "K-1"}).exit_code, 0);
  std::vector<std::string> lines = audit::ReadLines(LogPath());
  lines.pop_back();
  audit::WriteLines(LogPath(), lines);

  RunResult v = RunMoneytrail({"audit", "--db", db_, "--verify"});
  EXPECT_EQ(v.exit_code, 65);
  EXPECT_THAT(v.out, HasSubstr(LogPath() + ":2: truncated: head names seq 2"));
  RunResult trace = RunMoneytrail({"trace", "--db", db_, "--case", "K-1"});
  EXPECT_EQ(trace.exit_code, 73) << trace.err;
  EXPECT_TRUE(trace.out.empty()) << trace.out;
  EXPECT_THAT(trace.err, HasSubstr("no answer without an audit record"));
  EXPECT_EQ(audit::ReadLines(LogPath()).size(), 1u) << "the evidence is left as found";
}

TEST_F(AuditCliTest, AStoreWhoseLogCannotBeWrittenAnswersNoRead) {
  dir_.Write("db/audit", "a file where the audit directory belongs");
  for (std::vector<std::string> args :
       {std::vector<std::string>{"trace", "--db", db_, "--case", "K-1"},
        {"query", "timeline", "--db", db_, "ACC-1"},
        {"account", "--db", db_, "ACC-1"},
        {"stats", "--db", db_}}) {
    RunResult r = RunMoneytrail(args);
    EXPECT_EQ(r.exit_code, 73) << args[0] << ": " << r.err;
    EXPECT_TRUE(r.out.empty()) << args[0] << ": " << r.out;
    EXPECT_THAT(r.err, HasSubstr("audit")) << args[0];
  }
}

TEST_F(AuditCliTest, CommandsThatFailBeforeReadingLeaveNoRecord) {
  EXPECT_EQ(RunMoneytrail({"trace", "--db", db_, "--case", "K-1", "--method", "x"}).exit_code, 64);
  EXPECT_EQ(RunMoneytrail({"query", "neighbors", "--db", db_, "ACC-1", "--hops", "9"}).exit_code,
            64);
  EXPECT_EQ(RunMoneytrail({"flag", "--db", db_, "--case", "K-1", "--until", "soon"}).exit_code, 64);
  EXPECT_EQ(RunMoneytrail({"account", "--db", db_, "--format", "xml", "ACC-1"}).exit_code, 64);
  EXPECT_NE(RunMoneytrail({"stats", "--db", dir_.Sub("nowhere")}).exit_code, 0);
  EXPECT_FALSE(std::filesystem::exists(db_ + "/audit"));
  EXPECT_TRUE(ListJson().empty());
  EXPECT_EQ(RunMoneytrail({"audit", "--db", dir_.Sub("nowhere")}).exit_code, 66);
}

TEST_F(AuditCliTest, ReportAndVerifyAreAuditedAndTheReportStillReproduces) {
  std::string out = dir_.Sub("report");
  RunResult report = RunMoneytrail({"report", "--db", db_, "--case", "K-1", "--out", out,
                                    "--format", "json", "--purpose", "court bundle"});
  ASSERT_EQ(report.exit_code, 0) << report.err;
  RunResult verify = RunMoneytrail({"verify", "--db", db_, out, "--purpose", "defence check"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  EXPECT_THAT(verify.out, StartsWith("identical"));
  nlohmann::json j = ListJson();
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0]["action"], "report");
  EXPECT_EQ(j[0]["case"], "K-1");
  EXPECT_EQ(j[1]["action"], "verify");
  EXPECT_EQ(j[1]["case"], "K-1");
  EXPECT_EQ(j[1]["purpose"], "defence check");
}

}  // namespace
}  // namespace moneytrail::testing
