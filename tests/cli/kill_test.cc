// Kill test: a load SIGKILLed at random points, re-run after every kill, must
// end with exactly the store that one clean load of the same file gives.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <thread>

#include "engine/storage/store.h"
#include "tests/cli/run_binary.h"

namespace moneytrail::testing {
namespace {

constexpr int kRows = 200'000;
constexpr int kMinKills = 20;
constexpr unsigned kSeed = 20240301;

// ~14 MB of transactions; the same bytes on every run.
std::string GenerateLedger() {
  std::string s = "tx_id,timestamp,from_account,to_account,amount,currency,reference\n";
  s.reserve(static_cast<size_t>(kRows) * 72);
  char line[160];
  for (int i = 0; i < kRows; ++i) {
    std::snprintf(line, sizeof line,
                  "T-%06d,2024-%02d-%02dT%02d:%02d:00Z,ACC-%d,ACC-%d,%d.%02d,EUR,ref %d\n", i,
                  1 + i % 12, 1 + i % 28, i % 24, i % 60, i % 997, (i * 7) % 1009, 1 + i % 50000,
                  i % 100, i);
    s += line;
  }
  return s;
}

struct Snapshot {
  bool opened = false;
  std::string error;
  uint64_t transactions = 0;
  uint64_t loaded = 0;  // summed over the sources
  bool complete = false;
};

Snapshot Look(const std::string& db) {
  Snapshot snap;
  storage::StoreOptions ro;
  ro.read_only = true;
  auto store = storage::Store::Open(db, ro);
  if (!store.ok()) {
    snap.error = store.status().ToString();
    return snap;
  }
  snap.opened = true;
  auto stats = (*store)->Stats();
  auto sources = (*store)->ListSources();
  EXPECT_TRUE(stats.ok() && sources.ok());
  if (!stats.ok() || !sources.ok()) return snap;
  snap.transactions = stats->transactions;
  for (const SourceFile& s : *sources) {
    snap.loaded += s.loaded;
    snap.complete = s.complete;
  }
  return snap;
}

std::string FingerprintOf(const std::string& db) {
  storage::StoreOptions ro;
  ro.read_only = true;
  auto store = storage::Store::Open(db, ro);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return "";
  auto fp = (*store)->Fingerprint();
  EXPECT_TRUE(fp.ok()) << fp.status().ToString();
  return fp.ok() ? *fp : "";
}

TEST(KillTest, LoadKilledAtRandomPointsEndsEqualToACleanLoad) {
  ASSERT_FALSE(MoneytrailBin().empty()) << "no moneytrail binary: set MONEYTRAIL_BIN";
  TempDir dir;
  const std::string file = dir.Write("ledger.csv", GenerateLedger());
  const std::string db = dir.Sub("killed");
  const std::vector<std::string> args = {"ingest", "--db", db, "--batch", "5000", file};
  const auto start = std::chrono::steady_clock::now();

  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<int> pause_ms(5, 300);
  int kills = 0, finished_early = 0, mid_load_snapshots = 0;
  for (int attempt = 0; kills < kMinKills && attempt < 200; ++attempt) {
    const std::string log = dir.Sub("run-" + std::to_string(attempt) + ".log");
    pid_t pid = SpawnMoneytrail(args, log);
    ASSERT_GT(pid, 0) << "cannot start " << MoneytrailBin();
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    ::kill(pid, SIGKILL);
    int status = WaitFor(pid);
    if (status == 128 + SIGKILL) {
      ++kills;
    } else {
      // It got to the end before the kill: that must be a clean exit.
      ASSERT_EQ(status, 0) << "run " << attempt << " failed after earlier kills:\n"
                           << ReadFile(log);
      ++finished_early;
    }
    // Whatever the moment of the kill, the store holds whole batches only:
    // the transactions stored are exactly those the sources say were loaded.
    if (std::filesystem::exists(db + "/CURRENT")) {
      Snapshot snap = Look(db);
      if (snap.opened) {
        EXPECT_EQ(snap.transactions, snap.loaded) << "after run " << attempt;
        EXPECT_EQ(snap.transactions % 5000, 0u) << "a commit is one whole batch";
        if (!snap.complete && snap.transactions > 0) ++mid_load_snapshots;
      }
    }
  }
  EXPECT_GE(kills, kMinKills);

  RunResult last = RunMoneytrail(args);
  ASSERT_EQ(last.exit_code, 0) << last.err;

  RunResult clean = RunMoneytrail({"ingest", "--db", dir.Sub("clean"), "--batch", "5000", file});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;

  std::string killed_fp = FingerprintOf(db), clean_fp = FingerprintOf(dir.Sub("clean"));
  ASSERT_FALSE(killed_fp.empty());
  EXPECT_EQ(killed_fp, clean_fp) << "the killed-and-resumed store differs from a clean load";

  RunResult stats = RunMoneytrail({"stats", "--db", db, "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  auto j = nlohmann::json::parse(stats.out);
  EXPECT_EQ(j["transactions"], kRows);
  ASSERT_EQ(j["sources"].size(), 1u);
  EXPECT_EQ(j["sources"][0]["loaded"], kRows);
  EXPECT_EQ(j["sources"][0]["duplicates"], 0);
  EXPECT_EQ(j["sources"][0]["rejected"], 0);
  EXPECT_EQ(j["sources"][0]["complete"], true);
  if (std::filesystem::exists(db + "/rejects")) {
    for (const auto& e : std::filesystem::directory_iterator(db + "/rejects")) {
      EXPECT_EQ(std::filesystem::file_size(e.path()), 0u) << e.path() << ": no row was bad";
    }
  }

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("kills", kills);
  RecordProperty("finished_before_kill", finished_early);
  RecordProperty("killed_mid_load", mid_load_snapshots);
  std::printf("kill test: %d kills (%d landed mid-load), %d runs finished first, %.1f s\n", kills,
              mid_load_snapshots, finished_early, secs);
}

// The first run of `ingest` creates the store. A kill in that first moment
// must not leave a directory that later runs refuse as "not a moneytrail store".
TEST(KillTest, KillWhileTheStoreIsBeingCreatedLeavesAUsableStore) {
  ASSERT_FALSE(MoneytrailBin().empty()) << "no moneytrail binary: set MONEYTRAIL_BIN";
  TempDir dir;
  const std::string file = dir.Write(
      "ledger.csv",
      "tx_id,timestamp,from_account,to_account,amount,currency\nT-1,2024-03-01,A,B,1.00,EUR\n");
  int probed_half_created = 0;
  for (int step = 0; step < 40; ++step) {
    const std::string db = dir.Sub("db-" + std::to_string(step));
    const std::string log = dir.Sub("run-" + std::to_string(step) + ".log");
    pid_t pid = SpawnMoneytrail({"ingest", "--db", db, file}, log);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::microseconds(500 * step));
    ::kill(pid, SIGKILL);
    int status = WaitFor(pid);
    if (status == 128 + SIGKILL && std::filesystem::exists(db)) ++probed_half_created;
    RunResult again = RunMoneytrail({"ingest", "--db", db, file});
    EXPECT_EQ(again.exit_code, 0) << "killed after " << step * 0.5 << " ms; the re-run says:\n"
                                  << again.err;
    RunResult stats = RunMoneytrail({"stats", "--db", db, "--format", "json"});
    ASSERT_EQ(stats.exit_code, 0) << stats.err;
    EXPECT_EQ(nlohmann::json::parse(stats.out)["transactions"], 1) << "step " << step;
  }
  RecordProperty("killed_after_store_dir_existed", probed_half_created);
}

}  // namespace
}  // namespace moneytrail::testing
