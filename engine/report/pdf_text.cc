// Text measurement and line breaking for pdf::Writer: UTF-8 in, widths from
// the embedded fonts' metrics (libharu applies no kerning, so widths add up).
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "engine/report/pdf_writer.h"

namespace moneytrail::report::pdf {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

// Length of the UTF-8 sequence starting at text[i] (valid: CleanText ran).
size_t CodepointLength(const std::string& text, size_t i) {
  auto c = static_cast<unsigned char>(text[i]);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, text.size() - i);
}

bool BreaksAfter(char c) { return std::strchr("/.:-_,;@)", c) != nullptr; }

}  // namespace

std::string CleanText(const std::string& text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      out += (c == '\n' && keep_newlines) ? '\n' : (c < 0x20 || c == 0x7F) ? ' ' : char(c);
      ++i;
      continue;
    }
    // Decode; anything but a shortest-form scalar value of the Basic
    // Multilingual Plane becomes U+FFFD (libharu 2.3.0 mangles 4-byte ones).
    size_t n = (c >= 0xC2 && c <= 0xDF) ? 2 : (c >= 0xE0 && c <= 0xEF) ? 3 : 0;
    uint32_t cp = n == 2 ? (c & 0x1F) : (c & 0x0F);
    bool ok = n != 0 && i + n <= text.size();
    for (size_t k = 1; ok && k < n; ++k) {
      auto d = static_cast<unsigned char>(text[i + k]);
      ok = (d & 0xC0) == 0x80;
      cp = (cp << 6) | (d & 0x3F);
    }
    if (ok && n == 3) ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
    if (!ok) {
      // One U+FFFD per well-formed 4-byte sequence, else per byte.
      bool astral = c >= 0xF0 && c <= 0xF4 && i + 4 <= text.size();
      for (size_t k = 1; astral && k < 4; ++k) astral = (text[i + k] & 0xC0) == 0x80;
      out += kReplacement;
      i += astral ? 4 : 1;
      continue;
    }
    if (cp >= 0x80 && cp <= 0x9F) {
      out += ' ';  // C1 controls
    } else {
      out.append(text, i, n);
    }
    i += n;
  }
  return out;
}

float Writer::TextWidth(const std::string& text, float size, Face face) const {
  if (font(face) == nullptr) return 0;
  // libharu refuses strings past HPDF_LIMIT_MAX_STRING_LEN: measure in
  // pieces cut between characters (widths add up).
  constexpr size_t kPiece = 4096;
  uint64_t units = 0;
  for (size_t at = 0; at < text.size();) {
    size_t end = std::min(at + kPiece, text.size());
    while (end > at + 3 && end < text.size() &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    units += HPDF_Font_TextWidth(font(face), reinterpret_cast<const HPDF_BYTE*>(text.data() + at),
                                 static_cast<HPDF_UINT>(end - at))
                 .width;
    at = end;
  }
  return static_cast<float>(units) * size / 1000;
}

std::string Writer::Fit(const std::string& raw, float width, float size, Face face) const {
  const std::string text = CleanText(raw, false);
  if (TextWidth(text, size, face) <= width) return text;
  float used = TextWidth(kEllipsis, size, face);
  size_t end = 0;
  while (end < text.size()) {
    const size_t n = CodepointLength(text, end);
    const float w = TextWidth(text.substr(end, n), size, face);
    if (used + w > width) break;
    used += w;
    end += n;
  }
  return text.substr(0, end) + kEllipsis;
}

std::vector<std::string> Writer::Wrap(const std::string& raw, float width, float size,
                                      Face face) const {
  const std::string text = CleanText(raw, true);
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line;
    size_t i = start;
    while (i < end) {
      if (text[i] == ' ') {
        ++i;
        continue;
      }
      size_t j = std::min(text.find(' ', i), end);
      std::string word = text.substr(i, j - i);
      i = j;
      std::string joined = line.empty() ? word : line + " " + word;
      if (TextWidth(joined, size, face) <= width) {
        line = std::move(joined);
        continue;
      }
      if (!line.empty()) lines.push_back(std::move(line));
      // A word wider than the line: cut it, after punctuation where possible
      // (at least one character a line, however narrow the line).
      for (;;) {
        size_t fit = 0, soft = 0;
        float used = 0;
        while (fit < word.size()) {
          const size_t n = CodepointLength(word, fit);
          used += TextWidth(word.substr(fit, n), size, face);
          if (used > width && fit > 0) break;
          fit += n;
          if (BreaksAfter(word[fit - 1]) && fit < word.size()) soft = fit;
        }
        if (fit >= word.size()) break;  // the rest fits
        const size_t cut = soft > fit / 2 ? soft : fit;
        lines.push_back(word.substr(0, cut));
        word.erase(0, cut);
      }
      line = std::move(word);
    }
    lines.push_back(std::move(line));
    start = end + 1;
  }
  while (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  return lines;
}

}  // namespace moneytrail::report::pdf
