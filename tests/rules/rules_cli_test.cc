// Through the binary: the demo case yields freezes, a seizure, an MLA request
// and typology flags; `rules --check` points at faults; output is stable.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "engine/core/amount.h"
#include "tests/testing/paths.h"

namespace moneytrail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct ExecResult {
  int status = -1;
  std::string out;
};

ExecResult Exec(const std::string& args, bool with_stderr = false) {
  std::string cmd =
      testing::MoneytrailBin() + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  ExecResult r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

int64_t Cents(const std::string& s) { return ParseMinorUnits(s, 2, true).value(); }

class FlagCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static const bool ready = [] {
      dir_ = fs::temp_directory_path() / ("mt-rules-cli-" + std::to_string(getpid()));
      fs::remove_all(dir_);
      if (Exec("demo-data --out " + (dir_ / "data").string() +
               " --accounts 800 --transactions 30000 --cases 3 --seed 11")
              .status != 0) {
        return false;
      }
      std::string files;
      for (const auto& e : fs::directory_iterator(dir_ / "data")) files += " " + e.path().string();
      return Exec("ingest --db " + (dir_ / "store").string() + files).status == 0;
    }();
    ASSERT_TRUE(ready) << "demo-data or ingest failed";
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }
  static std::string Db() { return "--db " + (dir_ / "store").string(); }
  static fs::path dir_;
};
fs::path FlagCliTest::dir_;

TEST_F(FlagCliTest, DemoCaseYieldsFreezesASeizureAnMlaRequestAndTypologies) {
  ExecResult r = Exec("flag " + Db() + " --case K-2024-001 --format json");
  ASSERT_EQ(r.status, 0);
  json j = json::parse(r.out);
  std::map<std::string, int> by_action;
  std::set<std::string> typologies;
  for (const json& f : j["flags"]) {
    ++by_action[f["action"].get<std::string>()];
    if (f["action"] == "investigate") typologies.insert(f["rule_id"].get<std::string>());
    EXPECT_FALSE(f["sentence"].get<std::string>().empty());
    EXPECT_FALSE(f["legal_basis"].get<std::string>().empty());
    EXPECT_FALSE(f["facts"].empty()) << f["rule_id"];
  }
  EXPECT_GE(by_action["freeze"], 1);
  EXPECT_GE(by_action["seize"], 1);
  EXPECT_GE(by_action["mla_request"], 1);
  EXPECT_GE(typologies.size(), 2u);
  // Nothing claimed twice: what is frozen, seized and confiscated by value
  // never exceeds the ransom.
  int64_t claimed = Cents(j["totals"]["freeze"]) + Cents(j["totals"]["seize"]) +
                    Cents(j["totals"]["confiscate_value"]);
  EXPECT_LE(claimed, Cents(j["seed_total"]));
  EXPECT_GT(claimed, 0);
}

TEST_F(FlagCliTest, OutputIsByteIdenticalAcrossRunsInEveryFormat) {
  for (const char* format : {"json", "table", "csv"}) {
    ExecResult a = Exec("flag " + Db() + " --case K-2024-002 --format " + format);
    ExecResult b = Exec("flag " + Db() + " --case K-2024-002 --format " + format);
    EXPECT_EQ(a.status, 0);
    EXPECT_EQ(a.out, b.out) << format;
  }
}

TEST_F(FlagCliTest, TypologyScanRunsOverTheWholeStore) {
  ExecResult r = Exec("flag " + Db() + " --typologies --format json");
  ASSERT_EQ(r.status, 0);
  json j = json::parse(r.out);
  EXPECT_EQ(j["mode"], "typologies");
  EXPECT_GE(j["scanned"]["transactions"].get<int64_t>(), 30000);
  for (const json& f : j["flags"]) EXPECT_EQ(f["action"], "investigate");
}

TEST_F(FlagCliTest, UsageErrorsExit64AndAMissingCase66) {
  EXPECT_EQ(Exec("flag " + Db()).status, 64);
  EXPECT_EQ(Exec("flag " + Db() + " --case K-2024-001 --typologies").status, 64);
  EXPECT_EQ(Exec("flag " + Db() + " --case K-2024-001 --format xml").status, 64);
  EXPECT_EQ(Exec("flag " + Db() + " --case NOPE").status, 66);
}

TEST(RulesCliTest, CheckReportsTheJsonPathOfEachFault) {
  fs::path bad = fs::temp_directory_path() / ("mt-bad-rules-" + std::to_string(getpid()) + ".json");
  std::ofstream(bad) << R"({"rulebook": "bad", "rules": [
    {"id": "a", "title": "t", "subject": "account", "action": "freeze", "amount": "tainted_balance",
     "severity": "high", "legal_basis": "x",
     "condition": {"all": [{"fact": "tainted_balance", "op": ">=", "value": "1.00"},
                           {"fact": "balanse", "op": ">", "value": "1.00"}]}},
    {"id": "a", "title": "t", "subject": "account", "action": "investigate", "severity": "low",
     "legal_basis": "x", "condition": {"fact": "hop", "op": "~", "value": 1}}]})";
  ExecResult r = Exec("rules --check " + bad.string(), true);
  fs::remove(bad);
  EXPECT_EQ(r.status, 65);
  EXPECT_NE(r.out.find("$.rules[0].condition.all[1].fact: unknown fact 'balanse'"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("$.rules[1].condition.op: unknown operator '~'"), std::string::npos)
      << r.out;
}

TEST(RulesCliTest, TheDefaultRulebookChecksAndLists) {
  fs::path file =
      fs::temp_directory_path() / ("mt-default-rules-" + std::to_string(getpid()) + ".json");
  ExecResult d = Exec("rules --default");
  ASSERT_EQ(d.status, 0);
  std::ofstream(file) << d.out;
  ExecResult c = Exec("rules --check " + file.string());
  fs::remove(file);
  EXPECT_EQ(c.status, 0) << c.out;
  ExecResult l = Exec("rules --list");
  EXPECT_EQ(l.status, 0);
  EXPECT_NE(l.out.find("freeze-held-proceeds"), std::string::npos);
  EXPECT_EQ(Exec("rules --check /nonexistent/rules.json").status, 66);
}

}  // namespace
}  // namespace moneytrail
