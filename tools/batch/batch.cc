#include "tools/batch/batch.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "engine/core/timestamp.h"
#include "engine/trace/labels.h"
#include "engine/trace/trace_json.h"
#include "tools/batch/batch_internal.h"

namespace moneytrail::batch {
namespace internal {
namespace {

using Json = nlohmann::ordered_json;

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

}  // namespace

std::vector<std::string> CaseFileNames(const std::vector<std::string>& case_ids) {
  // Distinct ids can map to one name ("A/B", "A B", "A_B"); later ones get
  // their position in the case order, so names never depend on who traced
  // what first. "summary" is the batch's own.
  std::vector<std::string> names;
  std::set<std::string> taken = {"summary"};
  for (size_t i = 0; i < case_ids.size(); ++i) {
    std::string name = FileNameFor(case_ids[i]);
    if (!taken.insert(name).second) {
      name += "~" + std::to_string(i + 1);
      while (!taken.insert(name).second) name += "_";
    }
    names.push_back(name + ".json");
  }
  return names;
}

CaseResult TraceCase(ledger::CaseLedger& ledger, const Job& job, size_t index) {
  const Case& c = job.cases[index];
  CaseResult r;
  r.index = index;
  Json entry;
  entry["case_id"] = c.case_id;
  Result<ledger::CaseTrace> traced = Status::Internal("not traced");
  try {
    traced = ledger.Trace(c, job.options.trace);
  } catch (const std::exception& e) {
    // One case that cannot be traced (out of memory on a huge poison trace)
    // is that case's error, not the end of the batch.
    traced = Status::Internal(std::string("tracing failed: ") + e.what());
  }
  if (!traced.ok()) {
    entry["error"] = traced.status().message();
    r.exit_code = traced.status().ExitCode();
  } else {
    // JSON lists every flow's tx id: fetched in one scan when there are many.
    auto labels = ledger.Labels(traced->input, traced->result);
    r.json = trace::RenderTraceJson(traced->result, traced->input, labels);
    r.file = job.files[index];
    entry["file"] = r.file;
    entry["seed_total"] = trace::Money(labels, traced->result.seed_total);
    entry["held"] = trace::Money(labels, traced->result.held);
    entry["exited"] = trace::Money(labels, traced->result.exited);
    entry["conserved"] = traced->result.conserved;
    entry["accounts"] = traced->result.accounts.size();
    entry["flows"] = traced->result.flows.size();
    entry["exits"] = traced->result.exits.size();
  }
  r.entry = entry.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

Result<std::unique_ptr<BatchOutput>> OpenOutput(const Job& job) {
  if (job.options.before_start) RETURN_IF_ERROR(job.options.before_start());
  return BatchOutput::Open(job.options.out, job.case_ids, job.parameters, job.options.resume);
}

Progress::Progress(size_t already, size_t total)
    : done_(already),
      total_(total),
      already_(already),
      next_line_(already + std::max<size_t>(1, total / 10)),
      tty_(::isatty(STDERR_FILENO) != 0),
      start_(std::chrono::steady_clock::now()),
      last_(start_) {}

double Progress::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::Done(size_t n) {
  done_ += n;
  const auto now = std::chrono::steady_clock::now();
  const bool finished = done_ == total_;
  if (tty_) {
    if (!finished && now - last_ < std::chrono::milliseconds(200)) return;
  } else {
    if (!finished && done_ < next_line_) return;
    next_line_ = done_ + std::max<size_t>(1, total_ / 10);
  }
  last_ = now;
  const double secs = seconds();
  std::fprintf(stderr, "%straced %zu / %zu cases (%.0f cases/s)%s", tty_ ? "\r" : "", done_, total_,
               secs > 0 ? static_cast<double>(done_ - already_) / secs : 0.0,
               tty_ ? (finished ? "   \n" : "   ") : "\n");
}

}  // namespace internal

bool UnderMpi() {
  for (const char* v : {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(v) != nullptr) return true;
  }
  return false;
}

namespace {

// Every case on `threads` threads of this process, each with its own
// CaseLedger (and history cache) over the shared read-only store.
Result<BatchReport> RunLocal(const internal::Job& job) {
  ASSIGN_OR_RETURN(std::unique_ptr<BatchOutput> out, internal::OpenOutput(job));
  BatchReport report;
  report.cases = job.cases.size();
  report.resumed = out->resumed();
  const std::vector<size_t>& pending = out->pending();
  internal::Progress progress(report.resumed, report.cases);
  unsigned threads = job.options.threads;
  if (threads == 0) threads = std::max(1u, std::min(2u, std::thread::hardware_concurrency()));
  std::atomic<size_t> next{0};
  std::mutex mu;  // guards out, progress, failure
  Status failure;
  auto work = [&] {
    ledger::CaseLedger ledger(job.store, internal::BatchLedgerOptions());
    for (size_t k = next++; k < pending.size(); k = next++) {
      CaseResult r = internal::TraceCase(ledger, job, pending[k]);
      std::lock_guard<std::mutex> lock(mu);
      if (!failure.ok()) return;
      failure = out->Record(r);
      progress.Done();
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < threads; ++w) pool.emplace_back(work);
  work();
  for (auto& th : pool) th.join();
  RETURN_IF_ERROR(failure);
  ASSIGN_OR_RETURN(report.exit_code, out->Finish(job.summary_head));
  report.seconds = progress.seconds();
  return report;
}

}  // namespace

Result<BatchReport> RunBatch(const storage::Store& store, const BatchOptions& options) {
  if (options.out.empty() || options.out == "-") {
    return Status::Usage("a batch needs an output directory (--out DIR)");
  }
  internal::Job job;
  job.store = &store;
  job.options = options;
  RETURN_IF_ERROR(store.ForEachCase([&](const Case& c) {
    job.cases.push_back(c);
    job.case_ids.push_back(c.case_id);
    return true;
  }));
  job.files = internal::CaseFileNames(job.case_ids);
  const trace::TraceOptions& t = options.trace;
  nlohmann::ordered_json head;
  head["method"] = std::string(trace::MethodName(t.method));
  head["currency"] = std::string(store.base_currency().code());
  head["until"] = t.until ? nlohmann::ordered_json(FormatTimestamp(*t.until)) : nullptr;
  job.summary_head = head.dump();
  nlohmann::ordered_json parameters = head;
  parameters["max_hops"] = t.max_hops ? nlohmann::ordered_json(*t.max_hops) : nullptr;
  // Resuming against a store that has loaded more since is refused: the
  // ingest sequence only grows.
  parameters["store_next_seq"] = store.next_seq();
  job.parameters = parameters.dump();
  if (UnderMpi()) {
#ifdef MONEYTRAIL_HAVE_MPI
    return internal::RunMpi(job);
#else
    return Status::Usage("this moneytrail was built without MPI (cmake -DMONEYTRAIL_MPI=ON)");
#endif
  }
  return RunLocal(job);
}

}  // namespace moneytrail::batch
