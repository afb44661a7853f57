// `moneytrail query` as a user meets it: each query in each format, exit
// codes of errors, notes when a limit cut the result.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "tests/cli/run_binary.h"
#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using moneytrail::testing::RunMoneytrail;
using moneytrail::testing::RunResult;
using ::testing::HasSubstr;
using ::testing::StartsWith;

class QueryCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new testing::TestStore();
    store_->Party("P1", {.phone = "+34 600 111 222"})
        .Party("P2", {.phone = "0034600111222"})
        .Account("A", "P1", "100.00")
        .Account("B", "P2")
        .Tx("T1", 1, "A", "X", "40.00")
        .Tx("T2", 2, "X", "B", "30.00")
        .Tx("T3", 3, "A", "Y", "1.00")
        .Tx("T4", 4, "A", "Z", "2.00");
    db_ = new std::string(store_->BuildDir());
  }
  static void TearDownTestSuite() {
    delete store_;
    delete db_;
  }
  void SetUp() override {
    ASSERT_TRUE(std::filesystem::exists(moneytrail::testing::MoneytrailBin()))
        << moneytrail::testing::MoneytrailBin();
  }
  // `moneytrail query QUERY --db STORE ARGS...` for {QUERY, ARGS...}.
  static RunResult Query(const std::vector<std::string>& args) {
    std::vector<std::string> full = {"query", args[0], "--db", *db_};
    full.insert(full.end(), args.begin() + 1, args.end());
    return RunMoneytrail(full);
  }
  static testing::TestStore* store_;
  static std::string* db_;
};
testing::TestStore* QueryCliTest::store_ = nullptr;
std::string* QueryCliTest::db_ = nullptr;

TEST_F(QueryCliTest, NeighborsInEachFormat) {
  RunResult table = Query({"neighbors", "A", "--hops", "2", "--direction", "out"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, StartsWith("Neighbors of A: 2 hops, out, currency EUR, 4 found\n"));
  EXPECT_THAT(table.out, HasSubstr("B"));
  RunResult json = Query({"neighbors", "A", "--format", "json", "--min-amount", "2"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["min_amount"], "2.00");
  ASSERT_EQ(j["neighbors"].size(), 2u);
  EXPECT_EQ(j["neighbors"][0]["account"], "X");
  RunResult csv = Query({"neighbors", "A", "--format", "csv", "--since", "2024-03-01T03:00:00Z"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out,
            "hop,account,via,flow,transactions,total,first,last,hub\r\n"
            "1,Z,A,out,1,2.00,2024-03-01T04:00:00Z,2024-03-01T04:00:00Z,false\r\n"
            "1,Y,A,out,1,1.00,2024-03-01T03:00:00Z,2024-03-01T03:00:00Z,false\r\n");
  EXPECT_TRUE(csv.err.empty());
}

TEST_F(QueryCliTest, CsvThatALimitCutCarriesTheNoteOnStderr) {
  RunResult r = Query({"neighbors", "A", "--format", "csv", "--limit", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 2);
  EXPECT_EQ(r.err, "note: 1 of 3 neighbours shown (limit 1)\n");
}

TEST_F(QueryCliTest, LinkedPathAndTimeline) {
  RunResult linked = Query({"linked", "A", "--format", "json"});
  ASSERT_EQ(linked.exit_code, 0) << linked.err;
  auto j = nlohmann::json::parse(linked.out);
  ASSERT_EQ(j["accounts"].size(), 2u);
  EXPECT_EQ(j["accounts"][1]["account"], "B");
  EXPECT_EQ(j["accounts"][1]["links"][0]["value"], "34600111222");

  RunResult path = Query({"path", "A", "B", "--format", "csv"});
  ASSERT_EQ(path.exit_code, 0) << path.err;
  EXPECT_THAT(path.out, HasSubstr("1,2,30.00,1,T1,2024-03-01T01:00:00Z,A,X,40.00,40.00,EUR\r\n"));
  EXPECT_THAT(path.out, HasSubstr("1,2,30.00,2,T2,2024-03-01T02:00:00Z,X,B,30.00,30.00,EUR\r\n"));

  RunResult timeline = Query({"timeline", "A", "--since", "2024-03-01T02:00:00Z"});
  ASSERT_EQ(timeline.exit_code, 0) << timeline.err;
  EXPECT_THAT(timeline.out, HasSubstr("opening balance 60.00, closing balance 57.00"));
  EXPECT_THAT(timeline.out, HasSubstr("T4"));
  EXPECT_THAT(timeline.out, ::testing::Not(HasSubstr("T1 ")));
}

TEST_F(QueryCliTest, ReachCountsPerHopInEachFormat) {
  // A pays X, Y, Z; X pays B.
  RunResult table = Query({"reach", "A"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, StartsWith("Reach of A: 3 hops, out, 4 accounts\n"));
  RunResult json = Query({"reach", "A", "--format", "json", "--hops", "2"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  auto j = nlohmann::json::parse(json.out);
  EXPECT_EQ(j["by_hop"][0]["accounts"], 3);
  EXPECT_EQ(j["by_hop"][1]["accounts"], 1);
  EXPECT_EQ(j["found"], 4);
  RunResult csv = Query({"reach", "B", "--format", "csv", "--direction", "in"});
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out, "hop,accounts\r\n1,1\r\n2,1\r\n3,0\r\n");  // X, then A
}

TEST_F(QueryCliTest, AccountCommandKeepsItsRunningBalance) {
  RunResult r = RunMoneytrail({"account", "--db", *db_, "A", "--format", "csv"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("T4,2024-03-01T04:00:00Z,out,Z,2.00,EUR,-2.00,57.00\r\n"));
}

TEST_F(QueryCliTest, UnknownAccountExits66) {
  for (const char* q : {"neighbors", "reach", "timeline", "linked"}) {
    RunResult r = Query({q, "NOPE"});
    EXPECT_EQ(r.exit_code, 66) << q;
    EXPECT_THAT(r.err, HasSubstr("'NOPE'")) << q;
    EXPECT_TRUE(r.out.empty()) << q;
  }
  EXPECT_EQ(Query({"path", "A", "NOPE"}).exit_code, 66);
}

TEST_F(QueryCliTest, BadOptionValuesAreUsageErrorsNamingTheOption) {
  struct Case {
    std::vector<std::string> args;
    const char* option;
  };
  for (const Case& c : std::vector<Case>{
           {{"neighbors", "A", "--hops", "4"}, "--hops"},
           {{"neighbors", "A", "--direction", "sideways"}, "--direction"},
           {{"neighbors", "A", "--min-amount", "1,50"}, "--min-amount"},
           {{"neighbors", "A", "--since", "yesterday"}, "--since"},
           {{"neighbors", "A", "--limit", "0"}, "--limit"},
           {{"neighbors", "A", "--format", "xml"}, "--format"},
           {{"reach", "A", "--hops", "0"}, "--hops"},
           {{"reach", "A", "--max-fanout", "0"}, "--max-fanout"},
           {{"path", "A", "B", "--max-hops", "9"}, "--max-hops"},
           {{"path", "A", "B", "--until", "2024-02-30"}, "--until"},
           {{"linked", "A", "--max-parties", "1"}, "--max-parties"},
           {{"timeline", "A", "--since", "2024-03-02", "--until", "2024-03-01"}, "--since"},
       }) {
    RunResult r = Query(c.args);
    EXPECT_EQ(r.exit_code, 64) << c.option;
    EXPECT_THAT(r.err, HasSubstr(c.option));
    EXPECT_TRUE(r.out.empty()) << c.option;
  }
  RunResult cash = Query({"path", "A", "CASH"});
  EXPECT_EQ(cash.exit_code, 64);
  EXPECT_THAT(cash.err, HasSubstr("cash"));
  EXPECT_EQ(RunMoneytrail({"query"}).exit_code, 64);
  EXPECT_EQ(RunMoneytrail({"query", "neighbors", "A"}).exit_code, 64);  // no --db
}

TEST_F(QueryCliTest, HelpOfEveryQueryDocumentsExitCodes) {
  for (const char* q : {"neighbors", "reach", "linked", "path", "timeline"}) {
    RunResult r = RunMoneytrail({"query", q, "--help"});
    EXPECT_EQ(r.exit_code, 0) << q;
    EXPECT_THAT(r.out, HasSubstr("Exit codes")) << q;
    EXPECT_THAT(r.out, HasSubstr("moneytrail query " + std::string(q))) << q;
  }
}

}  // namespace
}  // namespace moneytrail::query
