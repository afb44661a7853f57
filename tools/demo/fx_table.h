// FxTable: the demo's exchange rates, one per currency per day, and the
// conversions the generator needs to keep its balances in the base currency.
//
// Rates are units of the currency per 1 EUR (FORMATS.md "fx rates"), a bounded
// random walk in integers with the quantum a central bank would publish (4
// decimals, 2 for COP). Conversions to the base go through the engine's own
// ConvertToBase on exactly the rate that fx.csv carries, so the generator's idea
// of a balance matches the store's to the cent.
//
// Thread safety: immutable after construction.
#ifndef MONEYTRAIL_TOOLS_DEMO_FX_TABLE_H_
#define MONEYTRAIL_TOOLS_DEMO_FX_TABLE_H_

#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/core/amount.h"
#include "engine/core/status.h"
#include "tools/demo/out_file.h"

namespace moneytrail::demo {

// The currencies of the demo; kEur is the base.
enum Cur : uint8_t { kEur = 0, kUsd, kGbp, kChf, kMxn, kCop, kAed, kCurCount };
std::string_view CurCode(Cur c);
// kEur for codes the demo does not know.
Cur CurFromCode(std::string_view code);

class FxTable {
 public:
  // Daily rates from `first_day` for `days` days (days since the Unix epoch).
  FxTable(uint64_t seed, int64_t first_day, int64_t days);

  int64_t first_day() const { return first_day_; }
  int64_t last_day() const { return first_day_ + days_ - 1; }

  // The rate of `c` (not kEur) on `day`; days outside the table clamp to its ends.
  Rate RateOn(Cur c, int64_t day) const;

  // `base_minor` EUR cents in `c`'s minor units, rounded half up.
  int64_t FromBase(int64_t base_minor, Cur c, int64_t day) const;
  // `minor` of `c` in EUR cents, exactly as the store converts it.
  int64_t ToBase(int64_t minor, Cur c, int64_t day) const;

  // Writes "date,currency,rate" rows for every day and non-base currency.
  void Write(OutFile& out) const;

 private:
  int64_t first_day_;
  int64_t days_;
  std::array<std::vector<int64_t>, kCurCount> scaled_;  // Rate::scaled per day
};

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_FX_TABLE_H_
