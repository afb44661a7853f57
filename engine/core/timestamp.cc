#include "engine/core/timestamp.h"

#include <cstdio>
#include <cstring>

namespace moneytrail {
namespace {

bool ReadDigits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

struct Civil {
  int64_t y;
  unsigned m, d;
};

// Howard Hinnant's civil_from_days.
Civil CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2), m, d};
}

Status Bad(std::string_view text, const std::string& why) {
  return Status::DataError("'" + std::string(text) + "' " + why);
}

}  // namespace

int64_t Timestamp::Day() const {
  int64_t d = micros / kMicrosPerDay;
  if (micros % kMicrosPerDay < 0) --d;
  return d;
}

int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsValidCivilDate(int64_t y, unsigned m, unsigned d) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1) return false;
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  unsigned max = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max;
}

Result<Timestamp> ParseDate(std::string_view text) {
  int64_t y, m, d;
  if (text.size() != 10 || !ReadDigits(text, 0, 4, &y) || text[4] != '-' ||
      !ReadDigits(text, 5, 2, &m) || text[7] != '-' || !ReadDigits(text, 8, 2, &d)) {
    return Bad(text, "is not a date (YYYY-MM-DD)");
  }
  if (!IsValidCivilDate(y, static_cast<unsigned>(m), static_cast<unsigned>(d))) {
    return Bad(text, "is not a valid calendar date");
  }
  return Timestamp{DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d)) *
                   Timestamp::kMicrosPerDay};
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  if (text.size() < 10) return Bad(text, "is not an ISO 8601 timestamp");
  ASSIGN_OR_RETURN(Timestamp day, ParseDate(text.substr(0, 10)));
  if (text.size() == 10) return day;
  if (text[10] != 'T')
    return Bad(text, "is not an ISO 8601 timestamp (expected 'T' after the date)");
  int64_t hh, mm, ss = 0;
  size_t pos = 11;
  if (!ReadDigits(text, pos, 2, &hh) || pos + 2 >= text.size() || text[pos + 2] != ':' ||
      !ReadDigits(text, pos + 3, 2, &mm)) {
    return Bad(text, "has no valid time (HH:MM[:SS])");
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!ReadDigits(text, pos + 1, 2, &ss)) return Bad(text, "has invalid seconds");
    pos += 3;
  }
  if (hh > 23) return Bad(text, "has an hour past 23");
  if (mm > 59) return Bad(text, "has minutes past 59");
  if (ss > 59) return Bad(text, "has seconds past 59");
  int64_t micros = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int n = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++n > 6) return Bad(text, "has more than 6 fraction digits of a second");
      micros = micros * 10 + (text[pos] - '0');
      ++pos;
    }
    if (n == 0) return Bad(text, "has an empty fraction of a second");
    for (int i = n; i < 6; ++i) micros *= 10;
  }
  if (pos >= text.size()) {
    return Bad(text, "has a time but no zone; add 'Z' or an offset like '+01:00'");
  }
  int64_t offset_minutes = 0;
  if (text[pos] == 'Z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int64_t oh, om;
    if (!ReadDigits(text, pos + 1, 2, &oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
        !ReadDigits(text, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return Bad(text, "has an invalid zone offset (expected +HH:MM)");
    }
    offset_minutes = (oh * 60 + om) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return Bad(text, "has an invalid zone (expected 'Z' or +HH:MM)");
  }
  if (pos != text.size()) return Bad(text, "has trailing characters");
  int64_t seconds = hh * 3600 + mm * 60 + ss - offset_minutes * 60;
  return Timestamp{day.micros + seconds * Timestamp::kMicrosPerSecond + micros};
}

std::string FormatDate(Timestamp t) {
  char buf[kMaxTimestampChars];
  return std::string(buf, PutDate(buf, t));
}

std::string FormatTimestamp(Timestamp t) {
  char buf[kMaxTimestampChars];
  return std::string(buf, PutTimestamp(buf, t));
}

namespace {
char* PutTwoDigits(char* p, unsigned v) {
  p[0] = static_cast<char>('0' + v / 10);
  p[1] = static_cast<char>('0' + v % 10);
  return p + 2;
}
}  // namespace

char* PutDate(char* p, Timestamp t) {
  Civil c = CivilFromDays(t.Day());
  if (c.y < 0 || c.y > 9999) {  // printf's padding rules for the rare odd year
    char buf[32];
    int n =
        std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.y), c.m, c.d);
    std::memcpy(p, buf, static_cast<size_t>(n));
    return p + n;
  }
  const auto y = static_cast<unsigned>(c.y);
  p = PutTwoDigits(p, y / 100);
  p = PutTwoDigits(p, y % 100);
  *p++ = '-';
  p = PutTwoDigits(p, c.m);
  *p++ = '-';
  return PutTwoDigits(p, c.d);
}

char* PutTimestamp(char* p, Timestamp t) {
  p = PutDate(p, t);
  int64_t day = t.Day();
  int64_t rem = t.micros - day * Timestamp::kMicrosPerDay;
  auto secs = static_cast<unsigned>(rem / Timestamp::kMicrosPerSecond);
  auto frac = static_cast<unsigned>(rem % Timestamp::kMicrosPerSecond);
  *p++ = 'T';
  p = PutTwoDigits(p, secs / 3600);
  *p++ = ':';
  p = PutTwoDigits(p, secs / 60 % 60);
  *p++ = ':';
  p = PutTwoDigits(p, secs % 60);
  if (frac != 0) {  // microseconds, trailing zeros dropped
    *p++ = '.';
    for (unsigned scale = 100000; frac != 0; scale /= 10) {
      *p++ = static_cast<char>('0' + frac / scale);
      frac %= scale;
    }
  }
  *p++ = 'Z';
  return p;
}

}  // namespace moneytrail
