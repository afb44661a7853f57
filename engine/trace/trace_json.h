// The JSON rendering of a trace: exactly the "Output" section of TRACING.md.
//
// Field order is the spec's: case_id, method, currency, until, seed_total,
// seed_total_by_claimant, accounts, flows, exits, summary. Every object that
// carries amounts ends with `by_claimant`, keyed by claimant id in id order:
//  - on accounts, the claimants the account ever received (tainted_received,
//    tainted_sent, tainted_balance; inferred_funds is clean and not split);
//  - on flows and exits, the claimants with a nonzero tainted_amount;
//  - on summary (held, exited) and in seed_total_by_claimant, every claimant.
// Exits carry `asset_id` only when kind is asset_purchase. An unknown holder
// or country (empty string) is JSON null. Amounts are decimal strings with the
// labels' minor digits; timestamps are RFC 3339 UTC ("2024-03-02T10:00:00Z").
//
// The output is a pure function of its arguments: pretty-printed with a
// two-space indent and a trailing newline, byte-identical on every run.
// Strings that are not valid UTF-8 have the bad bytes replaced by U+FFFD.
//
// Thread safety: pure function (given thread-safe labels).
#ifndef MONEYTRAIL_ENGINE_TRACE_TRACE_JSON_H_
#define MONEYTRAIL_ENGINE_TRACE_TRACE_JSON_H_

#include <functional>
#include <string>
#include <string_view>

#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::trace {

// `result` must come from Trace(`input`, ...).
std::string RenderTraceJson(const TraceResult& result, const TraceInput& input,
                            const TraceLabels& labels);

// The same bytes, handed to `write` in pieces of one to a few megabytes as
// they are rendered: a poison trace of a hub is gigabytes, which a string
// would hold (and the kernel fault in) once more than needed. Arrays of tens
// of thousands of objects are rendered by a thread per core (at most four),
// so the labels' callbacks must be thread-safe; `write` is called one
// piece at a time, in order, from the calling thread or a helper (each call
// happens before the next).
void RenderTraceJson(const TraceResult& result, const TraceInput& input, const TraceLabels& labels,
                     const std::function<void(std::string_view)>& write);

namespace internal {
// The same with the parallelism fixed, for tests: arrays of at least
// `parallel_from` objects are rendered by `threads` threads.
void RenderTraceJson(const TraceResult& result, const TraceInput& input, const TraceLabels& labels,
                     const std::function<void(std::string_view)>& write, unsigned threads,
                     size_t parallel_from);
}  // namespace internal

}  // namespace moneytrail::trace

#endif  // MONEYTRAIL_ENGINE_TRACE_TRACE_JSON_H_
