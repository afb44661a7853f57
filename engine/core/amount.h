// Amount: money as an integer count of minor units in one currency.
//
// There is no floating point anywhere on the money path: amounts are parsed
// from decimal text straight into minor units, added and subtracted with
// overflow checks, and printed back with exactly the currency's minor digits.
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_ENGINE_CORE_AMOUNT_H_
#define MONEYTRAIL_ENGINE_CORE_AMOUNT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/currency.h"
#include "engine/core/status.h"

namespace moneytrail {

struct Amount {
  int64_t minor_units = 0;
  Currency currency;

  std::string ToString() const;  // "1234.56 EUR"
  friend bool operator==(const Amount&, const Amount&) = default;
};

// Sum or difference, std::nullopt on int64 overflow.
std::optional<int64_t> CheckedAdd(int64_t a, int64_t b);
std::optional<int64_t> CheckedSub(int64_t a, int64_t b);
std::optional<int64_t> CheckedMul(int64_t a, int64_t b);

// Parses a plain decimal ("1234.56", "7", "0.5") with '.' as separator and at
// most `minor_digits` fraction digits into minor units. Rejected, each with a
// reason a user can act on: empty text, a sign when `allow_negative` is false,
// ',' as separator, exponents, letters, too many fraction digits, and values
// that do not fit in int64 minor units. Zero is accepted; callers that need a
// strictly positive amount check that themselves.
Result<int64_t> ParseMinorUnits(std::string_view text, int minor_digits,
                                bool allow_negative = false);

// Formats minor units with exactly `minor_digits` fraction digits:
// (123456, 2) -> "1234.56", (-5, 2) -> "-0.05", (1000, 0) -> "1000".
std::string FormatMinorUnits(int64_t minor_units, int minor_digits);
// The same, written at `p` without a string of its own, for renderings of
// millions of amounts: returns the end of what it wrote, at most
// kMaxMinorUnitsChars bytes. `minor_digits` must be within [0, 30].
inline constexpr size_t kMaxMinorUnitsChars = 64;
char* PutMinorUnits(char* p, int64_t minor_units, int minor_digits);

// A non-negative exact decimal ratio: value = scaled / 10^kRateScale. Used for
// FX rates, which are not money but must not bring floating point near it.
struct Rate {
  static constexpr int kRateScale = 9;
  int64_t scaled = 0;
  friend bool operator==(const Rate&, const Rate&) = default;
};

// Parses "1.0813" into a Rate; more than kRateScale fraction digits, zero,
// negatives and non-decimals are rejected.
Result<Rate> ParseRate(std::string_view text);
std::string FormatRate(Rate rate);

// Converts `minor_units` of a currency with `from_digits` into the base
// currency (`to_digits`), where `rate` is units of the currency per one unit of
// the base: base = amount / rate. Rounds half away from zero. Fails on overflow.
Result<int64_t> ConvertToBase(int64_t minor_units, int from_digits, Rate rate, int to_digits);

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_AMOUNT_H_
