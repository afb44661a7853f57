#include "engine/report/report_csv.h"

#include <vector>

#include "engine/core/csv_cell.h"

namespace moneytrail::report {
namespace {

constexpr char kBom[] = "\xEF\xBB\xBF";

// Builds one CSV document: cells are text (neutralised) or numbers (as is).
class Sheet {
 public:
  Sheet() : out_(kBom) {}
  Sheet& Text(std::string_view s) { return Cell(CsvCell(s)); }
  Sheet& Number(std::string_view s) { return Cell(CsvCell(s, true)); }
  void EndRow() {
    out_ += "\r\n";
    first_ = true;
  }
  std::string Take() { return std::move(out_); }

 private:
  Sheet& Cell(const std::string& cell) {
    if (!first_) out_ += ',';
    out_ += cell;
    first_ = false;
    return *this;
  }
  std::string out_;
  bool first_ = true;
};

}  // namespace

std::string RenderScheduleCsv(const Report& r) {
  const std::vector<std::string>& claimants = r.header.claimants;
  const bool split = claimants.size() > 1;
  Sheet sheet;
  for (const char* h : {"row", "kind", "tx_id", "timestamp_utc", "hop", "from_account",
                        "to_account", "asset_id", "currency", "amount", "tainted"}) {
    sheet.Text(h);
  }
  if (split) {
    for (const std::string& c : claimants) sheet.Text("tainted_" + c);
  }
  for (const char* h : {"from_balance_after", "from_tainted_after", "to_balance_after",
                        "to_tainted_after", "libr_low_point", "source_file", "source_line"}) {
    sheet.Text(h);
  }
  sheet.EndRow();
  auto money = [&](const std::optional<int64_t>& v) {
    return v ? FormatMoney(r, *v) : std::string();
  };
  size_t n = 0;
  for (const ScheduleRow& s : r.schedule) {
    sheet.Number(std::to_string(++n))
        .Text(s.kind)
        .Text(s.tx_id)
        .Text(FormatTimestamp(s.timestamp))
        .Number(std::to_string(s.hop))
        .Text(s.from_account.empty() ? "CASH" : s.from_account)
        .Text(s.kind == "flow" || s.kind == "seed" || !s.to_account.empty()
                  ? (s.to_account.empty() ? "CASH" : s.to_account)
                  : "")
        .Text(s.asset_id)
        .Text(r.currency)
        .Number(FormatMoney(r, s.amount))
        .Number(FormatMoney(r, s.tainted));
    if (split) {
      for (const std::string& c : claimants) {
        int64_t part = 0;
        for (const auto& [claimant, amount] : s.by_claimant)
          if (claimant == c) part = amount;
        sheet.Number(FormatMoney(r, part));
      }
    }
    sheet.Number(money(s.from_balance))
        .Number(money(s.from_tainted))
        .Number(money(s.to_balance))
        .Number(money(s.to_tainted))
        .Text(s.low_point ? "yes" : "")
        .Text(s.source.file)
        .Number(s.source.file.empty() ? "" : std::to_string(s.source.line));
    sheet.EndRow();
  }
  return sheet.Take();
}

std::string RenderMeasuresCsv(const Report& r) {
  Sheet sheet;
  for (const char* h :
       {"action", "severity", "urgency", "rule_id", "subject_kind", "subject_id", "currency",
        "amount", "sentence", "legal_basis", "evidence_tx_ids", "chain"}) {
    sheet.Text(h);
  }
  sheet.EndRow();
  auto joined = [](const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const std::string& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
  };
  for (const FlagRow& f : r.flags) {
    if (f.action == "investigate") continue;
    sheet.Text(f.action)
        .Text(f.severity)
        .Text(f.urgency)
        .Text(f.rule_id)
        .Text(f.subject_kind)
        .Text(f.subject_id)
        .Text(r.currency)
        .Number(f.amount ? FormatMoney(r, *f.amount) : "")
        .Text(f.sentence)
        .Text(f.legal_basis)
        .Text(joined(f.tx_ids, " "))
        .Text(joined(f.chain, " > "));
    sheet.EndRow();
  }
  return sheet.Take();
}

}  // namespace moneytrail::report
