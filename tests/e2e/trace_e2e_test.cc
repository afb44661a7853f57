// End to end through the binary: demo data -> ingest -> trace, checked
// against what the generated files say (not against hard-coded figures).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
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

ExecResult Exec(const std::string& args) {
  std::string cmd = testing::MoneytrailBin() + " " + args + " 2>/dev/null";
  ExecResult r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int64_t Cents(const std::string& s) { return ParseMinorUnits(s, 2, true).value(); }

class TraceEndToEnd : public ::testing::Test {
 protected:
  // Built once for the suite; a failure here fails every test (not a skip).
  void SetUp() override {
    static const bool ready = [] {
      dir_ = fs::temp_directory_path() / ("mt-e2e-" + std::to_string(getpid()));
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

  static json Trace(const std::string& args) {
    ExecResult r = Exec("trace --db " + (dir_ / "store").string() + " " + args + " --format json");
    EXPECT_EQ(r.status, 0) << args;
    return json::parse(r.out);
  }

  // Seed totals per case, in cents, from the generated files themselves.
  static int64_t SeedTotal(const std::string& case_id) {
    json cases = json::parse(Slurp(dir_ / "data" / "cases.json"));
    std::map<std::string, std::string> amount_of;
    std::ifstream tx(dir_ / "data" / "transactions.csv");
    std::string line;
    std::getline(tx, line);  // header: tx_id,timestamp,from,to,amount,currency,...
    while (std::getline(tx, line)) {
      std::vector<std::string> f;
      std::stringstream ss(line);
      std::string cell;
      while (std::getline(ss, cell, ',')) f.push_back(cell);
      if (f.size() > 5 && f[5] == "EUR") amount_of[f[0]] = f[4];
    }
    int64_t total = 0;
    for (const auto& c : cases["cases"]) {
      if (c["case_id"] != case_id) continue;
      for (const auto& s : c["seeds"]) {
        total += s.contains("amount") ? Cents(s["amount"].get<std::string>())
                                      : Cents(amount_of.at(s["tx_id"]));
      }
    }
    return total;
  }

  static fs::path dir_;
};

fs::path TraceEndToEnd::dir_;

TEST_F(TraceEndToEnd, LibrTraceOfTheDemoCaseReconcilesToTheRansom) {
  json j = Trace("--case K-2024-001");
  EXPECT_EQ(j["case_id"], "K-2024-001");
  EXPECT_EQ(j["method"], "libr");
  EXPECT_EQ(j["currency"], "EUR");
  EXPECT_EQ(Cents(j["seed_total"]), SeedTotal("K-2024-001"));
  EXPECT_EQ(Cents(j["summary"]["held"]) + Cents(j["summary"]["exited"]), Cents(j["seed_total"]));
  EXPECT_TRUE(j["summary"]["conserved"].get<bool>());
  int64_t held = 0;
  std::string previous;
  for (const auto& a : j["accounts"]) {
    EXPECT_LT(previous, a["account"].get<std::string>()) << "accounts sorted by id";
    previous = a["account"];
    held += Cents(a["tainted_balance"]);
  }
  EXPECT_EQ(held, Cents(j["summary"]["held"]));
  std::map<std::string, int> exit_kinds;
  for (const auto& e : j["exits"]) ++exit_kinds[e["kind"]];
  EXPECT_GT(exit_kinds["cash_withdrawal"], 0) << "mules withdraw cash";
  EXPECT_GT(exit_kinds["asset_purchase"], 0) << "a car is bought";
  bool abroad = false;
  for (const auto& a : j["accounts"]) abroad |= a["country"].is_string() && a["country"] != "ES";
  EXPECT_TRUE(abroad) << "proceeds reach an account abroad";
}

TEST_F(TraceEndToEnd, EveryMethodButPoisonConservesEveryCase) {
  for (const char* c : {"K-2024-001", "K-2024-002", "K-2024-003"}) {
    for (const char* m : {"fifo", "lifo", "pro-rata", "libr", "tainted-first"}) {
      json j = Trace(std::string("--case ") + c + " --method " + m);
      EXPECT_TRUE(j["summary"]["conserved"].get<bool>()) << c << " " << m;
      EXPECT_EQ(Cents(j["seed_total"]), SeedTotal(c)) << c << " " << m;
      for (const auto& [claimant, total] : j["seed_total_by_claimant"].items()) {
        const auto& s = j["summary"]["by_claimant"][claimant];
        EXPECT_EQ(Cents(s["held"]) + Cents(s["exited"]), Cents(total))
            << c << " " << m << " " << claimant;
      }
    }
  }
}

TEST_F(TraceEndToEnd, PoisonReachesEveryAccountAnyOtherMethodReaches) {
  json poison = Trace("--case K-2024-002 --method poison");
  std::set<std::string> reached;
  for (const auto& a : poison["accounts"]) reached.insert(a["account"]);
  for (const char* m : {"fifo", "lifo", "pro-rata", "libr", "tainted-first"}) {
    json traced = Trace(std::string("--case K-2024-002 --method ") + m);
    for (const auto& a : traced["accounts"]) {
      EXPECT_TRUE(reached.count(a["account"])) << m << " reached " << a["account"];
    }
  }
}

TEST_F(TraceEndToEnd, OutputIsByteIdenticalOnReRun) {
  std::string args = "trace --db " + (dir_ / "store").string() +
                     " --case K-2024-003 --method pro-rata --format json";
  ExecResult a = Exec(args), b = Exec(args);
  EXPECT_EQ(a.status, 0);
  EXPECT_EQ(a.out, b.out);
  EXPECT_FALSE(a.out.empty());
}

TEST_F(TraceEndToEnd, BatchWritesOneFilePerCaseAndASummary) {
  fs::path out = dir_ / "batch";
  ASSERT_EQ(
      Exec("trace --db " + (dir_ / "store").string() + " --all-cases --out " + out.string()).status,
      0);
  json summary = json::parse(Slurp(out / "summary.json"));
  ASSERT_EQ(summary["cases"].size(), 3u);
  for (const auto& c : summary["cases"]) {
    json single = Trace("--case " + c["case_id"].get<std::string>());
    EXPECT_EQ(json::parse(Slurp(out / c["file"].get<std::string>())), single);
  }
}

TEST_F(TraceEndToEnd, CompareShowsEveryMethod) {
  json j = Trace("--case K-2024-001 --compare");
  std::string text = j.dump();
  for (const char* m : {"fifo", "lifo", "pro-rata", "libr", "tainted-first", "poison"}) {
    EXPECT_NE(text.find(m), std::string::npos) << m;
  }
}

TEST_F(TraceEndToEnd, UnknownCaseIsExit66AndBadMethodIsExit64) {
  EXPECT_EQ(Exec("trace --db " + (dir_ / "store").string() + " --case NOPE").status, 66);
  EXPECT_EQ(
      Exec("trace --db " + (dir_ / "store").string() + " --case K-2024-001 --method magic").status,
      64);
}

}  // namespace
}  // namespace moneytrail
