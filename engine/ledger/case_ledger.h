// CaseLedger: builds what the tracing engine replays for one case, from the
// store, reading only the part of the ledger the case's taint can reach.
//
// Every account's balance follows from its own credits and debits alone;
// taint only colours them. So a trace needs the complete history of every
// account that ever holds taint, and nothing of the others. CaseLedger starts
// from the seeds' receivers, replays their histories, adds every account the
// replay found tainted, and repeats until no new account turns up: the final
// replay then equals a replay of the whole store, by induction over time
// (each credit into a history-complete account comes either from another such
// account or from one that never held taint, hence is clean in both).
// Histories come from the per-account indexes (one prefix scan each) and are
// cached, so batches of cases share the reads.
//
// Thread safety: not thread-safe; one CaseLedger per thread.
#ifndef MONEYTRAIL_ENGINE_LEDGER_CASE_LEDGER_H_
#define MONEYTRAIL_ENGINE_LEDGER_CASE_LEDGER_H_

#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/storage/store.h"
#include "engine/trace/compare.h"
#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::ledger {

// A case's replay input and the trace over it. LedgerTx::ref is the
// transaction's ingest sequence.
struct CaseTrace {
  trace::TraceInput input;
  trace::TraceResult result;
};

struct CaseLedgerOptions {
  // Past this many transactions in the reach (counted where read; before
  // that, estimated from the store's average history length and then from
  // each account's share of the index files, which tells a hub), one replay
  // of the whole ledger replaces growing the reach step by step (each step is
  // a replay). Both give the same result; this only trades reads for
  // replays. A reach that grew fourfold or more in each of the last two
  // rounds is projected one round ahead by its last growth, and switches when
  // the projection passes the limit. Default 1,000,000.
  size_t max_reach_transactions = 1'000'000;
  // Whether Trace() names every account of its input (TraceInput::accounts'
  // ids). Most of a case's input is the counterparties of the accounts it
  // reaches, and naming them all reads about every id of the store (a tenth
  // of a second a process on the 10 M demo store) for a result that shows
  // none of them. With false, Trace() names the accounts its result shows
  // (those that held taint, the ends of flows and exits) and the seeds' ends,
  // and leaves the other ids empty: enough for RenderTraceJson(), not for
  // renderings that name every account. Compare() always names every one.
  bool name_every_account = true;
};

class CaseLedger {
 public:
  // `store` must outlive this object.
  explicit CaseLedger(const storage::Store* store, CaseLedgerOptions options = {});
  ~CaseLedger();

  // Traces `c` under `options`. DataError when a seed is not in the store, a
  // seed amount exceeds its transaction, or the engine refuses a seed (rule 11).
  Result<CaseTrace> Trace(const Case& c, const trace::TraceOptions& options);

  // Every method over one input valid for all of them (the poison closure).
  Result<std::pair<trace::TraceInput, trace::CompareResult>> Compare(
      const Case& c, const trace::TraceOptions& options);

  // Labels for rendering: tx ids and account holders from the store. The
  // labels keep a pointer to `input`, which must outlive them, and to this
  // object. Their callbacks are thread-safe among themselves; do not call
  // this object's other methods while a rendering runs.
  trace::TraceLabels Labels(const trace::TraceInput& input);
  // The same, with the tx ids that a rendering of `result` names fetched up
  // front: past many thousands of them, one scan of the ledger beats a point
  // read each. JSON names every flow and exit; a table only the exits. After
  // a trace that replayed the whole ledger, every id is at hand already: that
  // scan keeps them (about 18 bytes per transaction until the next one).
  enum class Prefetch { kFlowsAndExits, kExits };
  trace::TraceLabels Labels(const trace::TraceInput& input, const trace::TraceResult& result,
                            Prefetch what = Prefetch::kFlowsAndExits);

  // How many account histories were read so far (for progress and benchmarks).
  size_t histories_loaded() const;

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace moneytrail::ledger

#endif  // MONEYTRAIL_ENGINE_LEDGER_CASE_LEDGER_H_
