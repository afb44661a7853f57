// Internal to engine/trace (and engine/graph, engine/query): shared pieces of the JSON
// renderings. Includes nlohmann/json; never include it from a public header.
#ifndef MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
#define MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_

#include <charconv>
#include <cstdint>
#include <cstring>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/amount.h"
#include "engine/core/timestamp.h"

namespace moneytrail::trace::internal {

using Json = nlohmann::ordered_json;

inline Json NullIfEmpty(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }
inline Json OptionalTimestamp(const std::optional<Timestamp>& t) {
  return t ? Json(FormatTimestamp(*t)) : Json(nullptr);
}
// Pretty, two-space indent, trailing newline, bad UTF-8 replaced (never throws).
inline std::string Dump(const Json& j) {
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// True when `s` has a byte that a JSON string cannot hold as it is: a
// control character, a quote, a backslash, or any non-ASCII byte (whose UTF-8 is then
// checked by nlohmann/json). Eight bytes at a time: this runs over every key
// and string value of a gigabyte-sized rendering.
inline bool NeedsJsonEscaping(std::string_view s) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
  auto has_zero_byte = [](uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t x;
    std::memcpy(&x, s.data() + i, 8);
    // Bytes >= 0x80 set their high bit; bytes < 0x20 borrow into it.
    if ((x & kHigh) != 0 || ((x - kOnes * 0x20) & ~x & kHigh) != 0 ||
        has_zero_byte(x ^ (kOnes * '"')) || has_zero_byte(x ^ (kOnes * '\\'))) {
      return true;
    }
  }
  for (; i < s.size(); ++i) {
    auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') return true;
  }
  return false;
}

// Appends `s` as a JSON string exactly as Dump() writes it. Plain ASCII, the
// common case by far, is copied; anything else goes through nlohmann/json.
inline void AppendJsonString(std::string* out, std::string_view s) {
  if (NeedsJsonEscaping(s)) {
    out->append(
        Json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

// Writes one JSON object into a string, members in the order written, with
// the bytes Dump() would give the same object nested `depth` levels deep.
// For output of millions of objects (a poison trace's flows), where building
// a document tree per object costs most of the rendering: a member is put
// together on the stack and appended once, since a string's append costs
// more than the copy of a short piece.
class ObjectWriter {
 public:
  // Appends "{"; Close() appends the rest.
  ObjectWriter(std::string* out, int depth) : out_(out), depth_(depth) { out_->push_back('{'); }

  void String(std::string_view key, std::string_view value) {
    if (NeedsJsonEscaping(value) || value.size() > kValueRoom) {
      Key(key);
      AppendJsonString(out_, value);
      return;
    }
    Member(key, [&](char* p) {
      *p++ = '"';
      std::memcpy(p, value.data(), value.size());
      p += value.size();
      *p++ = '"';
      return p;
    });
  }
  void StringOrNull(std::string_view key, std::string_view value) {
    if (value.empty()) {
      Member(key, [](char* p) { return Put(p, "null"); });
    } else {
      String(key, value);
    }
  }
  void Int(std::string_view key, int64_t value) {
    Member(key, [&](char* p) { return std::to_chars(p, p + 24, value).ptr; });
  }
  // Minor units as a decimal string ("12345.67"), as Money() writes them.
  void Money(std::string_view key, int64_t minor_units, int minor_digits) {
    Member(key, [&](char* p) {
      *p++ = '"';
      p = PutMinorUnits(p, minor_units, minor_digits);
      *p++ = '"';
      return p;
    });
  }
  // "2024-03-02T10:00:00Z", as FormatTimestamp() writes it.
  void Timestamp(std::string_view key, moneytrail::Timestamp t) {
    Member(key, [&](char* p) {
      *p++ = '"';
      p = PutTimestamp(p, t);
      *p++ = '"';
      return p;
    });
  }
  // A nested object under `key`; close it before writing the next member.
  ObjectWriter Object(std::string_view key) {
    Member(key, [](char* p) { return p; });
    return ObjectWriter(out_, depth_ + 1);
  }
  void Close() {
    if (!empty_) {
      out_->push_back('\n');
      out_->append(static_cast<size_t>(depth_) * 2, ' ');
    }
    out_->push_back('}');
  }

 private:
  // Room on the stack for a member's value: money and timestamps fit, and so
  // do ids; a longer string goes the slow way.
  static constexpr size_t kValueRoom = 128;
  static constexpr size_t kKeyRoom = 128;
  static_assert(kMaxMinorUnitsChars <= kValueRoom && kMaxTimestampChars <= kValueRoom);

  static char* Put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  // Separator, indentation and `"key": `, then what `value(p)` writes (at
  // most kValueRoom + 2 bytes), appended at once.
  template <typename Value>
  void Member(std::string_view key, Value value) {
    const size_t indent = static_cast<size_t>(depth_ + 1) * 2;
    if (key.size() + indent > kKeyRoom || NeedsJsonEscaping(key)) {
      Key(key);
      char buf[kValueRoom + 2];
      out_->append(buf, static_cast<size_t>(value(buf) - buf));
      return;
    }
    char buf[kKeyRoom + 8 + kValueRoom + 2];
    char* p = buf;
    if (!empty_) *p++ = ',';
    *p++ = '\n';
    empty_ = false;
    std::memset(p, ' ', indent);
    p += indent;
    *p++ = '"';
    p = Put(p, key);
    p = Put(p, "\": ");
    p = value(p);
    out_->append(buf, static_cast<size_t>(p - buf));
  }
  void Key(std::string_view key) {
    out_->append(empty_ ? "\n" : ",\n");
    empty_ = false;
    out_->append(static_cast<size_t>(depth_ + 1) * 2, ' ');
    AppendJsonString(out_, key);
    out_->append(": ");
  }

  std::string* out_;
  int depth_;
  bool empty_ = true;
};

}  // namespace moneytrail::trace::internal

#endif  // MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
