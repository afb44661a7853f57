#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/report/report_json.h"
#include "tests/report/sample_report.h"

namespace moneytrail::report {
namespace {

using nlohmann::json;
using testing::SampleReport;

TEST(ReportJsonTest, CarriesEverySectionInSchemaOrder) {
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(RenderReportJson(SampleReport()));
  std::vector<std::string> keys;
  for (const auto& [key, value] : j.items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{
                      "schema", "schema_version", "currency", "minor_digits", "case", "method",
                      "until", "max_hops", "as_of", "withheld", "seeds", "comparison", "schedule",
                      "reconciliation", "terminals", "flags", "mla_annexes", "provenance"}));
  EXPECT_EQ(j["schema"], "moneytrail-evidence-report");
  EXPECT_EQ(j["schema_version"], kReportSchemaVersion);
}

TEST(ReportJsonTest, AmountsAreExactDecimalStrings) {
  Report r = SampleReport();
  r.schedule[0].tainted = 123456789012345678;  // beyond a double's exact integers
  json j = json::parse(RenderReportJson(r));
  EXPECT_EQ(j["schedule"][0]["tainted"], "1234567890123456.78");
  EXPECT_EQ(j["reconciliation"]["seed_total"], "296000.00");
  EXPECT_EQ(j["schedule"][2]["by_claimant"]["V2"], "23310.81");
  EXPECT_TRUE(j["schedule"][0]["from_balance"].is_null());  // a seed has no sender balance here
  EXPECT_EQ(j["schedule"][3]["low_point"], true);
}

TEST(ReportJsonTest, ReconciliationLineAndClaimantsAreThere) {
  Report r = SampleReport();
  json j = json::parse(RenderReportJson(r));
  EXPECT_EQ(j["reconciliation"]["line"], ReconciliationLine(r));
  ASSERT_EQ(j["reconciliation"]["by_claimant"].size(), 2u);
  EXPECT_EQ(j["reconciliation"]["by_claimant"][1]["claimant"], "V2");
  EXPECT_EQ(j["comparison"]["terminals"][1]["amounts"]["poison"], "150000.00");
}

TEST(ReportJsonTest, CaseAttributesStayJson) {
  json j = json::parse(RenderReportJson(SampleReport()));
  EXPECT_EQ(j["case"]["attributes"]["victims"], json::array({"V1", "V2"}));
  EXPECT_EQ(j["case"]["attributes"]["offence"], "kidnapping for ransom");
}

TEST(ReportJsonTest, WithheldIsNullWhenNothingIsWithheld) {
  Report r = SampleReport();
  EXPECT_FALSE(json::parse(RenderReportJson(r))["withheld"].is_null());
  r.withheld = {};
  EXPECT_TRUE(json::parse(RenderReportJson(r))["withheld"].is_null());
}

TEST(ReportJsonTest, HostileTextIsEscapedNotInterpreted) {
  std::string text = RenderReportJson(SampleReport());
  json j = json::parse(text);  // still valid JSON
  EXPECT_EQ(j["terminals"][1]["subject"], testing::kScriptAccount);
  EXPECT_EQ(j["terminals"][1]["holder"], testing::kFormulaHolder);
  EXPECT_EQ(text, RenderReportJson(SampleReport()));  // deterministic
}

TEST(ReportJsonTest, InvalidUtf8IsReplacedInsteadOfThrowing) {
  Report r = SampleReport();
  r.header.title = "bad \xff byte";
  json j = json::parse(RenderReportJson(r));
  EXPECT_NE(j["case"]["title"].get<std::string>().find("bad "), std::string::npos);
}

}  // namespace
}  // namespace moneytrail::report
