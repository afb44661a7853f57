// Internal to engine/query: pieces shared by the renderings. Includes
// nlohmann/json (through engine/trace/json_util.h); never include it from a
// public header.
#ifndef MONEYTRAIL_ENGINE_QUERY_RENDER_UTIL_H_
#define MONEYTRAIL_ENGINE_QUERY_RENDER_UTIL_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/amount.h"
#include "engine/core/csv_cell.h"
#include "engine/core/currency.h"
#include "engine/query/filter.h"
#include "engine/query/query_render.h"
#include "engine/trace/json_util.h"

namespace moneytrail::query::internal {

using trace::internal::Json;

inline std::string Money(int64_t minor, const Currency& c) {
  return FormatMinorUnits(minor, c.minor_digits());
}

// One CSV cell: text, or a number we formatted ourselves.
struct Cell {
  std::string text;
  bool number = false;
  Cell(std::string t) : text(std::move(t)) {}  // NOLINT: implicit by design
  Cell(const char* t) : text(t) {}             // NOLINT: implicit by design
  Cell(std::string t, bool n) : text(std::move(t)), number(n) {}
};
inline Cell Num(std::string text) { return Cell(std::move(text), true); }
inline Cell Num(uint64_t n) { return Cell(std::to_string(n), true); }

// One CSV record, CRLF-terminated.
inline std::string CsvLine(const std::vector<Cell>& cells) {
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    out += CsvCell(cells[i].text, cells[i].number);
  }
  return out + "\r\n";
}

// The output of `format` from the rendering functions of one kind of result.
template <typename Table, typename Json, typename Csv>
std::string InFormat(OutputFormat format, Table table, Json json, Csv csv) {
  switch (format) {
    case OutputFormat::kJson:
      return json();
    case OutputFormat::kCsv:
      return csv();
    case OutputFormat::kTable:
      break;
  }
  return table();
}

inline std::string Join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? std::string(sep) : "") + parts[i];
  return out;
}

// "since 2024-03-01T00:00:00Z, until -, min amount 10.00": the filter for a
// table's header; "" when nothing is filtered.
inline std::string FilterLine(const TxFilter& f, const Currency& c) {
  if (!f.since && !f.until && f.min_minor == 0) return "";
  return "Only transactions since " + (f.since ? FormatTimestamp(*f.since) : "-") + ", until " +
         (f.until ? FormatTimestamp(*f.until) : "-") + ", of at least " + Money(f.min_minor, c) +
         "\n";
}

// The JSON fields of a filter: since, until, min_amount.
inline void FilterJson(const TxFilter& f, const Currency& c, Json* j) {
  (*j)["since"] = trace::internal::OptionalTimestamp(f.since);
  (*j)["until"] = trace::internal::OptionalTimestamp(f.until);
  (*j)["min_amount"] = Money(f.min_minor, c);
}

}  // namespace moneytrail::query::internal

#endif  // MONEYTRAIL_ENGINE_QUERY_RENDER_UTIL_H_
