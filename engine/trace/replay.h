// Internal to engine/trace: the time-ordered walk. Trace() (trace.cc) checks
// the input and prepares it; Replay() walks it and applies the method.
#ifndef MONEYTRAIL_ENGINE_TRACE_REPLAY_H_
#define MONEYTRAIL_ENGINE_TRACE_REPLAY_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/trace/trace.h"

namespace moneytrail::trace::internal {

// A seed or an asset purchase at a transaction; at most one per transaction.
struct Special {
  size_t tx = 0;
  bool is_seed = false;
  size_t index = 0;  // into TraceInput::seeds or TraceInput::asset_purchases
};

// What Trace() found while checking the input.
struct Prepared {
  std::vector<std::string> claimants;   // sorted, unique
  std::vector<uint32_t> seed_claimant;  // per TraceInput::seeds entry
  std::vector<Special> specials;        // sorted by tx
};

// Replays checked input. Fails only on rule 11 and on int64 overflow.
Result<TraceResult> Replay(const TraceInput& input, const TraceOptions& options,
                           const Prepared& prepared);

// Poison for at most one claimant and without an observer (poison_replay.cc):
// the same result as Replay(), field for field, from a state of one small
// entry per account. Replay() calls it when it applies.
Result<TraceResult> ReplayPoisonOneClaimant(const TraceInput& input, const TraceOptions& options,
                                            const Prepared& prepared);

// Rule 11: `seed` is paid by `sender`, which holds taint of the case (under
// poison: is poisoned) at that moment.
Status SeedFromTaintedSender(const TraceInput& input, const SeedSpec& seed, uint32_t sender,
                             bool poison);

// What every replay does last, once `result` has its accounts, exits and
// per-claimant held amounts: names the method, limits and claimants it ran
// with, sorts the accounts by id, totals the exits (overall and per
// claimant) and says whether each claimant's taint is conserved. Sets
// *overflow when a total overflows int64.
void CompleteResult(const TraceInput& input, const TraceOptions& options, const Prepared& prepared,
                    TraceResult* result, bool* overflow);

}  // namespace moneytrail::trace::internal

#endif  // MONEYTRAIL_ENGINE_TRACE_REPLAY_H_
