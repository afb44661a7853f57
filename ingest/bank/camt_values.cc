#include "ingest/bank/camt_values.h"

#include "engine/core/amount.h"
#include "engine/core/currency.h"

namespace moneytrail::ingest::bank::camt_internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// "YYYY-MM-DDTHH:MM:SS..." whatever follows the seconds.
bool HasClockTime(std::string_view t) {
  return t.size() >= 19 && t[10] == 'T' && IsDigit(t[11]) && IsDigit(t[12]) && t[13] == ':' &&
         IsDigit(t[14]) && IsDigit(t[15]) && t[16] == ':' && IsDigit(t[17]) && IsDigit(t[18]);
}

}  // namespace

void AssignWithoutSpaces(std::string_view text, std::string* out) {
  out->clear();
  for (char c : text) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out->push_back(c);
  }
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// CRDT -> true, DBIT -> false.
std::optional<bool> ParseCreditDebit(std::string_view text) {
  if (text == "CRDT") return true;
  if (text == "DBIT") return false;
  return std::nullopt;
}

// Dt or DtTm of an entry: a zoned DtTm is its instant; a DtTm without zone (or
// with nanoseconds) keeps its date, since any zone would be a guess.
Result<Timestamp> ParseEntryDate(std::string_view text) {
  Result<Timestamp> t = ParseTimestamp(text);
  if (t.ok() || !HasClockTime(text)) return t;
  return ParseDate(text.substr(0, 10));
}

// The calendar date of a balance's Dt or DtTm, as written.
Result<Timestamp> ParseBalanceDate(std::string_view text) {
  if (text.size() == 10 || HasClockTime(text)) return ParseDate(text.substr(0, 10));
  return ParseDate(text);  // for its error message
}

std::string BankTransactionCode(std::string_view domain, std::string_view family,
                                std::string_view sub_family, std::string_view proprietary) {
  if (!domain.empty()) {
    // Appends rather than operator+: g++ 12 -O3 warns (-Wrestrict) on the latter.
    std::string code(domain);
    Append(code, family, "/");
    Append(code, sub_family, "/");
    return code;
  }
  return std::string(proprietary);
}

// Minor units and currency of an amount, or the reason it cannot be used.
std::optional<std::string> ParseMoney(std::string_view value, std::string_view ccy, int64_t* minor,
                                      std::string* currency) {
  if (value.empty()) return "no amount";
  if (ccy.empty()) return std::string("amount '").append(value).append("' has no Ccy");
  std::optional<Currency> c = Currency::FromCode(ccy);
  if (!c) return std::string("'").append(ccy).append("' is not an ISO 4217 currency");
  // ISO 20022 amounts carry up to five fraction digits: zeros past the
  // currency's minor unit ("8.850" EUR) are exact and dropped; any other digit
  // there is an issue, never rounded.
  std::string trimmed(value);
  if (size_t dot = trimmed.find('.'); dot != std::string::npos) {
    size_t keep = dot + 1 + static_cast<size_t>(c->minor_digits());
    while (trimmed.size() > keep && trimmed.back() == '0') trimmed.pop_back();
    if (trimmed.back() == '.') trimmed.pop_back();
  }
  Result<int64_t> units = ParseMinorUnits(trimmed, c->minor_digits());
  if (!units.ok()) {
    std::string why = units.status().message();
    if (why.find("fraction digits") != std::string::npos) {
      why.append(" (").append(ccy).append(" has ").append(std::to_string(c->minor_digits()));
      why.append("; amounts are never rounded)");
    }
    return why;
  }
  *minor = *units;
  *currency = std::string(ccy);
  return std::nullopt;
}

void Append(std::string& to, std::string_view text, std::string_view separator) {
  if (text.empty()) return;
  if (!to.empty()) to += separator;
  to += text;
}

}  // namespace moneytrail::ingest::bank::camt_internal
