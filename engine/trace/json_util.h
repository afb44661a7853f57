// Internal to engine/trace (and engine/graph, engine/query): shared pieces of the JSON
// renderings. Includes nlohmann/json; never include it from a public header.
#ifndef MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
#define MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

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

// A growable byte buffer for renderings of millions of objects. A writer
// asks for room once (Claim), writes in place and says where it stopped
// (Commit): std::string would take each short piece through a buffer of
// its own and an out-of-line append, which cost a poison trace's rendering
// more than its formatting.
class JsonOut {
 public:
  JsonOut() = default;
  JsonOut(JsonOut&& other) noexcept { *this = std::move(other); }
  JsonOut& operator=(JsonOut&& other) noexcept {
    data_ = std::move(other.data_);
    size_ = std::exchange(other.size_, 0);
    cap_ = std::exchange(other.cap_, 0);
    return *this;
  }

  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  std::string_view view() const { return {data_.get(), size_}; }
  void reserve(size_t n) {
    if (n > cap_) Grow(n - size_);
  }

  // Room for `n` more bytes, at the returned pointer; Commit() the end of
  // what was written there (at most `n` bytes on).
  char* Claim(size_t n) {
    if (cap_ - size_ < n) Grow(n);
    return data_.get() + size_;
  }
  void Commit(const char* end) { size_ = static_cast<size_t>(end - data_.get()); }

  // `s` must not point into this buffer (it may move while growing).
  void append(std::string_view s) {
    if (s.empty()) return;
    std::memcpy(Claim(s.size()), s.data(), s.size());
    size_ += s.size();
  }
  void append(size_t n, char c) {
    if (n == 0) return;
    std::memset(Claim(n), c, n);
    size_ += n;
  }
  void push_back(char c) {
    *Claim(1) = c;
    ++size_;
  }
  JsonOut& operator+=(std::string_view s) {
    append(s);
    return *this;
  }

 private:
  void Grow(size_t n) {
    size_t cap = std::max(cap_ * 2, size_ + n);
    std::unique_ptr<char[]> data(new char[cap]);  // not zeroed: every byte is written first
    if (size_ > 0) std::memcpy(data.get(), data_.get(), size_);
    data_ = std::move(data);
    cap_ = cap;
  }

  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t cap_ = 0;
};

// Appends `s` as a JSON string exactly as Dump() writes it. Plain ASCII, the
// common case by far, is copied; anything else goes through nlohmann/json.
template <typename Out>
void AppendJsonString(Out* out, std::string_view s) {
  if (NeedsJsonEscaping(s)) {
    out->append(
        Json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    return;
  }
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

// A member name for ObjectWriter. Names written in the code are checked when
// it compiles (they must need no escaping), so that rendering millions of
// objects does not check the same few names millions of times; any other
// name is checked when made.
class JsonKey {
 public:
  template <size_t N>
  consteval JsonKey(const char (&name)[N])  // NOLINT: implicit by design
      : name_(name, N - 1), plain_(true) {
    for (size_t i = 0; i + 1 < N; ++i) {
      auto u = static_cast<unsigned char>(name[i]);
      // Not a constant expression: a name in the code that needs escaping
      // stops the build here.
      if (u < 0x20 || u >= 0x80 || u == '"' || u == '\\') throw "JSON key needs escaping";
    }
  }
  JsonKey(const std::string& name)  // NOLINT: implicit by design
      : name_(name), plain_(!NeedsJsonEscaping(name)) {}

  std::string_view name() const { return name_; }
  bool plain() const { return plain_; }

 private:
  std::string_view name_;
  bool plain_;
};

// Writes one JSON object into a JsonOut, members in the order written, with
// the bytes Dump() would give the same object nested `depth` levels deep.
// For output of millions of objects (a poison trace's flows), where building
// a document tree per object costs most of the rendering: a member goes
// straight into the output's free space.
//
// Keys are taken by reference: a JsonKey copied into each call's arguments
// was written as two halves and read back whole, a store the CPU cannot
// forward, and that stall was a tenth of a poison trace's rendering.
class ObjectWriter {
 public:
  // Appends "{"; Close() appends the rest.
  ObjectWriter(JsonOut* out, int depth) : out_(out), depth_(depth) { out_->push_back('{'); }

  void String(const JsonKey& key, std::string_view value) {
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
  // `encoded` is a JSON value already (a quoted and escaped string, say),
  // written as it is.
  void Encoded(const JsonKey& key, std::string_view encoded) {
    if (encoded.size() > kValueRoom + 2) {
      Key(key);
      out_->append(encoded);
      return;
    }
    Member(key, [&](char* p) { return Put(p, encoded); });
  }
  void StringOrNull(const JsonKey& key, std::string_view value) {
    if (value.empty()) {
      Member(key, [](char* p) { return Put(p, "null"); });
    } else {
      String(key, value);
    }
  }
  void Int(const JsonKey& key, int64_t value) {
    Member(key, [&](char* p) { return std::to_chars(p, p + 24, value).ptr; });
  }
  // Minor units as a decimal string ("12345.67"), as Money() writes them.
  void Money(const JsonKey& key, int64_t minor_units, int minor_digits) {
    Member(key, [&](char* p) {
      *p++ = '"';
      p = PutMinorUnits(p, minor_units, minor_digits);
      *p++ = '"';
      return p;
    });
  }
  // "2024-03-02T10:00:00Z", as FormatTimestamp() writes it.
  void Timestamp(const JsonKey& key, moneytrail::Timestamp t) {
    Member(key, [&](char* p) {
      *p++ = '"';
      p = PutTimestamp(p, t);
      *p++ = '"';
      return p;
    });
  }
  // A nested object under `key`; close it before writing the next member.
  ObjectWriter Object(const JsonKey& key) {
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
  // Room for a member's value: money and timestamps fit, and so do ids; a
  // longer string goes the slow way.
  static constexpr size_t kValueRoom = 128;
  static constexpr size_t kKeyRoom = 128;
  static_assert(kMaxMinorUnitsChars <= kValueRoom && kMaxTimestampChars <= kValueRoom);

  static char* Put(char* p, std::string_view s) {
    std::memcpy(p, s.data(), s.size());
    return p + s.size();
  }
  // Separator, indentation and `"key": `, then what `value(p)` writes (at
  // most kValueRoom + 2 bytes).
  template <typename Value>
  void Member(const JsonKey& key, Value value) {
    const size_t indent = static_cast<size_t>(depth_ + 1) * 2;
    if (key.name().size() + indent > kKeyRoom || !key.plain()) {
      Key(key);
      out_->Commit(value(out_->Claim(kValueRoom + 2)));
      return;
    }
    char* p = out_->Claim(kKeyRoom + 8 + kValueRoom + 2);
    if (!empty_) *p++ = ',';
    *p++ = '\n';
    empty_ = false;
    std::memset(p, ' ', indent);
    p += indent;
    *p++ = '"';
    p = Put(p, key.name());
    p = Put(p, "\": ");
    out_->Commit(value(p));
  }
  void Key(const JsonKey& key) {
    out_->append(empty_ ? "\n" : ",\n");
    empty_ = false;
    out_->append(static_cast<size_t>(depth_ + 1) * 2, ' ');
    AppendJsonString(out_, key.name());
    out_->append(": ");
  }

  JsonOut* out_;
  int depth_;
  bool empty_ = true;
};

}  // namespace moneytrail::trace::internal

#endif  // MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
