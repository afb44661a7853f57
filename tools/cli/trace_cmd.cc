// moneytrail trace: where did the proceeds go, under which rule.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "engine/graph/chains.h"
#include "engine/ledger/case_ledger.h"
#include "engine/trace/compare.h"
#include "engine/trace/trace_json.h"
#include "engine/trace/trace_table.h"
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

// A case id as a file name: anything but [A-Za-z0-9._-] becomes '_'.
std::string FileNameFor(const std::string& id) {
  std::string s = id;
  for (char& c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '-' || c == '_';
    if (!ok) c = '_';
  }
  if (s.empty() || s[0] == '.') s.insert(0, "_");
  return s;
}

int RunBatch(const TraceCmdOptions& o, const trace::TraceOptions& t, storage::Store& store) {
  if (o.out.empty() || o.out == "-") return Fail(Status::Usage("--all-cases needs --out DIR"));
  if (Status a = AuditRead(o.db, "trace --all-cases", "", "", o.purpose); !a.ok()) return Fail(a);
  std::error_code ec;
  std::filesystem::create_directories(o.out, ec);
  if (ec) return Fail(Status::IOError("cannot create " + o.out + ": " + ec.message()));
  std::vector<Case> cases;
  Status s = store.ForEachCase([&](const Case& c) {
    cases.push_back(c);
    return true;
  });
  if (!s.ok()) return Fail(s);
  nlohmann::ordered_json summary;
  summary["method"] = std::string(trace::MethodName(t.method));
  summary["currency"] = std::string(store.base_currency().code());
  summary["until"] = t.until ? nlohmann::ordered_json(FormatTimestamp(*t.until)) : nullptr;
  summary["cases"] = nlohmann::ordered_json::array();
  // Cases are independent: each worker has its own CaseLedger (and history
  // cache) over the shared read-only store; results are written in case order
  // so the output does not depend on the number of workers.
  struct Outcome {
    nlohmann::ordered_json entry;
    std::string json;
    int exit_code = 0;
  };
  std::vector<Outcome> outcomes(cases.size());
  std::atomic<size_t> next{0}, done{0};
  auto start = std::chrono::steady_clock::now();
  bool tty = StderrIsTerminal();
  auto work = [&] {
    ledger::CaseLedger ledger(&store);
    for (size_t i = next++; i < cases.size(); i = next++) {
      const Case& c = cases[i];
      Outcome& out = outcomes[i];
      out.entry["case_id"] = c.case_id;
      auto traced = ledger.Trace(c, t);
      if (!traced.ok()) {
        out.entry["error"] = traced.status().message();
        out.exit_code = traced.status().ExitCode();
      } else {
        // JSON lists every flow's tx id: fetch them in one scan when there are many.
        auto labels = o.format == "json" && o.chains == 0
                          ? ledger.Labels(traced->input, traced->result)
                          : ledger.Labels(traced->input);
        out.json = trace::RenderTraceJson(traced->result, traced->input, labels);
        out.entry["file"] = FileNameFor(c.case_id) + ".json";
        out.entry["seed_total"] = trace::Money(labels, traced->result.seed_total);
        out.entry["held"] = trace::Money(labels, traced->result.held);
        out.entry["exited"] = trace::Money(labels, traced->result.exited);
        out.entry["conserved"] = traced->result.conserved;
        out.entry["accounts"] = traced->result.accounts.size();
        out.entry["flows"] = traced->result.flows.size();
        out.entry["exits"] = traced->result.exits.size();
      }
      size_t n = ++done;
      if (tty && (n % 10 == 0 || n == cases.size())) {
        double secs =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\rtraced %zu / %zu cases (%.0f cases/s)   ", n, cases.size(),
                     secs > 0 ? static_cast<double>(n) / secs : 0.0);
      }
    }
  };
  unsigned workers = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  int worst = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    Outcome& out = outcomes[i];
    if (out.exit_code != 0) {
      std::cerr << "moneytrail: " << out.entry["error"].get<std::string>() << "\n";
      worst = std::max(worst, out.exit_code);
    } else {
      Status w = WriteOutput(o.out + "/" + out.entry["file"].get<std::string>(), out.json);
      if (!w.ok()) return Fail(w);
    }
    summary["cases"].push_back(std::move(out.entry));
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (tty) std::fprintf(stderr, "\n");
  std::fprintf(stderr, "traced %zu cases in %.2f s (%.0f cases/s) into %s\n", cases.size(), secs,
               secs > 0 ? static_cast<double>(cases.size()) / secs : 0.0, o.out.c_str());
  Status w = WriteOutput(o.out + "/summary.json", summary.dump(2) + "\n");
  if (!w.ok()) return Fail(w);
  return worst;
}

int Run(const TraceCmdOptions& o) {
  auto t = ParseTraceOptions(o);
  if (!t.ok()) return Fail(t.status());
  auto opened = OpenStore(o.db, true);
  if (!opened.ok()) return Fail(opened.status());
  storage::Store& store = **opened;
  if (o.all_cases) return RunBatch(o, *t, store);
  if (o.case_id.empty())
    return Fail(Status::Usage("name a case with --case ID, or trace them all with --all-cases"));
  if (Status a = AuditRead(o.db, "trace", o.case_id, "", o.purpose); !a.ok()) return Fail(a);
  auto c = store.GetCase(o.case_id);
  if (!c.ok()) return Fail(c.status());
  if (!c->has_value()) return Fail(Status::NotFound("no case '" + o.case_id + "' in " + o.db));
  ledger::CaseLedger ledger(&store);
  std::string out;
  if (o.compare) {
    auto compared = ledger.Compare(**c, *t);
    if (!compared.ok()) return Fail(compared.status());
    auto labels = ledger.Labels(compared->first);
    out = o.format == "json" ? trace::RenderCompareJson(compared->second, compared->first, labels)
                             : trace::RenderCompareTable(compared->second, compared->first, labels);
    return Fail(WriteOutput(o.out, out));
  }
  auto traced = ledger.Trace(**c, *t);
  if (!traced.ok()) return Fail(traced.status());
  // JSON lists every flow's tx id, the table every exit's: fetch them in one
  // scan when there are many.
  auto labels =
      o.chains == 0 ? ledger.Labels(traced->input, traced->result) : ledger.Labels(traced->input);
  std::string warning = trace::InferredFundsWarning(traced->result, labels);
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
    out = trace::RenderTraceJson(traced->result, traced->input, labels);
  } else {
    out = trace::RenderTraceTable(traced->result, traced->input, labels);
  }
  if (!warning.empty() && (o.format == "json" || (!o.out.empty() && o.out != "-")))
    std::cerr << warning;
  return Fail(WriteOutput(o.out, out));
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
      "  moneytrail trace --db store --all-cases --out traces/\n",
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
                "Trace every case in the store: one JSON per case + summary.json in --out");
  AddPurposeOption(cmd, &o->purpose);
}

}  // namespace moneytrail::cli
