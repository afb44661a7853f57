// Currency: an ISO 4217 code and the number of digits of its minor unit.
//
// The table is compiled in (ISO 4217 list one, plus the historical codes that
// still appear in FX histories such as the ECB's: CYP, EEK, LTL, ...). Money is
// always counted in minor units, so getting the digits right is what keeps
// "1000" yen from becoming ten yen.
//
// Thread safety: immutable, safe everywhere.
#ifndef MONEYTRAIL_ENGINE_CORE_CURRENCY_H_
#define MONEYTRAIL_ENGINE_CORE_CURRENCY_H_

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace moneytrail {

class Currency {
 public:
  // EUR: the default base currency of a store.
  Currency() : Currency("EUR", 2) {}

  // Looks up a three-letter code (upper case). std::nullopt if it is not in the table.
  static std::optional<Currency> FromCode(std::string_view code);

  std::string_view code() const { return std::string_view(code_.data(), 3); }
  // Digits of the minor unit: JPY 0, EUR 2, KWD 3, CLF 4.
  int minor_digits() const { return minor_digits_; }

  friend bool operator==(const Currency& a, const Currency& b) { return a.code_ == b.code_; }

 private:
  Currency(std::string_view code, int digits);
  std::array<char, 3> code_{};
  int minor_digits_ = 2;
};

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_CURRENCY_H_
