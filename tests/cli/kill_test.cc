// Kill test: a load SIGKILLed at random points, re-run after every kill, must
// end with exactly the store that one clean load of the same file gives.
#include <gtest/gtest.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
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

// The whole ledger as the store's scans give it: from the ledger snapshot,
// which must then be current, or from the transactions.
std::string LedgerOf(const std::string& db, bool from_snapshot) {
  storage::StoreOptions ro;
  ro.read_only = true;
  ro.read_ledger_snapshot = from_snapshot;
  auto store = storage::Store::Open(db, ro);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  if (!store.ok()) return "";
  if (from_snapshot) {
    EXPECT_TRUE(*(*store)->LedgerSnapshotCurrent()) << db;
  }
  std::string all;
  Status s = (*store)->ForEachLedgerEntry([&](const storage::Store::LedgerEntry& e) {
    all += std::to_string(e.timestamp.micros) + "/" + std::to_string(e.seq) + "/" +
           std::string(e.tx_id) + "/" + std::to_string(e.from) + ">" + std::to_string(e.to) + "/" +
           std::to_string(e.base_minor) + "\n";
    return true;
  });
  EXPECT_TRUE(s.ok()) << s.ToString();
  return all;
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

// ~3 MB of camt.053: one statement of `entries` debits, each to its own
// counterparty; the same bytes on every run.
std::string GenerateCamt(int entries) {
  std::string s =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.02\">\n"
      "<BkToCstmrStmt><GrpHdr><MsgId>M</MsgId><CreDtTm>2024-03-02T08:00:00</CreDtTm></GrpHdr>\n"
      "<Stmt><Id>S-1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>\n";
  char entry[400];
  for (int i = 0; i < entries; ++i) {
    std::snprintf(entry, sizeof entry,
                  "<Ntry><Amt Ccy=\"EUR\">%d.%02d</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>"
                  "<ValDt><Dt>2024-%02d-%02d</Dt></ValDt><NtryDtls><TxDtls><Refs><EndToEndId>E-%d"
                  "</EndToEndId></Refs><RltdPties><CdtrAcct><Id><IBAN>CP%07d</IBAN></Id></CdtrAcct>"
                  "</RltdPties></TxDtls></NtryDtls></Ntry>\n",
                  1 + i % 5000, i % 100, 1 + i % 12, 1 + i % 28, i, i);
    s += entry;
  }
  return s + "</Stmt></BkToCstmrStmt></Document>\n";
}

struct KillStats {
  int kills = 0, finished_early = 0, mid_load_snapshots = 0;
};

// Runs `args` again and again, SIGKILLing each run after a random pause, until
// `min_kills` kills landed. After every run the store must hold whole batches
// of `batch` transactions only (and, when every record is a transaction, just
// what the sources say was loaded).
KillStats KillRepeatedly(const std::vector<std::string>& args, const std::string& db, TempDir& dir,
                         int min_kills, uint64_t batch, int max_pause_ms, bool only_transactions) {
  KillStats stats;
  std::mt19937 rng(kSeed);
  std::uniform_int_distribution<int> pause_ms(5, max_pause_ms);
  for (int attempt = 0; stats.kills < min_kills && attempt < 200; ++attempt) {
    const std::string log = dir.Sub("run-" + std::to_string(attempt) + ".log");
    pid_t pid = SpawnMoneytrail(args, log);
    EXPECT_GT(pid, 0) << "cannot start " << MoneytrailBin();
    if (pid <= 0) return stats;
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    ::kill(pid, SIGKILL);
    int status = WaitFor(pid);
    if (status == 128 + SIGKILL) {
      ++stats.kills;
    } else {
      // It got to the end before the kill: that must be a clean exit.
      EXPECT_EQ(status, 0) << "run " << attempt << " failed after earlier kills:\n"
                           << ReadFile(log);
      if (status != 0) return stats;
      ++stats.finished_early;
    }
    if (std::filesystem::exists(db + "/CURRENT")) {
      Snapshot snap = Look(db);
      if (snap.opened) {
        if (only_transactions) {
          EXPECT_EQ(snap.transactions, snap.loaded) << "after run " << attempt;
        }
        if (!snap.complete) {
          EXPECT_EQ(snap.transactions % batch, 0u) << "a commit is one whole batch";
        }
        if (!snap.complete && snap.transactions > 0) ++stats.mid_load_snapshots;
      }
    }
  }
  EXPECT_GE(stats.kills, min_kills);
  return stats;
}

void ExpectNoRejects(const std::string& db) {
  if (!std::filesystem::exists(db + "/rejects")) return;
  for (const auto& e : std::filesystem::directory_iterator(db + "/rejects")) {
    EXPECT_EQ(std::filesystem::file_size(e.path()), 0u) << e.path() << ": no row was bad";
  }
}

TEST(KillTest, LoadKilledAtRandomPointsEndsEqualToACleanLoad) {
  ASSERT_FALSE(MoneytrailBin().empty()) << "no moneytrail binary: set MONEYTRAIL_BIN";
  TempDir dir;
  const std::string file = dir.Write("ledger.csv", GenerateLedger());
  const std::string db = dir.Sub("killed");
  const std::vector<std::string> args = {"ingest", "--db", db, "--batch", "5000", file};
  const auto start = std::chrono::steady_clock::now();
  KillStats k = KillRepeatedly(args, db, dir, kMinKills, 5000, 300, true);

  RunResult last = RunMoneytrail(args);
  ASSERT_EQ(last.exit_code, 0) << last.err;

  RunResult clean = RunMoneytrail({"ingest", "--db", dir.Sub("clean"), "--batch", "5000", file});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;

  std::string killed_fp = FingerprintOf(db), clean_fp = FingerprintOf(dir.Sub("clean"));
  ASSERT_FALSE(killed_fp.empty());
  EXPECT_EQ(killed_fp, clean_fp) << "the killed-and-resumed store differs from a clean load";
  // Kills can also land in the ledger snapshot's build, at the end of a run.
  const std::string killed_ledger = LedgerOf(db, true);
  EXPECT_EQ(std::count(killed_ledger.begin(), killed_ledger.end(), '\n'), kRows);
  EXPECT_EQ(killed_ledger, LedgerOf(dir.Sub("clean"), false));

  RunResult stats = RunMoneytrail({"stats", "--db", db, "--format", "json"});
  ASSERT_EQ(stats.exit_code, 0) << stats.err;
  auto j = nlohmann::json::parse(stats.out);
  EXPECT_EQ(j["transactions"], kRows);
  ASSERT_EQ(j["sources"].size(), 1u);
  EXPECT_EQ(j["sources"][0]["loaded"], kRows);
  EXPECT_EQ(j["sources"][0]["duplicates"], 0);
  EXPECT_EQ(j["sources"][0]["rejected"], 0);
  EXPECT_EQ(j["sources"][0]["complete"], true);
  ExpectNoRejects(db);

  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("kills", k.kills);
  RecordProperty("finished_before_kill", k.finished_early);
  RecordProperty("killed_mid_load", k.mid_load_snapshots);
  std::printf("kill test: %d kills (%d landed mid-load), %d runs finished first, %.1f s\n", k.kills,
              k.mid_load_snapshots, k.finished_early, secs);
}

// A camt file is streamed and committed in batches: killed anywhere, re-run,
// it ends as one clean load, its statement still checked whole.
TEST(KillTest, CamtLoadKilledAtRandomPointsEndsEqualToACleanLoad) {
  ASSERT_FALSE(MoneytrailBin().empty()) << "no moneytrail binary: set MONEYTRAIL_BIN";
  constexpr int kEntries = 12'000;
  TempDir dir;
  const std::string file = dir.Write("statement.xml", GenerateCamt(kEntries));
  const std::string db = dir.Sub("killed");
  const std::vector<std::string> args = {"ingest", "--db", db, "--batch", "1000", file};
  // A camt batch costs more than a CSV one (each entry is matched against the
  // payments already known): longer pauses, so that kills land mid-load.
  KillStats k = KillRepeatedly(args, db, dir, kMinKills / 2, 1000, 1500, false);

  RunResult last = RunMoneytrail(args);
  ASSERT_EQ(last.exit_code, 0) << last.err;
  RunResult clean = RunMoneytrail({"ingest", "--db", dir.Sub("clean"), file});
  ASSERT_EQ(clean.exit_code, 0) << clean.err;
  std::string killed_fp = FingerprintOf(db), clean_fp = FingerprintOf(dir.Sub("clean"));
  ASSERT_FALSE(killed_fp.empty());
  EXPECT_EQ(killed_fp, clean_fp) << "the killed-and-resumed store differs from a clean load";
  EXPECT_EQ(Look(db).transactions, static_cast<uint64_t>(kEntries));
  ExpectNoRejects(db);
  std::printf("camt kill test: %d kills (%d landed mid-load), %d runs finished first\n", k.kills,
              k.mid_load_snapshots, k.finished_early);
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
