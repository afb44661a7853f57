#include "engine/trace/text_table.h"

#include <algorithm>
#include <string_view>

#include "engine/core/amount.h"
#include "engine/trace/labels.h"

namespace moneytrail::trace {

std::string Money(const TraceLabels& labels, int64_t minor_units) {
  return FormatMinorUnits(minor_units, labels.minor_digits);
}

std::string TextTable::Render(const std::string& indent) const {
  std::vector<size_t> width(header_.size(), 0);
  auto widen = [&](const std::vector<std::string>& cells) {
    for (size_t i = 0; i < cells.size() && i < width.size(); ++i) {
      width[i] = std::max(width[i], cells[i].size());
    }
  };
  widen(header_);
  for (const auto& row : rows_) widen(row);
  size_t line_size = indent.size() + 1;
  for (size_t w : width) line_size += w + 2;
  std::string out;
  // A whole-ledger trace's table has hundreds of thousands of rows: each is
  // written in place, without a string per cell, pad or line.
  out.reserve(line_size * (rows_.size() + 1));
  auto line = [&](const std::vector<std::string>& cells) {
    out += indent;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string_view cell = i < cells.size() ? std::string_view(cells[i]) : "";
      const size_t pad = width[i] - cell.size();
      const bool right = i < right_.size() && right_[i];
      if (right) out.append(pad, ' ');
      out += cell;
      if (!right) out.append(pad, ' ');
      if (i + 1 < width.size()) out += "  ";
    }
    // No trailing blanks; the line before ends in '\n', so this stops there.
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  };
  line(header_);
  for (const auto& row : rows_) line(row);
  return out;
}

}  // namespace moneytrail::trace
