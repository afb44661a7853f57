// The rulebook is data: the default one is valid, and a bad one is refused
// with the JSON path of every fault.
#include "rules/rulebook.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "rules/registry.h"

namespace moneytrail::rules {
namespace {

using nlohmann::json;
using ::testing::HasSubstr;

json Book(json rule) { return {{"rulebook", "t"}, {"version", 1}, {"rules", json::array({rule})}}; }

json FreezeRule() {
  return {
      {"id", "r1"},
      {"title", "t"},
      {"subject", "account"},
      {"condition", {{"all", {{{"fact", "tainted_balance"}, {"op", ">="}, {"value", "1000.00"}}}}}},
      {"action", "freeze"},
      {"amount", "tainted_balance"},
      {"severity", "high"},
      {"legal_basis", "x"}};
}

std::string Error(const json& j) {
  auto r = ParseRulebook(j.dump());
  EXPECT_FALSE(r.ok());
  return r.ok() ? "" : r.status().message();
}

TEST(RulebookTest, DefaultRulebookIsValidAndHasEveryDefaultRule) {
  auto book = ParseRulebook(DefaultRulebookJson());
  ASSERT_TRUE(book.ok()) << book.status().message();
  std::vector<std::string> ids;
  for (const Rule& r : book->rules) ids.push_back(r.id);
  EXPECT_THAT(ids, ::testing::IsSupersetOf(
                       {"freeze-held-proceeds", "seize-asset-bought-with-proceeds",
                        "confiscate-equivalent-value", "mla-request-per-state",
                        "typology-rapid-pass-through", "typology-structuring-deposits",
                        "typology-fan-out", "typology-fan-in", "typology-cycle",
                        "typology-split-transfers", "typology-splitter-network",
                        "typology-cash-out-after-ransom", "typology-high-risk-jurisdiction"}));
  EXPECT_EQ(book->parameters.reporting_threshold, 1'000'000);
  EXPECT_EQ(book->parameters.fan_window_hours, 72);
  EXPECT_EQ(book->parameters.split_window_hours, 24);
  EXPECT_EQ(book->parameters.split_min_transfers, 3);
}

TEST(RulebookTest, AValidRuleParsesIntoItsParts) {
  auto book = ParseRulebook(Book(FreezeRule()).dump());
  ASSERT_TRUE(book.ok()) << book.status().message();
  const Rule& r = book->rules.at(0);
  EXPECT_EQ(r.action, Action::kFreeze);
  EXPECT_EQ(r.condition.kind, Condition::Kind::kAll);
  EXPECT_EQ(r.condition.children.at(0).value.number, 100000);
}

TEST(RulebookTest, UnknownFactIsRefusedWithItsPath) {
  json r = FreezeRule();
  r["condition"]["all"].push_back({{"fact", "balanse"}, {"op", ">"}, {"value", "1.00"}});
  EXPECT_THAT(
      Error(Book(r)),
      HasSubstr("$.rules[0].condition.all[1].fact: unknown fact 'balanse' for subject account"));
}

TEST(RulebookTest, FactOfAnotherSubjectIsUnknown) {
  json r = FreezeRule();
  r["condition"] = {{"fact", "tainted_paid"}, {"op", ">"}, {"value", "1.00"}};  // an asset fact
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].condition.fact: unknown fact 'tainted_paid'"));
}

TEST(RulebookTest, MoneyAsAJsonNumberIsAWrongType) {
  json r = FreezeRule();
  r["condition"]["all"][0]["value"] = 1000.5;
  EXPECT_THAT(Error(Book(r)),
              HasSubstr("$.rules[0].condition.all[0].value: expected money as a decimal string"));
}

TEST(RulebookTest, WrongTypesForCountsBoolsAndText) {
  json r = FreezeRule();
  r["condition"] = {{"any",
                     {{{"fact", "hop"}, {"op", ">"}, {"value", "2"}},
                      {{"fact", "foreign"}, {"op", "=="}, {"value", "yes"}},
                      {{"fact", "country"}, {"op", "=="}, {"value", 3}}}}};
  std::string e = Error(Book(r));
  EXPECT_THAT(e, HasSubstr("$.rules[0].condition.any[0].value: expected an integer, got string"));
  EXPECT_THAT(e, HasSubstr("$.rules[0].condition.any[1].value: fact 'foreign' is bool"));
  EXPECT_THAT(e, HasSubstr("$.rules[0].condition.any[2].value: fact 'country' is text"));
}

TEST(RulebookTest, UnknownOperatorIsRefused) {
  json r = FreezeRule();
  r["condition"]["all"][0]["op"] = "=>";
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].condition.all[0].op: unknown operator '=>'"));
}

TEST(RulebookTest, OrderingABoolOrListingANumberIsRefused) {
  json r = FreezeRule();
  r["condition"] = {{"all",
                     {{{"fact", "foreign"}, {"op", ">"}, {"value", true}},
                      {{"fact", "hop"}, {"op", "in"}, {"value", json::array({"1"})}}}}};
  std::string e = Error(Book(r));
  EXPECT_THAT(e, HasSubstr("$.rules[0].condition.all[0].op: > does not apply to a bool fact"));
  EXPECT_THAT(e, HasSubstr("$.rules[0].condition.all[1].op: in needs a text fact"));
}

TEST(RulebookTest, DuplicateIdIsRefusedNamingTheFirst) {
  json b = Book(FreezeRule());
  b["rules"].push_back(FreezeRule());
  EXPECT_THAT(Error(b), HasSubstr("$.rules[1].id: duplicate id 'r1' (first at $.rules[0])"));
}

TEST(RulebookTest, ActionSubjectAndSeverityAreChecked) {
  json r = FreezeRule();
  r["action"] = "seize";  // seize applies to assets
  EXPECT_THAT(Error(Book(r)),
              HasSubstr("$.rules[0].action: action 'seize' does not apply to subject 'account'"));
  r = FreezeRule();
  r["action"] = "arrest";
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].action: unknown action 'arrest'"));
  r = FreezeRule();
  r["subject"] = "vessel";
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].subject: unknown subject 'vessel'"));
  r = FreezeRule();
  r["severity"] = "urgent";
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].severity: unknown severity 'urgent'"));
}

TEST(RulebookTest, AmountMustBeAMoneyFactAndIsRequiredForMeasures) {
  json r = FreezeRule();
  r["amount"] = "hop";
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].amount: fact 'hop' is count, not money"));
  r.erase("amount");
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].amount: missing"));
}

TEST(RulebookTest, UnknownKeysParametersAndPlaceholdersAreRefused) {
  json r = FreezeRule();
  r["treshold"] = 3;
  r["sentence"] = "Freeze {amount} of {balanse}";
  json b = Book(r);
  b["parameters"] = {
      {"fan_window_hours", "72"}, {"fan_windw_hours", 72}, {"high_risk_countries", {"ir"}}};
  std::string e = Error(b);
  EXPECT_THAT(e, HasSubstr("$.rules[0].treshold: unknown key 'treshold'"));
  EXPECT_THAT(e, HasSubstr("$.rules[0].sentence: unknown placeholder {balanse}"));
  EXPECT_THAT(e, HasSubstr("$.parameters.fan_window_hours: expected an integer, got string"));
  EXPECT_THAT(e, HasSubstr("$.parameters.fan_windw_hours: unknown parameter 'fan_windw_hours'"));
  EXPECT_THAT(
      e, HasSubstr(
             "$.parameters.high_risk_countries[0]: expected a two-letter upper-case country code"));
}

TEST(RulebookTest, BadJsonAndEmptyConditionsAreRefused) {
  EXPECT_FALSE(ParseRulebook("{\"rules\": [").ok());
  EXPECT_THAT(
      ParseRulebook("{\"rulebook\": \"t\", \"rules\": [], \"x\": 1E999}").status().message(),
      HasSubstr("$"));
  json r = FreezeRule();
  r["condition"] = {{"all", json::array()}};
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].condition.all: expected a non-empty array"));
  r["condition"] = {{"not", {{"fact", "hop"}}}};
  EXPECT_THAT(Error(Book(r)), HasSubstr("$.rules[0].condition.not.op: missing"));
}

TEST(RulebookTest, EveryFactInTheCatalogHasADescriptionAndAUniqueName) {
  std::set<std::pair<Subject, std::string>> seen;
  for (const FactDef& f : FactCatalog()) {
    EXPECT_FALSE(f.description.empty()) << f.name;
    EXPECT_TRUE(seen.emplace(f.subject, f.name).second) << "duplicate fact " << f.name;
  }
  EXPECT_NE(FindFact(Subject::kAccount, "fan_in_counterparties"), nullptr);
  EXPECT_EQ(FindFact(Subject::kAsset, "fan_in_counterparties"), nullptr);
}

}  // namespace
}  // namespace moneytrail::rules
