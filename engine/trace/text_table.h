// A plain-text table for the human renderings: left-aligned text columns,
// right-aligned number columns, two spaces between columns, no trailing blanks.
//
// Thread safety: plain value.
#ifndef MONEYTRAIL_ENGINE_TRACE_TEXT_TABLE_H_
#define MONEYTRAIL_ENGINE_TRACE_TEXT_TABLE_H_

#include <string>
#include <vector>

namespace moneytrail::trace {

class TextTable {
 public:
  // `right[i]` right-aligns column i (amounts, counts). Missing entries: left.
  TextTable(std::vector<std::string> header, std::vector<bool> right = {})
      : header_(std::move(header)), right_(std::move(right)) {}

  // A row with fewer cells than the header is padded with empty cells.
  void AddRow(std::vector<std::string> cells) { rows_.push_back(std::move(cells)); }
  bool empty() const { return rows_.empty(); }

  // Every line prefixed by `indent` and ended by '\n'.
  std::string Render(const std::string& indent = "  ") const;

 private:
  std::vector<std::string> header_;
  std::vector<bool> right_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace moneytrail::trace

#endif  // MONEYTRAIL_ENGINE_TRACE_TEXT_TABLE_H_
