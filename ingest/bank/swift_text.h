// Text helpers shared by the SWIFT MT readers (mt940.cc, mt103.cc): input
// encoding, line splitting, YYMMDD dates, MT amounts, BIC and IBAN shapes.
// Internal to ingest/bank; not part of the readers' public API.
//
// Thread safety: pure functions; LineCursor is a plain value.
#ifndef MONEYTRAIL_INGEST_BANK_SWIFT_TEXT_H_
#define MONEYTRAIL_INGEST_BANK_SWIFT_TEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/currency.h"
#include "engine/core/timestamp.h"
#include "ingest/bank/statement.h"

namespace moneytrail::ingest::bank::swift {

// Collects a reader's issues, at most kMaxIssues of them: a file where every
// line is wrong must not cost memory many times its size. Past the cap,
// issues are counted, and Finish() appends one that says how many were not
// listed.
class IssueSink {
 public:
  static constexpr size_t kMaxIssues = 10000;
  explicit IssueSink(std::vector<ReadIssue>* out) : out_(out) {}
  void Add(uint64_t line, std::string field, std::string reason, bool fatal = false);
  void Add(ReadIssue issue);
  // A remark on something still read (ReadIssue::warning).
  void Warn(uint64_t line, std::string field, std::string reason);
  void Finish();
  bool Any() const { return !out_->empty(); }

 private:
  std::vector<ReadIssue>* out_;
  uint64_t dropped_ = 0;
  uint64_t last_line_ = 0;
};

// The input as UTF-8 text, or a refusal.
//  - `declared_latin1`: every byte is read as ISO 8859-1 and converted.
//  - valid UTF-8: the bytes themselves (a leading byte-order mark dropped).
//  - evidently Latin-1: not UTF-8, every byte >= 0x80 lies in 0xA0-0xFF and
//    at least one is a Latin-1 letter (0xC0-0xFF except 0xD7 and 0xF7).
//    Latin-1 text never holds 0x80-0x9F (C1 controls), while CP437/CP850/
//    CP852 and Windows-1252 put letters and the euro sign there, so a single
//    such byte means "some other code page": refused rather than garbled.
//  - otherwise: returns false and fills *refusal (fatal) naming the line of
//    the first byte that is not UTF-8.
// On success *text views either `bytes` or *storage.
bool DecodeToUtf8(std::string_view bytes, bool declared_latin1, std::string* storage,
                  std::string_view* text, ReadIssue* refusal);

// The whole read of a SWIFT text file: decode it (DecodeToUtf8), then run a
// `Reader` (constructed with the options and the file, with a Run(text)) over
// it. A refused encoding is the file's only issue.
template <typename Reader, typename Options>
StatementFile ReadDecoded(std::string_view bytes, const Options& options, const char* format) {
  StatementFile file;
  file.format = format;
  std::string storage;
  std::string_view text;
  ReadIssue refusal;
  if (!DecodeToUtf8(bytes, options.latin1, &storage, &text, &refusal)) {
    file.issues.push_back(std::move(refusal));
    return file;
  }
  Reader reader(options, &file);
  reader.Run(text);
  return file;
}

// Offset of the first byte that is not part of well-formed UTF-8 (no
// overlongs, surrogates or code points past U+10FFFF), npos when valid.
size_t FirstInvalidUtf8(std::string_view s);

// s.substr(pos, n) that never throws: empty when pos is past the end.
inline std::string_view Sub(std::string_view s, size_t pos, size_t n = std::string_view::npos) {
  return pos >= s.size() ? std::string_view() : s.substr(pos, n);
}

// Drops what banks and transmission add around a line's content: trailing
// spaces, tabs, '\r' and ETX (0x03), leading SOH (0x01).
std::string_view CleanLine(std::string_view line);
std::string_view TrimSpaces(std::string_view s);

// Splits text at '\n'. Lines are views into the text, cleaned (CleanLine).
class LineCursor {
 public:
  explicit LineCursor(std::string_view text, uint64_t first_line = 1)
      : text_(text), next_line_(first_line) {}
  // The next line; false at the end of the text.
  bool Next(std::string_view* line);
  // 1-based number of the line last returned.
  uint64_t line_number() const { return next_line_ - 1; }
  bool AtEnd() const { return pos_ >= text_.size(); }

 private:
  std::string_view text_;
  size_t pos_ = 0;
  uint64_t next_line_;
};

// Pops the first line of `*rest` (cleaned); rest becomes what follows it.
std::string_view PopLine(std::string_view* rest);

struct CivilDate {
  int64_t year = 0;
  unsigned month = 0, day = 0;
};

// "YYMMDD", exactly six digits and a real calendar date. Two-digit years
// 00-79 are 2000-2079 and 80-99 are 1980-1999 (SWIFT gives no century; the
// oldest sample statements are from 1995-2002, the newest from the 2020s).
std::optional<CivilDate> ParseYymmdd(std::string_view s);
Timestamp ToTimestamp(const CivilDate& d);

bool IsDigits(std::string_view s);
bool IsUpperAlpha(std::string_view s);

// An MT amount: digits with ',' as decimal separator ("1234,56", "1234,",
// "0,5"), in minor units of `currency`. Also accepted: no comma at all ("500"
// is unambiguous). Refused with a reason: empty, no integer part, '.' or any
// other character, two commas, more decimals than the currency has (never
// rounded), overflow.
bool ParseMtAmount(std::string_view text, const Currency& currency, int64_t* minor_units,
                   std::string* reason);

// "DEUTDEFF" / "DEUTDEFF500": 4 letters (bank), 2 letters (country), 2
// letters or digits (location), optionally 3 more (branch). Shape only.
bool LooksLikeBic(std::string_view s);

// An IBAN: country letters, check digits, up to 30 letters or digits, and
// the ISO 13616 mod-97 check holds.
bool IsIban(std::string_view s);

// A short excerpt of `s` for messages: at most 40 bytes, never cutting a
// UTF-8 sequence, with "..." when cut.
std::string Excerpt(std::string_view s);

}  // namespace moneytrail::ingest::bank::swift

#endif  // MONEYTRAIL_INGEST_BANK_SWIFT_TEXT_H_
