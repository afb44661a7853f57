#include "ingest/bank/swift_text.h"

#include <cstring>

#include "engine/core/amount.h"

namespace moneytrail::ingest::bank::swift {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

uint64_t LineOf(std::string_view text, size_t offset) {
  uint64_t line = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) line += text[i] == '\n';
  return line;
}

std::string Hex(unsigned char c) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

bool IsLatin1Letter(unsigned char c) { return c >= 0xC0 && c != 0xD7 && c != 0xF7; }

void Latin1ToUtf8(std::string_view bytes, std::string* out) {
  out->clear();
  out->reserve(bytes.size() + bytes.size() / 8);
  for (char ch : bytes) {
    auto c = static_cast<unsigned char>(ch);
    if (c < 0x80) {
      out->push_back(ch);
    } else {
      out->push_back(static_cast<char>(0xC0 | (c >> 6)));
      out->push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
}

}  // namespace

void IssueSink::Add(uint64_t line, std::string field, std::string reason, bool fatal) {
  Add(ReadIssue{line, std::move(field), std::move(reason), fatal});
}

void IssueSink::Warn(uint64_t line, std::string field, std::string reason) {
  ReadIssue issue{line, std::move(field), std::move(reason)};
  issue.warning = true;
  Add(std::move(issue));
}

void IssueSink::Add(ReadIssue issue) {
  if (out_->size() < kMaxIssues || issue.fatal) {
    out_->push_back(std::move(issue));
  } else {
    ++dropped_;
    last_line_ = issue.line;
  }
}

void IssueSink::Finish() {
  if (dropped_ == 0) return;
  out_->push_back({last_line_, "", std::to_string(dropped_) + " further issues not listed", false});
  dropped_ = 0;
}

size_t FirstInvalidUtf8(std::string_view s) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const size_t n = s.size();
  size_t i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t word;
      std::memcpy(&word, p + i, 8);
      if ((word & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
    } else {
      return i;
    }
    if (i + len > n) return i;
    unsigned char c1 = p[i + 1];
    if ((c == 0xE0 && c1 < 0xA0) || (c == 0xED && c1 > 0x9F) || (c == 0xF0 && c1 < 0x90) ||
        (c == 0xF4 && c1 > 0x8F)) {
      return i;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool DecodeToUtf8(std::string_view bytes, bool declared_latin1, std::string* storage,
                  std::string_view* text, ReadIssue* refusal) {
  if (declared_latin1) {
    Latin1ToUtf8(bytes, storage);
    *text = *storage;
    return true;
  }
  size_t bad = FirstInvalidUtf8(bytes);
  if (bad == std::string_view::npos) {
    if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
    *text = bytes;
    return true;
  }
  // Not UTF-8: Latin-1 only when evident (see the header).
  bool letter = false;
  size_t c1 = std::string_view::npos;
  for (size_t i = 0; i < bytes.size(); ++i) {
    auto c = static_cast<unsigned char>(bytes[i]);
    if (c < 0x80) continue;
    if (c < 0xA0) {
      c1 = i;
      break;
    }
    letter = letter || IsLatin1Letter(c);
  }
  if (c1 == std::string_view::npos && letter) {
    Latin1ToUtf8(bytes, storage);
    *text = *storage;
    return true;
  }
  refusal->line = LineOf(bytes, bad);
  refusal->field = "encoding";
  refusal->fatal = true;
  refusal->reason = "byte " + Hex(static_cast<unsigned char>(bytes[bad])) +
                    " is not UTF-8, and the file is not evidently Latin-1 (";
  if (c1 != std::string_view::npos) {
    refusal->reason += "byte " + Hex(static_cast<unsigned char>(bytes[c1])) + " on line " +
                       std::to_string(LineOf(bytes, c1)) +
                       " is a control character in Latin-1 but a letter in DOS and Windows code "
                       "pages such as CP852 or Windows-1252";
  } else {
    refusal->reason += "no byte is a Latin-1 letter";
  }
  refusal->reason += "); convert the file to UTF-8, or declare it Latin-1 if it is";
  return false;
}

std::string_view CleanLine(std::string_view line) {
  while (!line.empty()) {
    char c = line.back();
    if (c != ' ' && c != '\r' && c != '\t' && c != '\x03') break;
    line.remove_suffix(1);
  }
  while (!line.empty() && line.front() == '\x01') line.remove_prefix(1);
  return line;
}

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  return s;
}

bool LineCursor::Next(std::string_view* line) {
  if (pos_ >= text_.size()) return false;
  const char* begin = text_.data() + pos_;
  const void* nl = std::memchr(begin, '\n', text_.size() - pos_);
  size_t len = nl ? static_cast<size_t>(static_cast<const char*>(nl) - begin) : text_.size() - pos_;
  *line = CleanLine(std::string_view(begin, len));
  pos_ += len + 1;
  ++next_line_;
  return true;
}

std::string_view PopLine(std::string_view* rest) {
  size_t nl = rest->find('\n');
  std::string_view line = rest->substr(0, nl);
  if (nl == std::string_view::npos) {
    *rest = std::string_view();
  } else {
    rest->remove_prefix(nl + 1);
  }
  return CleanLine(line);
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

bool IsUpperAlpha(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!IsUpper(c)) return false;
  }
  return true;
}

std::optional<CivilDate> ParseYymmdd(std::string_view s) {
  if (s.size() != 6 || !IsDigits(s)) return std::nullopt;
  auto two = [&](size_t i) { return static_cast<unsigned>((s[i] - '0') * 10 + (s[i + 1] - '0')); };
  unsigned yy = two(0);
  CivilDate d{yy < 80 ? 2000 + yy : 1900 + yy, two(2), two(4)};
  if (!IsValidCivilDate(d.year, d.month, d.day)) return std::nullopt;
  return d;
}

Timestamp ToTimestamp(const CivilDate& d) {
  return Timestamp{DaysFromCivil(d.year, d.month, d.day) * Timestamp::kMicrosPerDay};
}

bool ParseMtAmount(std::string_view text, const Currency& currency, int64_t* minor_units,
                   std::string* reason) {
  if (text.empty()) {
    *reason = "amount is missing";
    return false;
  }
  size_t comma = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (IsDigit(c)) continue;
    if (c == ',' && comma == std::string_view::npos) {
      comma = i;
      continue;
    }
    *reason = "amount '" + Excerpt(text) + "' " +
              (c == ','   ? "has two decimal commas"
               : c == '.' ? "uses '.'; MT amounts use ',' as the decimal separator"
                          : "is not an amount (digits with one decimal comma)");
    return false;
  }
  std::string_view integer = text.substr(0, comma);
  std::string_view fraction =
      comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
  if (integer.empty()) {
    *reason = "amount '" + Excerpt(text) + "' has no digit before the decimal comma";
    return false;
  }
  int digits = currency.minor_digits();
  if (fraction.size() > static_cast<size_t>(digits)) {
    *reason = "amount '" + Excerpt(text) + "' has " + std::to_string(fraction.size()) +
              " decimals; " + std::string(currency.code()) + " has " + std::to_string(digits) +
              " (amounts are never rounded)";
    return false;
  }
  while (integer.size() > 1 && integer.front() == '0') integer.remove_prefix(1);
  char buf[48];
  if (integer.size() + fraction.size() + 1 > sizeof(buf)) {
    *reason = "amount '" + Excerpt(text) + "' is too large";
    return false;
  }
  std::memcpy(buf, integer.data(), integer.size());
  size_t len = integer.size();
  if (!fraction.empty()) {
    buf[len++] = '.';
    std::memcpy(buf + len, fraction.data(), fraction.size());
    len += fraction.size();
  }
  Result<int64_t> parsed = ParseMinorUnits(std::string_view(buf, len), digits);
  if (!parsed.ok()) {
    *reason = "amount '" + Excerpt(text) + "': " + parsed.status().message();
    return false;
  }
  *minor_units = *parsed;
  return true;
}

bool LooksLikeBic(std::string_view s) {
  if (s.size() != 8 && s.size() != 11) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool ok = i < 6 ? IsUpper(c) : (IsUpper(c) || IsDigit(c));
    if (!ok) return false;
  }
  return true;
}

bool IsIban(std::string_view s) {
  if (s.size() < 15 || s.size() > 34) return false;
  if (!IsUpper(s[0]) || !IsUpper(s[1]) || !IsDigit(s[2]) || !IsDigit(s[3])) return false;
  unsigned remainder = 0;
  for (size_t k = 0; k < s.size(); ++k) {
    char c = s[(k + 4) % s.size()];
    if (IsDigit(c)) {
      remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    } else if (IsUpper(c)) {
      remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    } else {
      return false;
    }
  }
  return remainder == 1;
}

std::string Excerpt(std::string_view s) {
  constexpr size_t kMax = 40;
  if (s.size() <= kMax) return std::string(s);
  size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return std::string(s.substr(0, cut)) + "...";
}

}  // namespace moneytrail::ingest::bank::swift
