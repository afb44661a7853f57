#include "ingest/bank/swift_mt940_fields.h"

#include <cstdlib>

#include "engine/core/currency.h"
#include "ingest/bank/swift_text.h"

namespace moneytrail::ingest::bank::swift {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

std::string Quote(std::string_view s) {
  std::string out(1, '\'');  // not "'" + ...: GCC 12 warns falsely (-Wrestrict, PR 105329)
  out += Excerpt(s);
  out += '\'';
  return out;
}

// The entry date MMDD in the year (value year -1, 0 or +1) nearest the
// value date; false when no such date lies within 200 days of it.
bool EntryDate(const CivilDate& value, std::string_view mmdd, Timestamp* out) {
  unsigned m = static_cast<unsigned>((mmdd[0] - '0') * 10 + (mmdd[1] - '0'));
  unsigned d = static_cast<unsigned>((mmdd[2] - '0') * 10 + (mmdd[3] - '0'));
  int64_t value_day = DaysFromCivil(value.year, value.month, value.day);
  int64_t best = -1;
  for (int64_t y = value.year - 1; y <= value.year + 1; ++y) {
    if (!IsValidCivilDate(y, m, d)) continue;
    int64_t day = DaysFromCivil(y, m, d);
    if (best < 0 || std::llabs(day - value_day) < std::llabs(best - value_day)) best = day;
  }
  if (best < 0 || std::llabs(best - value_day) > 200) return false;
  *out = Timestamp{best * Timestamp::kMicrosPerDay};
  return true;
}

}  // namespace

bool ReadEntryLine(std::string_view first, std::string_view rest, EntryLine* out,
                   std::vector<std::string>* problems, std::string* fatal) {
  std::string_view s = CleanLine(first);
  StatementEntry& e = out->entry;
  std::optional<CivilDate> value = ParseYymmdd(s.substr(0, 6));
  if (!value) {
    *fatal = "value date " + Quote(s.substr(0, 6)) + " is not a calendar date (YYMMDD)";
    return false;
  }
  e.value_date = ToTimestamp(*value);
  size_t p = 6;
  if (s.size() >= p + 4 && IsDigits(s.substr(p, 4))) {
    Timestamp booking;
    if (EntryDate(*value, s.substr(p, 4), &booking)) {
      e.booking_date = booking;
    } else {
      problems->push_back("entry date " + Quote(s.substr(p, 4)) +
                          " (MMDD) is no date near the value date; left out");
    }
    p += 4;
  }
  if (p + 1 < s.size() && s[p] == 'R' && (s[p + 1] == 'C' || s[p + 1] == 'D')) {
    e.reversal = true;
    e.credit = s[p + 1] == 'D';  // RD reverses a debit: money comes back
    p += 2;
  } else if (p < s.size() && (s[p] == 'C' || s[p] == 'D')) {
    e.credit = s[p] == 'C';
    p += 1;
  } else {
    *fatal = "debit/credit mark " + Quote(Sub(s, p, 2)) + " is not C, D, RC or RD";
    return false;
  }
  if (p < s.size() && IsUpper(s[p])) ++p;  // funds code
  if (p == s.size()) {
    // Some Sparkassen break the line before the amount.
    while (!rest.empty() && s.size() == p) {
      s = PopLine(&rest);
      p = 0;
    }
  }
  size_t q = p;
  while (q < s.size() && (IsDigit(s[q]) || s[q] == ',' || s[q] == '.')) ++q;
  out->amount_text = s.substr(p, q - p);
  if (out->amount_text.empty()) {
    *fatal = "amount missing at " + Quote(Sub(s, p));
    return false;
  }
  std::string_view tail = s.substr(q);
  if (tail.size() >= 4 && IsUpper(tail[0])) {
    std::string_view type = tail.substr(0, 4);
    bool ok = true;
    for (char c : type.substr(1)) ok = ok && (IsUpper(c) || IsDigit(c) || c == ' ');
    if (ok) {
      e.type_code.assign(TrimSpaces(type));
      if (type[0] != 'N' && type[0] != 'F' && type[0] != 'S') {
        problems->push_back("transaction type " + Quote(type) + " does not start with N, F or S");
      }
      tail.remove_prefix(4);
    } else {
      problems->push_back("transaction type " + Quote(type) + " is not N, F or S and 3 characters");
    }
  } else {
    problems->push_back("transaction type (N, F or S and 3 characters) missing");
  }
  size_t slash = tail.find("//");
  std::string_view customer = tail.substr(0, slash);
  if (slash == std::string_view::npos && customer.size() > 16 && customer[15] == ' ') {
    // Fixed-width layout (Rabobank): 16 characters, then the details.
    out->supplementary.assign(TrimSpaces(customer.substr(16)));
    customer = customer.substr(0, 16);
  }
  e.customer_reference.assign(TrimSpaces(customer));
  if (e.customer_reference.empty()) {
    problems->push_back("customer reference (mandatory, up to 16 characters) missing");
  }
  if (slash != std::string_view::npos) e.bank_reference.assign(TrimSpaces(tail.substr(slash + 2)));
  while (!rest.empty()) {
    std::string_view line = TrimSpaces(PopLine(&rest));
    if (line.empty()) continue;
    if (!out->supplementary.empty()) out->supplementary.push_back('\n');
    out->supplementary.append(line);
  }
  return true;
}

bool ReadBalance(std::string_view first, std::string_view rest, Balance* out,
                 std::vector<std::string>* problems, std::string* fatal) {
  std::string_view s = TrimSpaces(first);
  if (s.empty() || (s[0] != 'C' && s[0] != 'D')) {
    *fatal = "debit/credit mark " + Quote(s.substr(0, 1)) + " is not C or D";
    return false;
  }
  std::optional<CivilDate> date = ParseYymmdd(s.substr(1, 6));
  if (!date) {
    *fatal = "date " + Quote(s.substr(1, 6)) + " is not a calendar date (YYMMDD)";
    return false;
  }
  std::string_view code = Sub(s, 7, 3);
  std::optional<Currency> currency = Currency::FromCode(code);
  if (!currency) {
    *fatal = "currency " + Quote(Sub(s, 7, 3)) + " is not an ISO 4217 code";
    return false;
  }
  int64_t amount = 0;
  if (!ParseMtAmount(Sub(s, 10), *currency, &amount, fatal)) return false;
  out->date = ToTimestamp(*date);
  out->amount = s[0] == 'D' ? -amount : amount;
  out->currency.assign(code);
  while (!rest.empty()) {
    std::string_view line = TrimSpaces(PopLine(&rest));
    if (!line.empty()) {
      problems->push_back("text after the balance ignored: " + Quote(line));
      break;
    }
  }
  return true;
}

bool ReadFloorLimit(std::string_view first, std::string* currency, std::string* fatal) {
  std::string_view s = TrimSpaces(first);
  std::optional<Currency> c = Currency::FromCode(s.substr(0, 3));
  if (!c) {
    *fatal = "currency " + Quote(s.substr(0, 3)) + " is not an ISO 4217 code";
    return false;
  }
  size_t p = 3;
  if (p < s.size() && (s[p] == 'D' || s[p] == 'C')) ++p;
  int64_t amount;
  if (!ParseMtAmount(Sub(s, p), *c, &amount, fatal)) return false;
  currency->assign(s.substr(0, 3));
  return true;
}

bool ReadEntryCount(std::string_view first, std::string* fatal) {
  std::string_view s = TrimSpaces(first);
  size_t p = 0;
  while (p < s.size() && IsDigit(s[p])) ++p;
  if (p == 0 || p > 5) {
    *fatal = "number of entries " + Quote(s.substr(0, p)) + " is not 1 to 5 digits";
    return false;
  }
  std::optional<Currency> c = Currency::FromCode(Sub(s, p, 3));
  if (!c) {
    *fatal = "currency " + Quote(Sub(s, p, 3)) + " is not an ISO 4217 code";
    return false;
  }
  int64_t amount;
  return ParseMtAmount(Sub(s, p + 3), *c, &amount, fatal);
}

bool ReadDateTime(std::string_view first, bool zone_required, std::string* fatal) {
  std::string_view s = TrimSpaces(first);
  bool ok = s.size() >= 10 && ParseYymmdd(s.substr(0, 6)) && IsDigits(s.substr(6, 4)) &&
            (s[6] - '0') * 10 + (s[7] - '0') < 24 && (s[8] - '0') * 10 + (s[9] - '0') < 60;
  if (ok && (zone_required || s.size() > 10)) {
    ok = s.size() == 15 && (s[10] == '+' || s[10] == '-') && IsDigits(s.substr(11, 4));
  }
  if (!ok) {
    *fatal = "date-time " + Quote(s) + " is not YYMMDDHHMM" + (zone_required ? "+HHMM" : "");
  }
  return ok;
}

}  // namespace moneytrail::ingest::bank::swift
