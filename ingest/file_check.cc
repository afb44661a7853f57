#include "ingest/file_check.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include "engine/core/sha256.h"

namespace moneytrail::ingest {

bool IsValidUtf8(std::string_view s, size_t* bad_at) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    // Fast path: eight ASCII bytes at a time.
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if ((w & 0x8080808080808080ULL) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    size_t len;
    uint32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else {
      *bad_at = i;
      return false;
    }
    if (i + len > n) {
      *bad_at = i;
      return false;
    }
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) {
        *bad_at = i;
        return false;
      }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      *bad_at = i;
      return false;
    }
    i += len;
  }
  return true;
}

Result<FileFacts> InspectFile(const std::string& path, const std::string& name) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) {
    return errno == ENOENT ? Status::NotFound(name + ": no such file")
                           : Status::IOError(name + ": " + std::strerror(errno));
  }
  FileFacts facts;
  Sha256 hash;
  std::string buf(1 << 20, '\0');
  std::string carry;  // an incomplete UTF-8 sequence at a block end
  uint64_t line = 1;
  uint64_t offset = 0;
  while (true) {
    size_t n = std::fread(buf.data(), 1, buf.size(), f.get());
    if (n == 0) break;
    std::string_view block(buf.data(), n);
    hash.Update(block);
    if (facts.size == 0 && block.substr(0, 3) == "\xEF\xBB\xBF") facts.has_bom = true;
    facts.size += n;
    if (std::memchr(block.data(), '\0', block.size())) {
      return Status::DataError(name + ": binary data (NUL bytes); expected UTF-8 CSV or JSON text");
    }
    std::string joined;
    std::string_view check = block;
    if (!carry.empty()) {
      joined = carry + std::string(block);
      check = joined;
    }
    // Hold back up to 3 trailing bytes that may start a sequence continued in the next block.
    size_t keep = 0;
    for (size_t k = 1; k <= 3 && k <= check.size(); ++k) {
      unsigned char c = static_cast<unsigned char>(check[check.size() - k]);
      if ((c & 0xC0) == 0xC0) {
        keep = k;
        break;
      }
      if ((c & 0x80) == 0) break;
    }
    std::string_view body = check.substr(0, check.size() - keep);
    size_t bad = 0;
    if (!IsValidUtf8(body, &bad)) {
      for (size_t k = 0; k < bad; ++k) line += body[k] == '\n';
      unsigned char b = static_cast<unsigned char>(body[bad]);
      std::string hint =
          (b >= 0xA0) ? " (it looks like Latin-1; convert it: iconv -f latin1 -t utf-8)" : "";
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02X", b);
      return Status::DataError(name + ":" + std::to_string(line) + ": not UTF-8 (byte " + hex +
                               " at offset " + std::to_string(offset - carry.size() + bad) + ")" +
                               hint);
    }
    for (char c : body) line += c == '\n';
    offset += n;
    carry.assign(check.substr(check.size() - keep));
  }
  if (std::ferror(f.get())) return Status::IOError(name + ": read error");
  size_t carry_bad = 0;  // a complete multi-byte character may end the file
  if (!carry.empty() && !IsValidUtf8(carry, &carry_bad)) {
    return Status::DataError(name + ":" + std::to_string(line) +
                             ": not UTF-8 (truncated sequence at the end)");
  }
  if (facts.size == 0 || (facts.has_bom && facts.size == 3)) {
    return Status::DataError(name + ": empty file; expected a header line");
  }
  facts.sha256 = hash.HexDigest();
  return facts;
}

}  // namespace moneytrail::ingest
