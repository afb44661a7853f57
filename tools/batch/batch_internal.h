// Shared by the in-process and the MPI batch runners; not a public header.
#ifndef MONEYTRAIL_TOOLS_BATCH_BATCH_INTERNAL_H_
#define MONEYTRAIL_TOOLS_BATCH_BATCH_INTERNAL_H_

#include <chrono>
#include <string>
#include <vector>

#include "engine/core/records.h"
#include "engine/ledger/case_ledger.h"
#include "tools/batch/batch.h"
#include "tools/batch/batch_output.h"

namespace moneytrail::batch::internal {

// What every rank knows of the batch before the first case.
struct Job {
  const storage::Store* store = nullptr;
  BatchOptions options;
  std::vector<Case> cases;  // the store's case order
  std::vector<std::string> case_ids;
  std::vector<std::string> files;  // each case's file name (CaseFileNames)
  std::string parameters;          // compact JSON, the journal's check on --resume
  std::string summary_head;        // summary.json without "cases"
};

// A file name per case: the id made safe for a file system, unique.
std::vector<std::string> CaseFileNames(const std::vector<std::string>& case_ids);

// The ledger of each thread or rank. A batch writes JSON only, which names
// just the accounts a result shows: the rest of each input stays unnamed.
inline ledger::CaseLedgerOptions BatchLedgerOptions() {
  ledger::CaseLedgerOptions o;
  o.name_every_account = false;
  return o;
}

// Traces job.cases[index] with `ledger` (one per thread or rank).
CaseResult TraceCase(ledger::CaseLedger& ledger, const Job& job, size_t index);

// Opens the output directory (and runs before_start) on the writing process.
Result<std::unique_ptr<BatchOutput>> OpenOutput(const Job& job);

// "traced n / N cases (r cases/s)" on stderr: in place on a terminal,
// otherwise a line every tenth of the batch (an mpirun's log).
class Progress {
 public:
  Progress(size_t already, size_t total);
  void Done(size_t n = 1);
  double seconds() const;

 private:
  size_t done_, total_, already_;
  size_t next_line_;
  bool tty_;
  std::chrono::steady_clock::time_point start_, last_;
};

#ifdef MONEYTRAIL_HAVE_MPI
Result<BatchReport> RunMpi(const Job& job);
#endif

}  // namespace moneytrail::batch::internal

#endif  // MONEYTRAIL_TOOLS_BATCH_BATCH_INTERNAL_H_
