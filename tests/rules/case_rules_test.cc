// The case rules (freeze, seize, value confiscation, MLA, cash-out after a
// ransom): each fires on a scenario built for it and stays silent on a near
// miss; across them no euro is claimed twice.
#include <gtest/gtest.h>

#include "rules/render.h"
#include "tests/rules/scenario.h"

namespace moneytrail::rules {
namespace {

using testing::Cents;
using testing::FactOf;
using testing::Of;
using testing::Scenario;

// Victim VIC pays the ransom into collector COL (held by P1).
void Base(Scenario& s, const std::string& col_opening = "0.00") {
  s.Party("PV").Party("P1").Party("P2").Party("P3").Party("DEALER", "organisation");
  s.Account("VIC", "PV", "ES", "500000.00")
      .Account("COL", "P1", "ES", col_opening)
      .Account("MUL", "P2");
  s.Account("DEAL", "DEALER").Account("X", "PV", "ES", "1000.00").Account("Y", "PV");
}

TEST(FreezeRuleTest, FreezesProceedsHeldFromTheThreshold) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "1000.00").Seed("T1").Tx("T9", 10, "X", "COL", "1.00");
  auto flags = Of(s.Flag(), "freeze-held-proceeds");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].subject_id, "COL");
  EXPECT_EQ(flags[0].amount, Cents("1000.00"));
  EXPECT_EQ(flags[0].urgency, "immediate");  // arrived 10 h before the end of the data
  EXPECT_EQ(flags[0].tx_ids, std::vector<std::string>{"T1"});
  EXPECT_NE(flags[0].sentence.find("Freeze 1000.00 EUR in account COL"), std::string::npos)
      << flags[0].sentence;
}

TEST(FreezeRuleTest, StaysSilentJustBelowTheThreshold) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "999.99").Seed("T1");
  EXPECT_TRUE(Of(s.Flag(), "freeze-held-proceeds").empty());
}

TEST(FreezeRuleTest, UrgencyFallsWithTheAgeOfTheNewestProceeds) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "5000.00").Seed("T1").Tx("T9", 100, "X", "COL", "1.00");
  auto flags = Of(s.Flag(), "freeze-held-proceeds");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].urgency, "high");  // 100 h: past 72 h, within 720 h
}

TEST(SeizeRuleTest, ReportsLienAndProportionateShare) {
  // 20,000 own money, then 10,000 ransom; a 30,000 car: under libr the own
  // money goes first, so 10,000 of the price is tainted (one third).
  Scenario s;
  Base(s, "20000.00");
  s.Tx("T1", 0, "VIC", "COL", "10000.00").Seed("T1").Tx("T2", 5, "COL", "DEAL", "30000.00");
  s.Asset("CAR", "T2", "100000.00", "P1");
  auto flags = Of(s.Flag(), "seize-asset-bought-with-proceeds");
  ASSERT_EQ(flags.size(), 1u);
  const Flag& f = flags[0];
  EXPECT_EQ(f.subject_id, "CAR");
  EXPECT_EQ(f.amount, Cents("10000.00"));  // the lien
  ASSERT_NE(FactOf(f, "proportionate_share"), nullptr);
  EXPECT_EQ(FactOf(f, "proportionate_share")->number, Cents("33333.33"));  // 100,000 x 1/3, half up
  EXPECT_EQ(FactOf(f, "tainted_percent")->number, 33);
  EXPECT_EQ(FactOf(f, "declared_value")->number, Cents("100000.00"));
  EXPECT_EQ(f.tx_ids, (std::vector<std::string>{"T1", "T2"}));
  EXPECT_EQ(f.chain, (std::vector<std::string>{"VIC", "COL", "asset:CAR"}));
}

TEST(SeizeRuleTest, StaysSilentWhenOnlyOwnMoneyBoughtTheAsset) {
  Scenario s;
  Base(s, "50000.00");
  s.Tx("T1", 0, "VIC", "COL", "10000.00").Seed("T1").Tx("T2", 5, "COL", "DEAL", "30000.00");
  s.Asset("CAR", "T2", "100000.00", "P1");
  EXPECT_TRUE(Of(s.Flag(), "seize-asset-bought-with-proceeds").empty());
}

TEST(ValueConfiscationTest, ClaimsWhatWentToCashNetOfTheFreeze) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "20000.00").Seed("T1").Tx("T2", 3, "COL", "", "15000.00");
  auto r = s.Flag();
  auto conf = Of(r, "confiscate-equivalent-value");
  ASSERT_EQ(conf.size(), 1u);
  EXPECT_EQ(conf[0].subject_id, "P1");
  EXPECT_EQ(conf[0].amount, Cents("15000.00"));
  EXPECT_EQ(FactOf(conf[0], "proceeds_frozen")->number, Cents("5000.00"));
  EXPECT_EQ(Of(r, "freeze-held-proceeds").at(0).amount, Cents("5000.00"));
}

TEST(ValueConfiscationTest, StaysSilentBelowTheThreshold) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "20000.00").Seed("T1").Tx("T2", 3, "COL", "", "999.99");
  auto r = s.Flag();
  EXPECT_TRUE(Of(r, "confiscate-equivalent-value").empty());
  EXPECT_EQ(Of(r, "freeze-held-proceeds").size(), 1u);
}

// 100,000 ransom: 30,000 to a mule, 20,000 for a car, 10,000 cash; the mule
// takes 25,000 cash. Frozen 40,000 + 5,000, seized 20,000, value 10,000 +
// 25,000: together exactly the ransom, nothing twice.
TEST(NoDoubleCountingTest, FreezeSeizeAndValueAddUpToTheRansomExactly) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "100000.00").Seed("T1");
  s.Tx("T2", 1, "COL", "MUL", "30000.00")
      .Tx("T3", 2, "COL", "DEAL", "20000.00")
      .Tx("T4", 3, "COL", "", "10000.00");
  s.Tx("T5", 4, "MUL", "", "25000.00").Asset("CAR", "T3", "20000.00", "P1");
  FlagReport r = s.Flag();
  int64_t freeze = 0, seize = 0, value = 0;
  for (const Flag& f : r.flags) {
    if (f.action == Action::kFreeze) freeze += *f.amount;
    if (f.action == Action::kSeize) seize += *f.amount;
    if (f.action == Action::kConfiscateValue) value += *f.amount;
  }
  EXPECT_EQ(freeze, Cents("45000.00"));
  EXPECT_EQ(seize, Cents("20000.00"));
  EXPECT_EQ(value, Cents("35000.00"));
  EXPECT_EQ(freeze + seize + value, r.seed_total);
  auto conf = Of(r, "confiscate-equivalent-value");
  ASSERT_EQ(conf.size(), 2u);
  EXPECT_EQ(conf[0].subject_id, "P1");
  EXPECT_EQ(conf[0].amount, Cents("10000.00"));  // not the 30,000 it passed on, nor the car
  EXPECT_EQ(conf[1].subject_id, "P2");
  EXPECT_EQ(conf[1].amount, Cents("25000.00"));
}

TEST(NoDoubleCountingTest, UnfrozenSmallBalancesFallToValueConfiscation) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "10000.00").Seed("T1").Tx("T2", 1, "COL", "", "9500.00");
  FlagReport r = s.Flag();
  EXPECT_TRUE(Of(r, "freeze-held-proceeds").empty());  // 500 held, under 1,000
  auto conf = Of(r, "confiscate-equivalent-value");
  ASSERT_EQ(conf.size(), 1u);
  EXPECT_EQ(conf[0].amount, r.seed_total);  // cash 9,500 + unfrozen 500
}

TEST(MlaRuleTest, OneRequestPerForeignStateCountingInternalMovesOnce) {
  Scenario s;
  Base(s);
  s.Account("CO1", "P3", "CO").Account("CO2", "P3", "CO").Account("PA1", "P3", "PA");
  s.Tx("T1", 0, "VIC", "COL", "50000.00").Seed("T1");
  s.Tx("T2", 1, "COL", "CO1", "20000.00")
      .Tx("T3", 2, "CO1", "CO2", "5000.00")
      .Tx("T4", 3, "COL", "PA1", "10000.00");
  auto flags = Of(s.Flag(), "mla-request-per-state");
  ASSERT_EQ(flags.size(), 2u);
  EXPECT_EQ(flags[0].subject_id, "CO");
  EXPECT_EQ(flags[0].amount, Cents("20000.00"));
  ASSERT_EQ(flags[0].mla_items.size(), 2u);
  EXPECT_EQ(flags[0].mla_items[0].account, "CO1");
  EXPECT_EQ(flags[0].mla_items[0].institution, "BANKCO");
  EXPECT_EQ(flags[0].mla_items[0].held, Cents("15000.00"));
  EXPECT_EQ(flags[0].mla_items[1].held, Cents("5000.00"));
  EXPECT_EQ(flags[0].measures, (std::vector<std::string>{"freeze", "produce_records"}));
  EXPECT_EQ(flags[1].subject_id, "PA");
  EXPECT_EQ(flags[1].amount, Cents("10000.00"));
}

TEST(MlaRuleTest, StaysSilentWhenTheProceedsStayedAtHome) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "50000.00").Seed("T1").Tx("T2", 1, "COL", "MUL", "20000.00");
  EXPECT_TRUE(Of(s.Flag(), "mla-request-per-state").empty());
}

TEST(CashOutRuleTest, FlagsCashTakenWithin72HoursOfTheRansom) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "20000.00").Seed("T1").Tx("T2", 1, "COL", "MUL", "9000.00");
  s.Tx("T3", 71, "MUL", "", "9000.00");
  auto flags = Of(s.Flag(), "typology-cash-out-after-ransom");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].subject_id, "MUL");
  EXPECT_EQ(flags[0].amount, Cents("9000.00"));
  EXPECT_EQ(FactOf(flags[0], "hours_from_ransom_to_cash_out")->number, 71);
}

TEST(CashOutRuleTest, StaysSilentAfter72Hours) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "20000.00").Seed("T1").Tx("T2", 1, "COL", "MUL", "9000.00");
  s.Tx("T3", 73, "MUL", "", "9000.00");
  EXPECT_TRUE(Of(s.Flag(), "typology-cash-out-after-ransom").empty());
}

TEST(FlagReportTest, SameStoreSameRulebookSameBytes) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "100000.00").Seed("T1");
  s.Tx("T2", 1, "COL", "MUL", "30000.00")
      .Tx("T3", 2, "COL", "DEAL", "20000.00")
      .Tx("T4", 3, "COL", "", "10000.00");
  s.Asset("CAR", "T3", "25000.00", "P1");
  std::string a = RenderFlagsJson(s.Flag());
  std::string b = RenderFlagsJson(s.Flag());
  EXPECT_EQ(a, b);
  EXPECT_EQ(RenderFlagsCsv(s.Flag()), RenderFlagsCsv(s.Flag()));
  EXPECT_NE(a.find("\"rule_id\": \"seize-asset-bought-with-proceeds\""), std::string::npos);
}

TEST(FlagReportTest, ACustomRulebookReplacesTheDefault) {
  Scenario s;
  Base(s);
  s.Tx("T1", 0, "VIC", "COL", "1500.00").Seed("T1");
  auto book = ParseRulebook(R"({"rulebook": "strict", "rules": [{"id": "freeze-big", "title": "t",
      "subject": "account", "action": "freeze", "amount": "tainted_balance", "severity": "low",
      "legal_basis": "x", "condition": {"fact": "tainted_balance", "op": ">=", "value": "2000.00"}}]})");
  ASSERT_TRUE(book.ok()) << book.status().message();
  EXPECT_TRUE(s.Flag(&*book).flags.empty());
  EXPECT_EQ(s.Flag().flags.size(), 1u);  // the default freezes from 1,000
}

}  // namespace
}  // namespace moneytrail::rules
