// Countries, account ids and BICs (see identities.h).
#include <array>
#include <string>

#include "tools/demo/identities.h"

namespace moneytrail::demo {
namespace {

constexpr std::array<CountryInfo, 12> kCountries = {{
    {"ES", "EUR", "+34"},
    {"FR", "EUR", "+33"},
    {"DE", "EUR", "+49"},
    {"PT", "EUR", "+351"},
    {"GB", "GBP", "+44"},
    {"CH", "CHF", "+41"},
    {"US", "USD", "+1"},
    {"MX", "MXN", "+52"},
    {"CO", "COP", "+57"},
    {"PA", "USD", "+507"},
    {"AE", "AED", "+971"},
    {"NL", "EUR", "+31"},
}};

// Fictional bank codes and BIC heads, five per country, chosen with a leading
// 'Q'/'Z' so that they do not name real institutions.
constexpr std::array<std::string_view, 5> kBicHeads = {"QBAN", "ZURB", "QNUB", "ZLUM", "QORB"};

std::string Digits(Rng& rng, int n) {
  std::string s(static_cast<size_t>(n), '0');
  for (auto& c : s) c = static_cast<char>('0' + rng.Below(10));
  return s;
}

// ISO 7064 mod 97-10 over an IBAN's rearranged text (letters as 10..35).
int Mod97(std::string_view s) {
  int r = 0;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      r = (r * 10 + (c - '0')) % 97;
    } else {
      int v = c - 'A' + 10;
      r = (r * 100 + v) % 97;
    }
  }
  return r;
}

std::string Iban(std::string_view country, const std::string& bban) {
  std::string rearranged = bban + std::string(country) + "00";
  int check = 98 - Mod97(rearranged);
  std::string out(country);
  out += static_cast<char>('0' + check / 10);
  out += static_cast<char>('0' + check % 10);
  return out + bban;
}

// Spanish "dígitos de control": weights 1,2,4,8,5,10,9,7,3,6 over 10 digits.
char SpanishControl(std::string_view ten) {
  static constexpr int kW[] = {1, 2, 4, 8, 5, 10, 9, 7, 3, 6};
  int sum = 0;
  for (int i = 0; i < 10; ++i) sum += (ten[static_cast<size_t>(i)] - '0') * kW[i];
  int d = 11 - sum % 11;
  if (d == 11) d = 0;
  if (d == 10) d = 1;
  return static_cast<char>('0' + d);
}

// "07" for 7. (Built by appending: g++ 12 -O3 warns falsely, -Wrestrict, about
// "literal" + std::string.)
std::string TwoDigits(int64_t v) {
  std::string s(1, static_cast<char>('0' + v / 10 % 10));
  s += static_cast<char>('0' + v % 10);
  return s;
}

int64_t ToInt(std::string_view s) {
  int64_t v = 0;
  for (char c : s) v = v * 10 + (c - '0');
  return v;
}

std::string BankCode(std::string_view country, uint32_t bank) {
  // Stable per (country, bank) so that one bank's accounts share a code.
  std::string b = std::to_string(bank + 1);
  if (country == "ES") return "31" + std::string(1, '0') + b;    // 4 digits
  if (country == "FR") return "300" + std::string(1, '9') + b;   // 5 digits
  if (country == "DE") return "500" + std::string(4, '9') + b;   // 8 digits
  if (country == "PT") return "00" + std::string(1, '9') + b;    // 4 digits
  if (country == "GB") return std::string(kBicHeads[bank % 5]);  // 4 letters
  if (country == "CH") return "0099" + b;                        // 5 digits
  if (country == "AE") return "09" + b;                          // 3 digits
  if (country == "NL") return std::string(kBicHeads[bank % 5]);  // 4 letters
  return std::string(kBicHeads[bank % 5]);
}

}  // namespace

const CountryInfo* FindCountry(std::string_view code) {
  for (const auto& c : kCountries) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

std::string MakeBic(std::string_view country, uint32_t bank) {
  std::string bic(kBicHeads[bank % 5]);
  bic += country;
  bic += (country == "GB" ? "2L" : "MM");
  return bic + "XXX";
}

std::string MakeAccountId(Rng& rng, std::string_view country, uint32_t bank) {
  std::string code = BankCode(country, bank);
  if (country == "ES") {
    std::string branch = Digits(rng, 4);
    std::string account = Digits(rng, 10);
    std::string dc;
    dc += SpanishControl("00" + code + branch);
    dc += SpanishControl(account);
    return Iban(country, code + branch + dc + account);
  }
  if (country == "FR") {
    std::string branch = Digits(rng, 5);
    std::string account = Digits(rng, 11);
    // RIB key: 97 - (89 bank + 15 branch + 3 account) mod 97.
    int64_t k = 97 - (89 * ToInt(code) + 15 * ToInt(branch) + 3 * ToInt(account)) % 97;
    return Iban(country, code + branch + account + TwoDigits(k));
  }
  if (country == "PT") {
    std::string body = code + Digits(rng, 4) + Digits(rng, 11);
    int k = 98 - Mod97(body + "00");
    return Iban(country, body + TwoDigits(k));
  }
  if (country == "DE") return Iban(country, code + Digits(rng, 10));
  if (country == "GB") return Iban(country, code + "40" + Digits(rng, 4) + Digits(rng, 8));
  if (country == "CH") return Iban(country, code + Digits(rng, 12));
  if (country == "AE") return Iban(country, code + Digits(rng, 16));
  if (country == "NL") return Iban(country, code + Digits(rng, 10));
  // No IBAN (US, MX, CO, PA): a national account number behind the bank code.
  return std::string(country) + "-" + code + "-" + Digits(rng, 10);
}

std::string MakeDevice(Rng& rng) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s = "DEV-";
  for (int i = 0; i < 12; ++i) s += kHex[rng.Below(16)];
  return s;
}

}  // namespace moneytrail::demo
