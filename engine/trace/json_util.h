// Internal to engine/trace (and engine/graph, engine/query): shared pieces of the JSON
// renderings. Includes nlohmann/json; never include it from a public header.
#ifndef MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
#define MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

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

}  // namespace moneytrail::trace::internal

#endif  // MONEYTRAIL_ENGINE_TRACE_JSON_UTIL_H_
