// Batch tracing: every case of a store, one JSON per case and a summary.
//
// The output directory holds <case>.json for every case traced without error
// and summary.json (method, currency, until, and one entry per case in the
// store's case order). It is byte-identical whatever the number of threads
// or MPI ranks, and whether or not the batch was interrupted and resumed.
//
// Results are written as they arrive: each case file is renamed into place,
// then a line is appended to <out>/.batch-journal.jsonl. A batch that dies
// (a killed rank, a killed process) leaves the files written so far and the
// journal; `resume` finishes it without redoing what the journal lists. The
// journal is removed once summary.json is written. Neither is fsynced: this
// survives a killed process or rank, not a machine that loses power (rerun
// the batch then). The journal names the parameters, the cases and the
// store's ingest sequence; resuming with others is refused.
//
// Under mpirun (Open MPI's environment variables are present) the batch runs
// on every rank: rank 0 hands out cases one at a time from a queue (trace
// costs differ by orders of magnitude, so there is no fixed split), traces on
// a thread of its own as well, and writes what every rank sends back. Each
// rank opens the store itself (read-only; a checkpoint from `moneytrail
// snapshot` copied to each node or on a shared file system); a rank that sees
// other cases or another ingest sequence than rank 0 aborts the job.
#ifndef MONEYTRAIL_TOOLS_BATCH_BATCH_H_
#define MONEYTRAIL_TOOLS_BATCH_BATCH_H_

#include <cstddef>
#include <functional>
#include <string>

#include "engine/core/status.h"
#include "engine/storage/store.h"
#include "engine/trace/trace.h"

namespace moneytrail::batch {

struct BatchOptions {
  trace::TraceOptions trace;
  // The output directory; created when missing.
  std::string out;
  // Finish an interrupted batch in `out` instead of refusing to touch it.
  bool resume = false;
  // Tracing threads of a process that is not under MPI; 0 = one per core, at most 2.
  unsigned threads = 0;
  // Run once before any case is traced, by the process that writes the
  // output (rank 0 under MPI): the audit record of the read. An error stops
  // the batch before anything is read.
  std::function<Status()> before_start;
};

struct BatchReport {
  // False on MPI ranks other than 0: they wrote nothing and report nothing.
  bool coordinator = true;
  int ranks = 1;
  size_t cases = 0;    // in the store
  size_t resumed = 0;  // already written by an earlier run, not traced again
  double seconds = 0;  // of this run
  // The worst sysexits status of the cases that could not be traced (each one
  // is in summary.json with its error), or 0.
  int exit_code = 0;
};

// True when this process was started by mpirun (Open MPI or a PMIx launcher).
bool UnderMpi();

// Traces every case of `store` into options.out, with progress on stderr.
// Under MPI every rank must call it, with the same store contents and options.
Result<BatchReport> RunBatch(const storage::Store& store, const BatchOptions& options);

}  // namespace moneytrail::batch

#endif  // MONEYTRAIL_TOOLS_BATCH_BATCH_H_
