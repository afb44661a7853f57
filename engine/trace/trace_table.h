// The human rendering of a trace, for a terminal or a plain-text annex:
//
//   Case K-1, method libr, currency EUR, until end of data, max hops none
//   Seed total: 500.00 (V1 500.00)
//
//   Where the money is now
//     ACCOUNT  HOP  HOLDER  COUNTRY  TAINTED BALANCE  BY CLAIMANT
//     ...
//
//   Exits
//     TX  TIMESTAMP  KIND  ACCOUNT  ASSET  TAINTED
//     ...
//
//   Reconciliation (seed total = held + exited)
//     V1: 500.00 = 300.00 + 200.00  ok
//   warning: ...                                  (only when rule 4 applied)
//
// Accounts appear when they hold taint now (tainted_balance > 0), sorted by
// id; exits in replay order. The BY CLAIMANT column appears with more than one
// claimant. Under poison the reconciliation lines say that conservation does
// not apply. Deterministic; ends with a newline.
//
// Thread safety: pure function.
#ifndef MONEYTRAIL_ENGINE_TRACE_TRACE_TABLE_H_
#define MONEYTRAIL_ENGINE_TRACE_TRACE_TABLE_H_

#include <string>

#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::trace {

// `result` must come from Trace(`input`, ...).
std::string RenderTraceTable(const TraceResult& result, const TraceInput& input,
                             const TraceLabels& labels);

// The rule 4 warning line ("warning: inferred funds of ... were added to N
// accounts ...\n"), or "" when no inferred funds were needed.
std::string InferredFundsWarning(const TraceResult& result, const TraceLabels& labels);

}  // namespace moneytrail::trace

#endif  // MONEYTRAIL_ENGINE_TRACE_TRACE_TABLE_H_
