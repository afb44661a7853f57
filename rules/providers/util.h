// Small helpers shared by the fact providers.
#ifndef MONEYTRAIL_RULES_PROVIDERS_UTIL_H_
#define MONEYTRAIL_RULES_PROVIDERS_UTIL_H_

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/timestamp.h"
#include "rules/facts.h"

namespace moneytrail::rules {

inline constexpr int64_t kMicrosPerHour = 3600 * Timestamp::kMicrosPerSecond;
// Evidence lists stop here; the facts themselves count everything.
inline constexpr size_t kMaxEvidenceTxs = 50;

// The transactions of account `a`, in replay order.
inline std::span<const uint32_t> TxsOf(const EvalContext& ctx, uint32_t a) {
  const AccountIndex& ix = *ctx.index;
  return std::span<const uint32_t>(ix.tx).subspan(ix.begin[a], ix.begin[a + 1] - ix.begin[a]);
}

inline void AddEvidence(Evidence* e, uint64_t tx) {
  if (e->txs.size() < kMaxEvidenceTxs) e->txs.push_back(tx);
}

// floor(part * 100 / whole) without overflow; 0 when whole is 0.
inline int64_t PercentOf(int64_t part, int64_t whole) {
  if (whole <= 0) return 0;
  __extension__ using Int128 = __int128;
  return static_cast<int64_t>(static_cast<Int128>(part) * 100 / whole);
}

}  // namespace moneytrail::rules

#endif  // MONEYTRAIL_RULES_PROVIDERS_UTIL_H_
