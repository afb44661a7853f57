// moneytrail ingest: load CSV / JSON Lines / cases files into a store.
#include <sysexits.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include "ingest/loader.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct IngestOptions {
  std::string db;
  std::string kind;
  std::string origin;
  std::string handling = "evidence";
  bool consent = false;
  size_t batch = 0;  // automatic
  std::string rejects_dir;
  std::string mapping;
  bool pending = false;
  std::vector<std::string> files;
};

// Order in which kinds load within one command: rates before the amounts
// that need them, accounts before transactions, cases last.
int KindOrder(RecordKind k) {
  switch (k) {
    case RecordKind::kFxRates:
      return 0;
    case RecordKind::kAccounts:
      return 1;
    case RecordKind::kParties:
      return 2;
    case RecordKind::kTransactions:
      return 3;
    case RecordKind::kAssets:
      return 4;
    case RecordKind::kCases:
      return 5;
  }
  return 6;
}

// Copies stdin into a file so that it can be hashed first and resumed later.
Result<std::string> SpoolStdin(const std::string& db) {
  std::error_code ec;
  std::filesystem::create_directories(db + "/ingest-tmp", ec);
  std::string path = db + "/ingest-tmp/stdin-" + std::to_string(getpid());
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) return Status::IOError("cannot write " + path);
  char buf[1 << 16];
  size_t n;
  bool ok = true;
  while (ok && (n = std::fread(buf, 1, sizeof buf, stdin)) > 0)
    ok = std::fwrite(buf, 1, n, out) == n;
  ok = ok && !std::ferror(stdin);
  if (std::fclose(out) != 0 || !ok) {
    std::remove(path.c_str());
    return Status::IOError("cannot copy stdin to " + path + " (disk full?)");
  }
  return path;
}

// Rebuilds the ledger snapshot when the load made it stale (ledger_snapshot.h
// in engine/storage): whole-ledger traces read it. Returns an exit code.
int KeepLedgerSnapshotCurrent(storage::Store* store) {
  auto current = store->LedgerSnapshotCurrent();
  if (!current.ok()) return Fail(current.status());
  if (*current || store->next_seq() <= 1) return EX_OK;  // current, or no ledger to pack
  auto begin = std::chrono::steady_clock::now();
  auto packed = store->BuildLedgerSnapshot();
  if (!packed.ok()) {
    // What was loaded stays loaded; traces read the transactions instead.
    std::cerr << "moneytrail: the loaded records are stored, but the ledger snapshot was not "
                 "rebuilt (`moneytrail compact` retries):\n";
    return Fail(packed.status());
  }
  std::fprintf(stderr, "ledger snapshot: %llu of %llu transactions packed in %.2f s\n",
               static_cast<unsigned long long>(packed->repacked),
               static_cast<unsigned long long>(packed->entries),
               std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count());
  return EX_OK;
}

// The same for the purchase index (store_purchases.cc), which every trace
// reads before its first case.
int KeepPurchaseIndexCurrent(storage::Store* store) {
  auto built = store->BuildPurchaseIndex();
  if (built.ok()) return EX_OK;
  std::cerr << "moneytrail: the loaded records are stored, but the asset purchases were not "
               "indexed again (`moneytrail compact` retries):\n";
  return Fail(built.status());
}

int Run(const IngestOptions& o) {
  ingest::LoadOptions lo;
  if (!o.kind.empty()) {
    auto k = RecordKindFromName(o.kind);
    if (!k)
      return Fail(
          Status::Usage("--kind: '" + o.kind +
                        "' is not one of transactions, accounts, parties, assets, cases, fx"));
    lo.kind = k;
  }
  if (o.handling != "evidence" && o.handling != "intelligence") {
    return Fail(
        Status::Usage("--handling: '" + o.handling + "' is not 'evidence' or 'intelligence'"));
  }
  if (o.consent && o.handling != "intelligence") {
    return Fail(Status::Usage("--consent applies to --handling intelligence only"));
  }
  lo.handling = o.handling == "intelligence" ? Handling::kIntelligence : Handling::kEvidence;
  lo.origin = o.origin;
  lo.consent = o.consent;
  lo.batch_records = o.batch;  // 0: by the file's size
  lo.rejects_dir = o.rejects_dir;
  lo.mapping_path = o.mapping;
  lo.include_pending = o.pending;
  auto store = OpenStore(o.db, false);
  if (!store.ok()) return Fail(store.status());

  struct Input {
    std::string path, name;
    RecordKind kind;
    size_t position;
  };
  std::vector<Input> inputs;
  int worst = EX_OK;
  for (size_t i = 0; i < o.files.size(); ++i) {
    Input in{o.files[i], o.files[i], RecordKind::kTransactions, i};
    if (in.path == "-") {
      auto spooled = SpoolStdin(o.db);
      if (!spooled.ok()) return Fail(spooled.status());
      in.path = *spooled;
      in.name = "stdin";
    }
    if (lo.kind) {
      in.kind = *lo.kind;
    } else {
      auto k = ingest::DetectKind(in.path, in.name);
      if (!k.ok()) {
        worst = std::max(worst, Fail(k.status()));
        if (in.name == "stdin") std::filesystem::remove(in.path);  // nothing will load it
        continue;
      }
      in.kind = *k;
    }
    inputs.push_back(in);
  }
  std::stable_sort(inputs.begin(), inputs.end(), [](const Input& a, const Input& b) {
    return KindOrder(a.kind) < KindOrder(b.kind);
  });

  uint64_t total_loaded = 0, total_dup = 0, total_conf = 0, total_rej = 0;
  auto start = std::chrono::steady_clock::now();
  bool tty = StderrIsTerminal();
  for (const Input& in : inputs) {
    ingest::LoadOptions file_options = lo;
    file_options.kind = in.kind;
    auto file_start = std::chrono::steady_clock::now();
    if (tty) {
      file_options.progress = [&in, file_start](uint64_t done, uint64_t total) {
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - file_start).count();
        std::fprintf(stderr, "\r%s: %3.0f%% (%.1f MB/s)   ", in.name.c_str(),
                     total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100.0,
                     secs > 0 ? static_cast<double>(done) / 1e6 / secs : 0.0);
      };
    }
    auto report = ingest::Loader(store->get()).LoadFile(in.path, in.name, file_options);
    if (tty) std::fprintf(stderr, "\r\033[K");
    if (in.name == "stdin") std::filesystem::remove(in.path);
    if (!report.ok()) {
      worst = std::max(worst, Fail(report.status()));
      continue;
    }
    double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - file_start).count();
    for (const auto& m : report->messages) std::cerr << m << "\n";
    for (const auto& m : report->matches) std::cerr << m << "\n";
    for (const auto& c : report->checks) std::cerr << c << "\n";
    for (const auto& w : report->warnings) std::cerr << w << " (loaded; a warning)\n";
    if (report->warned > report->warnings.size()) {
      std::cerr << "... " << (report->warned - report->warnings.size())
                << " more warnings; see the warnings file\n";
    }
    if (report->rejected + report->conflicts > report->messages.size()) {
      std::cerr << "... " << (report->rejected + report->conflicts - report->messages.size())
                << " more; see the rejects file\n";
    }
    std::fprintf(stderr,
                 "%s: %s, source #%u%s%s: %llu loaded, %llu duplicates, %llu conflicts, %llu "
                 "rejected (%.0f records/s)\n",
                 in.name.c_str(), std::string(RecordKindName(report->kind)).c_str(),
                 report->source_id, report->already_loaded ? " (already loaded)" : "",
                 report->resumed_at_line
                     ? (", resumed at line " + std::to_string(report->resumed_at_line)).c_str()
                     : "",
                 static_cast<unsigned long long>(report->loaded),
                 static_cast<unsigned long long>(report->duplicates),
                 static_cast<unsigned long long>(report->conflicts),
                 static_cast<unsigned long long>(report->rejected),
                 secs > 0 ? static_cast<double>(report->loaded + report->duplicates) / secs : 0.0);
    if (!report->format.empty()) {
      std::fprintf(stderr,
                   "  %s: %llu matched to a payment already known, %llu ambiguous (kept "
                   "apart), %llu statements unbalanced, %llu warnings%s\n",
                   report->format.c_str(), static_cast<unsigned long long>(report->matched),
                   static_cast<unsigned long long>(report->ambiguous),
                   static_cast<unsigned long long>(report->unbalanced),
                   static_cast<unsigned long long>(report->warned),
                   report->pending_skipped ? (", " + std::to_string(report->pending_skipped) +
                                              " pending entries left out (--pending loads them)")
                                                 .c_str()
                                           : "");
    }
    if (!report->rejects_path.empty()) std::cerr << "  rejects: " << report->rejects_path << "\n";
    if (!report->warnings_path.empty())
      std::cerr << "  warnings: " << report->warnings_path << "\n";
    total_loaded += report->loaded;
    total_dup += report->duplicates;
    total_conf += report->conflicts;
    total_rej += report->rejected;
  }
  worst = std::max(worst, KeepLedgerSnapshotCurrent(store->get()));
  worst = std::max(worst, KeepPurchaseIndexCurrent(store->get()));
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (inputs.size() > 1) {
    std::fprintf(
        stderr,
        "total: %llu loaded, %llu duplicates, %llu conflicts, %llu rejected in %.2f s (%.0f "
        "records/s)\n",
        static_cast<unsigned long long>(total_loaded), static_cast<unsigned long long>(total_dup),
        static_cast<unsigned long long>(total_conf), static_cast<unsigned long long>(total_rej),
        secs, secs > 0 ? static_cast<double>(total_loaded + total_dup) / secs : 0.0);
  }
  return worst;
}

}  // namespace

void RegisterIngest(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<IngestOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "ingest",
      "Load transactions, accounts, parties, assets, cases or FX rates (CSV, JSON Lines, or a\n"
      "cases JSON document) into a store, without losing or silently changing a record.\n"
      "Re-loading is safe: same content is counted as duplicate, different content as a\n"
      "conflict (the stored record is kept); an interrupted load resumes where it stopped.\n"
      "Refused rows go whole to <db>/rejects/ with file:line, field and reason.\n"
      "Bank files are recognised by content: SWIFT MT940/MT942 statements, ISO 20022\n"
      "camt.052/053/054 (any version), MT103 payments; a bank's CSV export reads with --map.\n"
      "The payer's debit and the payee's credit of one payment become one transaction\n"
      "(matched by UETR, EndToEndId, or amount, value date and both accounts; ambiguous\n"
      "candidates are reported, never merged), and every statement's balances are checked.",
      "  moneytrail ingest --db store fx.csv accounts.csv transactions.csv cases.json\n"
      "  moneytrail ingest --db store --kind transactions --origin 'Bank X production order' "
      "ledger.jsonl\n"
      "  zcat ledger.csv.gz | moneytrail ingest --db store -\n"
      "  moneytrail ingest --db store --handling intelligence --origin 'FIU Y' fiu-y.csv\n"
      "  moneytrail ingest --db store bank-a.sta bank-b-camt053.xml payments.rje\n"
      "  moneytrail ingest --db store --map bank-c-mapping.json bank-c-export.csv\n",
      [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory (created if missing)")->required();
  cmd->add_option("--kind", o->kind,
                  "transactions|accounts|parties|assets|cases|fx (default: from the header)");
  cmd->add_option("--origin", o->origin, "Where the files came from, e.g. a bank's production");
  cmd->add_option("--handling", o->handling, "evidence (default) or intelligence");
  cmd->add_flag("--consent", o->consent, "Intelligence whose sender consented to its use in court");
  cmd->add_option("--batch", o->batch,
                  "Records per atomic commit (default: a tenth of the file's rows, "
                  "100000 to 500000)");
  cmd->add_option("--rejects-dir", o->rejects_dir, "Where rejects files go (default <db>/rejects)");
  cmd->add_option("--map", o->mapping,
                  "Mapping file (JSON) that reads a bank's CSV export as statements");
  cmd->add_flag("--pending", o->pending, "camt: also load entries that are not booked");
  cmd->add_option("files", o->files, "Input files; - reads stdin")->required();
}

}  // namespace moneytrail::cli
