#include "ingest/bank/camt_prolog.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace moneytrail::ingest::bank::camt_internal {
namespace {

constexpr size_t kMaxDeclaration = 512;  // "<?xml ...?>" longer than this is not one

// ISO 20022 mandates UTF-8; these 8-bit encodings keep ASCII where the scan
// looks, so a DOCTYPE cannot hide from it.
bool IsAllowedSingleByteEncoding(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  static constexpr std::array<std::string_view, 9> kExact = {
      "UTF-8", "UTF8", "US-ASCII", "ASCII", "LATIN1", "LATIN-1", "ISO-LATIN-1", "CP1252", "ANSI"};
  if (std::find(kExact.begin(), kExact.end(), name) != kExact.end()) return true;
  auto numbered = [&](std::string_view prefix, int lo, int hi) {
    if (name.size() <= prefix.size() || name.compare(0, prefix.size(), prefix) != 0) return false;
    std::string_view rest = std::string_view(name).substr(prefix.size());
    if (rest.empty() || rest.size() > 4 ||
        !std::all_of(rest.begin(), rest.end(), [](char d) { return d >= '0' && d <= '9'; }))
      return false;
    int n = std::stoi(std::string(rest));
    return n >= lo && n <= hi;
  };
  return numbered("ISO-8859-", 1, 16) || numbered("ISO8859-", 1, 16) ||
         numbered("ISO_8859-", 1, 16) || numbered("WINDOWS-", 1250, 1258) ||
         numbered("CP", 1250, 1258);
}

bool IsAllowedUtf16Encoding(std::string name) {
  for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return name == "UTF-16" || name == "UTF16" || name == "UTF-16LE" || name == "UTF-16BE";
}

// The value of the encoding pseudo-attribute of an XML declaration, or "".
std::string DeclaredEncoding(std::string_view decl) {
  size_t at = decl.find("encoding");
  if (at == std::string_view::npos) return "";
  at += 8;
  while (at < decl.size() && (decl[at] == ' ' || decl[at] == '\t' || decl[at] == '\r' ||
                              decl[at] == '\n' || decl[at] == '='))
    ++at;
  if (at >= decl.size() || (decl[at] != '"' && decl[at] != '\'')) return "";
  char quote = decl[at++];
  size_t end = decl.find(quote, at);
  if (end == std::string_view::npos) return "";
  return std::string(decl.substr(at, end - at));
}

PrologVerdict Refuse(std::string reason, uint64_t line) {
  PrologVerdict v;
  v.kind = PrologVerdict::kRefused;
  v.reason = std::move(reason);
  v.line = line;
  return v;
}

}  // namespace

PrologVerdict ScanProlog(std::string_view head, bool complete) {
  auto byte = [&](size_t i) { return static_cast<unsigned char>(head[i]); };
  PrologVerdict need_more;
  need_more.kind = complete ? PrologVerdict::kOk : PrologVerdict::kNeedMore;
  if (head.size() < 4 && !complete) return need_more;

  // Unit width and byte order (XML 1.0 Appendix F).
  size_t pos = 0;
  int width = 1;
  bool little_endian = false;
  if (head.size() >= 4) {
    uint32_t first =
        (uint32_t{byte(0)} << 24) | (uint32_t{byte(1)} << 16) | (uint32_t{byte(2)} << 8) | byte(3);
    if (first == 0x0000003C || first == 0x3C000000 || first == 0x00003C00 || first == 0x003C0000 ||
        first == 0x0000FEFF || first == 0xFFFE0000) {
      return Refuse("UCS-4 encoded documents are not supported (use UTF-8)", 1);
    }
    if (first == 0x4C6FA794) return Refuse("EBCDIC documents are not supported (use UTF-8)", 1);
    if (first == 0x003C003F) width = 2;
    if (first == 0x3C003F00) width = 2, little_endian = true;
  }
  if (head.size() >= 3 && byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) pos = 3;
  if (head.size() >= 2 && byte(0) == 0xFE && byte(1) == 0xFF) width = 2, pos = 2;
  if (head.size() >= 2 && byte(0) == 0xFF && byte(1) == 0xFE) {
    width = 2, little_endian = true, pos = 2;
  }

  // Characters as ASCII; anything outside ASCII reads as 0x80.
  auto at = [&](size_t i, unsigned* c) {
    if (i + static_cast<size_t>(width) > head.size()) return false;
    unsigned v = width == 1      ? byte(i)
                 : little_endian ? (unsigned{byte(i + 1)} << 8) | byte(i)
                                 : (unsigned{byte(i)} << 8) | byte(i + 1);
    *c = v < 0x80 ? v : 0x80;
    return true;
  };
  auto w = static_cast<size_t>(width);
  // True when the characters at `i` spell `text`; *short_input when they ran out.
  auto matches = [&](size_t i, std::string_view text, bool* short_input) {
    for (char expected : text) {
      unsigned c;
      if (!at(i, &c)) {
        *short_input = true;
        return false;
      }
      if (c != static_cast<unsigned char>(expected)) return false;
      i += w;
    }
    return true;
  };

  // Line of the character at `end`: CR LF, CR and LF each end a line.
  const size_t start = pos;
  auto line_at = [&](size_t end) {
    uint64_t line = 1;
    unsigned c, prev = 0;
    for (size_t i = start; i < end && at(i, &c); i += w) {
      if (c == '\r' || (c == '\n' && prev != '\r')) ++line;
      prev = c;
    }
    return line;
  };

  bool first_construct = true;
  while (true) {
    unsigned c;
    if (!at(pos, &c)) return need_more;
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      pos += w;
      first_construct = false;
      continue;
    }
    if (c != '<') return Refuse("not an XML document: it does not start with '<'", line_at(pos));
    bool short_input = false;
    if (matches(pos, "<?", &short_input)) {
      // A processing instruction; the first one may be the XML declaration.
      std::string decl;
      size_t i = pos + 2 * w;
      bool closed = false;
      unsigned prev = 0;
      while (at(i, &c)) {
        if (decl.size() < kMaxDeclaration) decl.push_back(static_cast<char>(c));
        i += w;
        if (prev == '?' && c == '>') {
          closed = true;
          break;
        }
        prev = c;
      }
      if (!closed) return need_more;
      if (first_construct && decl.size() > 3 && decl.compare(0, 3, "xml") == 0 &&
          (decl[3] == ' ' || decl[3] == '\t' || decl[3] == '\r' || decl[3] == '\n')) {
        std::string encoding = DeclaredEncoding(decl);
        bool allowed = encoding.empty() || (width == 1 ? IsAllowedSingleByteEncoding(encoding)
                                                       : IsAllowedUtf16Encoding(encoding));
        if (!allowed) {
          return Refuse("encoding '" + encoding + "' is not supported (ISO 20022 uses UTF-8)",
                        line_at(pos));
        }
      }
      pos = i;
      first_construct = false;
      continue;
    }
    if (short_input) return need_more;
    if (matches(pos, "<!--", &short_input)) {
      size_t i = pos + 4 * w;
      int dashes = 0;
      bool closed = false;
      while (at(i, &c)) {
        i += w;
        if (c == '>' && dashes >= 2) {
          closed = true;
          break;
        }
        dashes = c == '-' ? dashes + 1 : 0;
      }
      if (!closed) return need_more;
      pos = i;
      first_construct = false;
      continue;
    }
    if (short_input) return need_more;
    if (matches(pos, "<!DOCTYPE", &short_input)) return Refuse("DOCTYPE not allowed", line_at(pos));
    if (short_input) return need_more;
    if (matches(pos, "<!", &short_input)) {
      // Only comments may stand here; anything else of this shape is either a
      // DOCTYPE in disguise or not XML.
      return Refuse("markup declaration before the root element not allowed", line_at(pos));
    }
    if (short_input) return need_more;
    // The first element: find the end of its start tag, for its line.
    char quote = 0;
    for (size_t i = pos + w; at(i, &c); i += w) {
      if (quote != 0) {
        if (c == static_cast<unsigned char>(quote)) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = static_cast<char>(c);
      } else if (c == '>') {
        PrologVerdict ok;
        ok.line = line_at(i);
        return ok;
      }
    }
    return need_more;
  }
}

}  // namespace moneytrail::ingest::bank::camt_internal
