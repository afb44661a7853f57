// Internal to engine/trace (and engine/graph, engine/query): shared pieces of the JSON
// renderings. Includes nlohmann/json; never include it from a public header.
#ifndef MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
#define MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

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

// Appends `s` as a JSON string exactly as Dump() writes it. Plain ASCII, the
// common case by far, is copied; anything else goes through nlohmann/json.
inline void AppendJsonString(std::string* out, std::string_view s) {
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u >= 0x80 || c == '"' || c == '\\') {
      out->append(
          Json(std::string(s)).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      return;
    }
  }
  out->push_back('"');
  out->append(s);
  out->push_back('"');
}

// Writes one JSON object into a string, members in the order written, with
// the bytes Dump() would give the same object nested `depth` levels deep.
// For output of millions of objects (a poison trace's flows), where building
// a document tree per object costs most of the rendering.
class ObjectWriter {
 public:
  // Appends "{"; Close() appends the rest.
  ObjectWriter(std::string* out, int depth) : out_(out), depth_(depth) { out_->push_back('{'); }

  void String(std::string_view key, std::string_view value) {
    Key(key);
    AppendJsonString(out_, value);
  }
  void StringOrNull(std::string_view key, std::string_view value) {
    if (value.empty()) {
      Key(key);
      out_->append("null");
    } else {
      String(key, value);
    }
  }
  void Int(std::string_view key, int64_t value) {
    Key(key);
    out_->append(std::to_string(value));
  }
  // A nested object under `key`; close it before writing the next member.
  ObjectWriter Object(std::string_view key) {
    Key(key);
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
