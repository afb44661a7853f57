// TxFilter: which transactions a query looks at, by time and size.
//
// Shared by the walks over the account index (neighbors, paths). Bounds are
// inclusive; an absent bound does not restrict. Amounts are minor units of the
// store's base currency, compared with a transaction's converted amount.
//
// Thread safety: plain value.
#ifndef MONEYTRAIL_ENGINE_QUERY_FILTER_H_
#define MONEYTRAIL_ENGINE_QUERY_FILTER_H_

#include <cstdint>
#include <optional>

#include "engine/core/timestamp.h"

namespace moneytrail::query {

struct TxFilter {
  std::optional<Timestamp> since;  // transactions at or after this instant
  std::optional<Timestamp> until;  // transactions at or before this instant
  int64_t min_minor = 0;           // transactions of at least this base amount

  bool InWindow(Timestamp t) const { return (!since || t >= *since) && (!until || t <= *until); }
  bool Accepts(Timestamp t, int64_t base_minor) const {
    return InWindow(t) && base_minor >= min_minor;
  }
};

}  // namespace moneytrail::query

#endif  // MONEYTRAIL_ENGINE_QUERY_FILTER_H_
