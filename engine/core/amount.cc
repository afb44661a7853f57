#include "engine/core/amount.h"

#include <cstdlib>
#include <cstring>

namespace moneytrail {
namespace {

__extension__ using Int128 = __int128;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

int64_t Pow10(int n) {
  int64_t p = 1;
  while (n-- > 0) p *= 10;
  return p;
}

// Shared by amounts and rates: digits, optional '.', up to max_fraction digits.
Result<int64_t> ParseScaledDecimal(std::string_view text, int scale, bool allow_negative,
                                   const char* what) {
  std::string_view original = text;
  auto fail = [&](const std::string& why) -> Status {
    return Status::DataError("'" + std::string(original) + "' " + why);
  };
  if (text.empty()) return Status::DataError(std::string("empty ") + what);
  bool negative = false;
  if (text.front() == '-' || text.front() == '+') {
    if (text.front() == '-' && !allow_negative)
      return fail("is negative; a positive " + std::string(what) + " is required");
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  Int128 value = 0;
  int fraction_digits = -1;  // -1: no '.' seen yet
  int integer_digits = 0;
  for (char c : text) {
    if (c == '.') {
      if (fraction_digits >= 0) return fail("has two decimal points");
      fraction_digits = 0;
      continue;
    }
    if (c == ',')
      return fail("uses ',' as a separator; write the decimal with '.' and no grouping");
    if (c == 'e' || c == 'E') return fail("has an exponent; write the plain decimal");
    if (!IsDigit(c)) return fail("is not a decimal number");
    if (fraction_digits >= 0) {
      if (++fraction_digits > scale) {
        return fail("has more than " + std::to_string(scale) + " fraction digits");
      }
    } else {
      ++integer_digits;
    }
    value = value * 10 + (c - '0');
    if (value > static_cast<Int128>(INT64_MAX) * 10) return fail("is too large");
  }
  if (integer_digits == 0 && fraction_digits <= 0) return fail("is not a decimal number");
  int missing = scale - (fraction_digits < 0 ? 0 : fraction_digits);
  for (int i = 0; i < missing; ++i) value *= 10;
  if (value > INT64_MAX) return fail("is too large");
  return static_cast<int64_t>(negative ? -value : value);
}

}  // namespace

std::optional<int64_t> CheckedAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return std::nullopt;
  return r;
}
std::optional<int64_t> CheckedSub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return std::nullopt;
  return r;
}
std::optional<int64_t> CheckedMul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return std::nullopt;
  return r;
}

std::string Amount::ToString() const {
  return FormatMinorUnits(minor_units, currency.minor_digits()) + " " +
         std::string(currency.code());
}

Result<int64_t> ParseMinorUnits(std::string_view text, int minor_digits, bool allow_negative) {
  return ParseScaledDecimal(text, minor_digits, allow_negative, "amount");
}

std::string FormatMinorUnits(int64_t minor_units, int minor_digits) {
  char buf[kMaxMinorUnitsChars];
  return std::string(buf, PutMinorUnits(buf, minor_units, minor_digits));
}

char* PutMinorUnits(char* p, int64_t minor_units, int minor_digits) {
  // Work in unsigned so that INT64_MIN formats too. Digits are written from
  // the right: 20 digits, the point, the sign and up to 30 leading zeros fit.
  bool negative = minor_units < 0;
  uint64_t v =
      negative ? 0 - static_cast<uint64_t>(minor_units) : static_cast<uint64_t>(minor_units);
  char buf[kMaxMinorUnitsChars];
  char* end = buf + sizeof buf;
  char* q = end;
  int written = 0;
  do {
    if (minor_digits > 0 && written == minor_digits) *--q = '.';
    *--q = static_cast<char>('0' + v % 10);
    v /= 10;
    ++written;
  } while (v != 0 || written <= minor_digits);
  if (negative) *--q = '-';
  const auto n = static_cast<size_t>(end - q);
  std::memcpy(p, q, n);
  return p + n;
}

Result<Rate> ParseRate(std::string_view text) {
  ASSIGN_OR_RETURN(int64_t scaled, ParseScaledDecimal(text, Rate::kRateScale, false, "rate"));
  if (scaled == 0) return Status::DataError("rate '" + std::string(text) + "' is zero");
  return Rate{scaled};
}

std::string FormatRate(Rate rate) {
  std::string s = FormatMinorUnits(rate.scaled, Rate::kRateScale);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

Result<int64_t> ConvertToBase(int64_t minor_units, int from_digits, Rate rate, int to_digits) {
  if (rate.scaled <= 0) return Status::DataError("FX rate is not positive");
  // base_minor = minor * 10^to * 10^scale / (rate.scaled * 10^from)
  Int128 num = static_cast<Int128>(minor_units) * Pow10(to_digits) * Pow10(Rate::kRateScale);
  Int128 den = static_cast<Int128>(rate.scaled) * Pow10(from_digits);
  bool negative = num < 0;
  if (negative) num = -num;
  Int128 q = num / den;
  Int128 r = num % den;
  if (r * 2 >= den) ++q;  // half away from zero
  if (q > INT64_MAX) return Status::DataError("converted amount overflows");
  return static_cast<int64_t>(negative ? -q : q);
}

}  // namespace moneytrail
