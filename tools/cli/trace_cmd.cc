// moneytrail trace: where did the proceeds go, under which rule.
#include <stdlib.h>
#include <sysexits.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "engine/core/huge_pages.h"
#include "engine/graph/chains.h"
#include "engine/ledger/case_ledger.h"
#include "engine/trace/compare.h"
#include "engine/trace/trace_json.h"
#include "engine/trace/trace_table.h"
#include "tools/batch/batch.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct TraceCmdOptions {
  std::string db;
  std::string case_id;
  std::string method = "libr";
  std::string until;
  int max_hops = -1;
  std::string format = "table";
  std::string out;
  size_t chains = 0;
  bool compare = false;
  bool all_cases = false;
  bool resume = false;
  unsigned threads = 0;
  bool follow = false;
  std::string purpose;
};

Result<trace::TraceOptions> ParseTraceOptions(const TraceCmdOptions& o) {
  trace::TraceOptions t;
  auto method = trace::MethodFromName(o.method);
  if (!method) {
    return Status::Usage("--method: '" + o.method +
                         "' is not one of fifo, lifo, pro-rata, libr, tainted-first, poison");
  }
  t.method = *method;
  if (!o.until.empty()) {
    auto until = ParseTimestamp(o.until);
    if (!until.ok()) return Status::Usage("--until: " + until.status().message());
    t.until = *until;
  }
  if (o.max_hops >= 0) t.max_hops = o.max_hops;
  if (o.format != "table" && o.format != "json")
    return Status::Usage("--format: '" + o.format + "' is not table or json");
  return t;
}

int RunBatch(const TraceCmdOptions& o, const trace::TraceOptions& t, storage::Store& store) {
  batch::BatchOptions b;
  b.trace = t;
  b.out = o.out;
  b.resume = o.resume;
  b.threads = o.threads;
  b.before_start = [&] { return AuditRead(o.db, "trace --all-cases", "", "", o.purpose); };
  auto report = batch::RunBatch(store, b);
  if (!report.ok()) return Fail(report.status());
  if (!report->coordinator) return 0;
  const size_t traced = report->cases - report->resumed;
  std::fprintf(
      stderr, "traced %zu cases in %.3f s (%.0f cases/s%s) into %s", traced, report->seconds,
      report->seconds > 0 ? static_cast<double>(traced) / report->seconds : 0.0,
      report->ranks > 1 ? (", " + std::to_string(report->ranks) + " MPI ranks").c_str() : "",
      o.out.c_str());
  if (report->resumed > 0) std::fprintf(stderr, "; %zu written before, kept", report->resumed);
  std::fprintf(stderr, "\n");
  if (report->exit_code != 0) {
    std::fprintf(stderr, "moneytrail: some cases could not be traced: see %s/summary.json\n",
                 o.out.c_str());
  }
  return report->exit_code;
}

// --follow: a RocksDB secondary of a store that may be being loaded, with
// its own scratch directory, removed on exit.
class FollowDir {
 public:
  FollowDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "moneytrail-follow-XXXXXX");
    if (::mkdtemp(pattern.data())) path_ = pattern;
  }
  ~FollowDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

int Run(const TraceCmdOptions& o) {
  auto t = ParseTraceOptions(o);
  if (!t.ok()) return Fail(t.status());
  std::optional<FollowDir> follow;
  storage::StoreOptions so;
  so.read_only = true;
  so.create_if_missing = false;
  // A batch's cases share few blocks: one cache of RocksDB's default size for
  // all families, not one per family. Those only filled memory, in every
  // rank under mpirun: a batch of the 10 M demo store took 0.45-0.59 s on two
  // ranks instead of 0.44-0.50 s (one thread: no change).
  if (o.all_cases) so.block_cache_bytes = size_t{8} << 20;
  // A batch allocates and frees its working set case after case (the
  // store's blocks, histories, results): on huge pages from the start, not
  // faulted in 4 KiB at a time at microseconds a fault on a VM. On this
  // project's 2-core VM, in interleaved runs: one thread a fifth faster on
  // the 0.2 M and 1 M demo stores and a tenth to a seventh on the 10 M and
  // 100 M ones, two ranks 15-22% (docs/SCALE.md); 1,700 page faults instead
  // of 24,300 on the 100 M store. 256 MiB of address space is twice what a
  // batch on that store holds.
  if (o.all_cases) (void)ReserveHugePageHeap(size_t{256} << 20);
  if (o.follow) {
    follow.emplace();
    if (follow->path().empty())
      return Fail(Status::IOError("--follow: cannot create a temporary directory"));
    so.secondary_dir = follow->path();
  }
  auto opened = storage::Store::Open(o.db, so);
  if (!opened.ok()) return Fail(opened.status());
  storage::Store& store = **opened;
  if (o.all_cases) return RunBatch(o, *t, store);
  if (o.case_id.empty())
    return Fail(Status::Usage("name a case with --case ID, or trace them all with --all-cases"));
  if (Status a = AuditRead(o.db, "trace", o.case_id, "", o.purpose); !a.ok()) return Fail(a);
  auto c = store.GetCase(o.case_id);
  if (!c.ok()) return Fail(c.status());
  if (!c->has_value()) return Fail(Status::NotFound("no case '" + o.case_id + "' in " + o.db));
  auto ledger = std::make_unique<ledger::CaseLedger>(&store);
  std::string out;
  if (o.compare) {
    auto compared = ledger->Compare(**c, *t);
    if (!compared.ok()) return Fail(compared.status());
    auto labels = ledger->Labels(compared->first);
    out = o.format == "json" ? trace::RenderCompareJson(compared->second, compared->first, labels)
                             : trace::RenderCompareTable(compared->second, compared->first, labels);
    const int exit_code = Fail(WriteOutput(o.out, out));
    KeepUntilExit(std::move(*compared));
    KeepUntilExit(std::move(ledger));
    return exit_code;
  }
  auto traced = ledger->Trace(**c, *t);
  if (!traced.ok()) return Fail(traced.status());
  // JSON lists every flow's tx id, the table every exit's: fetch them in one
  // scan when there are many.
  auto labels = o.chains > 0 ? ledger->Labels(traced->input)
                             : ledger->Labels(traced->input, traced->result,
                                              o.format == "json"
                                                  ? ledger::CaseLedger::Prefetch::kFlowsAndExits
                                                  : ledger::CaseLedger::Prefetch::kExits);
  std::string warning = trace::InferredFundsWarning(traced->result, labels);
  int exit_code = EX_OK;
  if (o.chains > 0) {
    graph::ChainOptions co;
    co.k = o.chains;
    co.tx_id = labels.tx_id;
    auto chains = graph::LargestChains(traced->result, traced->input, co);
    if (!chains.ok()) return Fail(chains.status());
    out = o.format == "json"
              ? graph::RenderChainsJson(*chains, traced->result, traced->input, labels)
              : graph::RenderChainsTable(*chains, traced->result, traced->input, labels);
  } else if (o.format == "json") {
    if (!warning.empty()) std::cerr << warning;
    exit_code = Fail(WriteOutputPieces(o.out, [&](const auto& write) {
      trace::RenderTraceJson(traced->result, traced->input, labels, write);
    }));
  } else {
    out = trace::RenderTraceTable(traced->result, traced->input, labels);
  }
  if (o.chains > 0 || o.format != "json") {
    if (!warning.empty() && (o.format == "json" || (!o.out.empty() && o.out != "-")))
      std::cerr << warning;
    exit_code = Fail(WriteOutput(o.out, out));
  }
  KeepUntilExit(std::move(*traced));
  KeepUntilExit(std::move(labels));
  KeepUntilExit(std::move(ledger));
  KeepUntilExit(std::move(out));
  return exit_code;
}

}  // namespace

void RegisterTrace(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<TraceCmdOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "trace",
      "Follow a case's proceeds (its seeds) through the ledger under a tracing rule and say where\n"
      "every cent is now: accounts holding it, cash withdrawals, assets bought. Rules: fifo\n"
      "(Clayton's case), lifo, pro-rata (Barlow Clowes), libr (Re Hallett + lowest intermediate\n"
      "balance; default, the conservative one for court), tainted-first (Re Oatway), poison "
      "(upper\n"
      "bound of exposure). Semantics: TRACING.md.",
      "  moneytrail trace --db store --case K-2024-001\n"
      "  moneytrail trace --db store --case K-2024-001 --method fifo --format json --out k1.json\n"
      "  moneytrail trace --db store --case K-2024-001 --chains 5\n"
      "  moneytrail trace --db store --case K-2024-001 --compare\n"
      "  moneytrail trace --db store --all-cases --out traces/\n"
      "  moneytrail trace --db store --all-cases --out traces/ --resume\n"
      "  mpirun -n 4 moneytrail trace --db snapshot --all-cases --out traces/\n",
      [o] { return Run(*o); });
  cmd->add_option("--db", o->db, "Store directory")->required();
  cmd->add_option("--case", o->case_id, "Case id");
  cmd->add_option("--method", o->method,
                  "fifo|lifo|pro-rata|libr|tainted-first|poison (default libr)");
  cmd->add_option("--until", o->until, "Stop the replay at this time (inclusive), ISO 8601");
  cmd->add_option("--max-hops", o->max_hops,
                  "Taint leaving an account at this hop stops (exit hop_limit)");
  cmd->add_option("--format", o->format, "table (default) or json");
  cmd->add_option("--out", o->out,
                  "Write to this file (a directory with --all-cases); default stdout");
  cmd->add_option("--chains", o->chains, "List the K largest seed-to-terminal chains");
  cmd->add_flag("--compare", o->compare,
                "Run every method and show each terminal's amount side by side");
  cmd->add_flag("--all-cases", o->all_cases,
                "Trace every case in the store: one JSON per case + summary.json in --out.\n"
                "Under mpirun every rank traces: rank 0 hands out cases and writes");
  cmd->add_flag("--resume", o->resume,
                "With --all-cases: finish an interrupted batch in --out without redoing the "
                "cases it wrote");
  cmd->add_option("--threads", o->threads,
                  "With --all-cases, not under MPI: tracing threads (default: cores, at most 2)");
  cmd->add_flag("--follow", o->follow,
                "Read a store that is being loaded, as a RocksDB secondary: sees what was "
                "committed when it opened. Not reproducible; trace a snapshot for that");
  AddPurposeOption(cmd, &o->purpose);
}

}  // namespace moneytrail::cli
