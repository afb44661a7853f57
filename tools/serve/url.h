// The parts of a request target: path segments and query parameters,
// percent-decoded (RFC 3986; `+` is a space in queries, as forms send it).
#ifndef MONEYTRAIL_TOOLS_SERVE_URL_H_
#define MONEYTRAIL_TOOLS_SERVE_URL_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::serve {

// Decodes %XX escapes (and `+` as a space when `plus_is_space`). A usage
// error for a bad escape or a decoded NUL byte.
Result<std::string> PercentDecode(std::string_view text, bool plus_is_space);

// "/api/v1/accounts/X" -> {"api", "v1", "accounts", "X"}; not decoded, so
// that an escaped "/" inside a segment stays inside it.
std::vector<std::string> SplitPath(std::string_view path);

// "a=1&b=x%20y" -> {a: "1", b: "x y"}. A usage error for a bad escape or a
// name given twice; empty pieces ("a=1&&b=2") are skipped.
Result<std::map<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_URL_H_
