#include "engine/trace/text_table.h"

#include <algorithm>

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
  auto line = [&](const std::vector<std::string>& cells) {
    std::string out = indent;
    for (size_t i = 0; i < width.size(); ++i) {
      const std::string cell = i < cells.size() ? cells[i] : std::string();
      std::string pad(width[i] - cell.size(), ' ');
      bool right = i < right_.size() && right_[i];
      out += right ? pad + cell : cell + pad;
      if (i + 1 < width.size()) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header_);
  for (const auto& row : rows_) out += line(row);
  return out;
}

}  // namespace moneytrail::trace
