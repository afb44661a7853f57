// Compare: the same trace under every method, side by side, so that a
// prosecutor can state one rule and show what the others would give.
//
// A *terminal* is where traced money ends: an account holding taint at the
// end, an asset bought with it, or an exit of one kind from one account (cash
// withdrawals, hop limits). For each terminal the comparison gives the amount
// under every method (0 where a method puts nothing there), per claimant too,
// and for each method its reconciliation (seed total = held + exited).
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_ENGINE_TRACE_COMPARE_H_
#define MONEYTRAIL_ENGINE_TRACE_COMPARE_H_

#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::trace {

enum class TerminalKind { kAccount, kAssetPurchase, kCashWithdrawal, kHopLimit };
// "account", "asset_purchase", "cash_withdrawal", "hop_limit".
std::string_view TerminalKindName(TerminalKind kind);

struct CompareTerminal {
  TerminalKind kind = TerminalKind::kAccount;
  uint32_t account = kCash;      // the account; kCash for an asset
  std::string asset_id;          // kAssetPurchase only
  std::vector<int64_t> amounts;  // per method, in kAllMethods order
  // [claimant][method], claimants as in CompareResult::results[k].claimants.
  std::vector<std::vector<int64_t>> by_claimant;
};

struct CompareResult {
  std::vector<Method> methods;       // kAllMethods
  std::vector<TraceResult> results;  // parallel to `methods`
  // Sorted by kind (account, asset_purchase, cash_withdrawal, hop_limit), then
  // by account id or asset id.
  std::vector<CompareTerminal> terminals;
};

// Runs Trace() once per method with `base_options` (its method and observer
// are ignored). Fails with the first method's error, the message prefixed by
// the method name ("poison: seed T-1: ..."): a seed that rule 11 refuses under
// one method is refused for the comparison as a whole.
Result<CompareResult> RunCompare(const TraceInput& input, const TraceOptions& base_options);

// Table: one row per terminal, one column per method, then held, exited and
// the reconciliation of each method, then the rule 4 warning if any method
// needed inferred funds (they do not depend on the method). Ends with '\n'.
std::string RenderCompareTable(const CompareResult& compare, const TraceInput& input,
                               const TraceLabels& labels);

// JSON, two-space indent, trailing newline, deterministic:
// {"case_id", "currency", "until", "max_hops", "methods": [...], "seed_total",
//  "seed_total_by_claimant", "terminals": [{"kind", "account" | "asset_id",
//  "amounts": {"fifo": "…", …}, "by_claimant": {"V1": {"fifo": "…", …}}}],
//  "reconciliation": {"fifo": {"held", "exited", "conserved", "inferred_funds",
//  "by_claimant": {"V1": {"held", "exited"}}}, …}}
// A terminal's by_claimant lists the claimants nonzero under some method.
std::string RenderCompareJson(const CompareResult& compare, const TraceInput& input,
                              const TraceLabels& labels);

}  // namespace moneytrail::trace

#endif  // MONEYTRAIL_ENGINE_TRACE_COMPARE_H_
