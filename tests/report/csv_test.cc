#include <gtest/gtest.h>

#include <sstream>

#include "engine/report/report_csv.h"
#include "tests/report/sample_report.h"

namespace moneytrail::report {
namespace {

using testing::SampleReport;

// Splits RFC 4180 text into rows of unquoted cells (enough for our output).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string cell;
  bool quoted = false, row_has_cells = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(cell);
      cell.clear();
      row_has_cells = true;
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(cell);
      cell.clear();
      rows.emplace_back();
      row_has_cells = false;
      ++i;
    } else {
      cell += c;
    }
  }
  if (!cell.empty() || row_has_cells) rows.back().push_back(cell);
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(ReportCsvTest, ScheduleStartsWithABomAndUsesCrlf) {
  std::string csv = RenderScheduleCsv(SampleReport());
  EXPECT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_EQ(csv.substr(csv.size() - 2), "\r\n");
  EXPECT_EQ(csv.find("\n", 0), csv.find("\r\n", 0) + 1);
}

TEST(ReportCsvTest, ScheduleHasOneRowPerLineAndAColumnPerClaimant) {
  Report r = SampleReport();
  auto rows = ParseCsv(RenderScheduleCsv(r).substr(3));
  ASSERT_EQ(rows.size(), r.schedule.size() + 1);
  const auto& header = rows[0];
  auto col = [&](const std::string& name) {
    return static_cast<size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  };
  ASSERT_LT(col("tainted_V2"), header.size());
  for (const auto& row : rows) EXPECT_EQ(row.size(), header.size());
  EXPECT_EQ(rows[3][col("tx_id")], "T-3");
  EXPECT_EQ(rows[3][col("tainted")], "150000.00");
  EXPECT_EQ(rows[3][col("tainted_V2")], "23310.81");
  EXPECT_EQ(rows[4][col("libr_low_point")], "yes");
  EXPECT_EQ(rows[4][col("to_account")], "");  // a cash withdrawal
  EXPECT_EQ(rows[1][col("source_file")], "transactions.csv");
  EXPECT_EQ(rows[1][col("source_line")], "2");
}

TEST(ReportCsvTest, OneClaimantNeedsNoSplitColumns) {
  Report r = SampleReport();
  r.header.claimants = {"V1"};
  std::string csv = RenderScheduleCsv(r);
  EXPECT_EQ(csv.find("tainted_V1"), std::string::npos);
}

TEST(ReportCsvTest, FormulasAreNeutralisedAndNumbersStayNumbers) {
  Report r = SampleReport();
  r.schedule[0].from_account = "=cmd|' /C calc'!A0";
  r.flags[0].sentence = "+SUM(1,2)";
  r.flags[0].amount = -5;  // a number we formatted: stays a number
  std::string schedule = RenderScheduleCsv(r), measures = RenderMeasuresCsv(r);
  auto s = ParseCsv(schedule.substr(3));
  EXPECT_EQ(s[1][5], "'=cmd|' /C calc'!A0");
  auto m = ParseCsv(measures.substr(3));
  EXPECT_EQ(m[1][8], "'+SUM(1,2)");
  EXPECT_EQ(m[1][7], "-0.05");
  for (const auto& rows : {s, m}) {
    for (const auto& row : rows)
      for (const auto& cell : row)
        if (!cell.empty() && cell != "-0.05") {
          EXPECT_EQ(std::string("=+@\t\r").find(cell[0]), std::string::npos) << cell;
        }
  }
}

TEST(ReportCsvTest, MeasuresListFreezeSeizeValueAndMlaButNotInvestigations) {
  Report r = SampleReport();
  auto rows = ParseCsv(RenderMeasuresCsv(r).substr(3));
  ASSERT_EQ(rows.size(), 5u);  // header + freeze, seize, confiscate_value, mla_request
  EXPECT_EQ(rows[1][0], "freeze");
  EXPECT_EQ(rows[2][0], "seize");
  EXPECT_EQ(rows[3][0], "confiscate_value");
  EXPECT_EQ(rows[4][0], "mla_request");
  EXPECT_EQ(rows[1][5], testing::kScriptAccount);
  EXPECT_EQ(rows[1][11], std::string("ES11VICTIM1 > ES22COLLECT > ") + testing::kScriptAccount);
}

}  // namespace
}  // namespace moneytrail::report
