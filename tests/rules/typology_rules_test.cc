// The typology rules over the whole store (the FIU's batch scan): each fires
// on a scenario built for it and stays silent on a near miss.
#include <gtest/gtest.h>

#include "tests/rules/scenario.h"

namespace moneytrail::rules {
namespace {

using testing::Cents;
using testing::FactOf;
using testing::Of;
using testing::Scenario;

std::vector<std::string> Subjects(const FlagReport& r, const std::string& rule) {
  std::vector<std::string> out;
  for (const Flag& f : Of(r, rule)) out.push_back(f.subject_id);
  return out;
}

void People(Scenario& s, std::initializer_list<const char*> ids) {
  for (const char* id : ids) s.Account(id, "P", "ES", "100000.00");
  s.Party("P");
}

TEST(TypologyScanTest, OnlyInvestigationsComeOutOfTheScan) {
  Scenario s;
  People(s, {"A", "B"});
  s.Tx("T1", 0, "A", "B", "50000.00").Seed("T1");  // a case exists, but the scan ignores it
  for (const Flag& f : s.Typologies().flags) EXPECT_EQ(f.action, Action::kInvestigate) << f.rule_id;
}

TEST(PassThroughTest, FlagsAnAccountSendingOn80PercentWithin48Hours) {
  Scenario s;
  People(s, {"X", "B"});
  s.Account("A", "P");
  s.Tx("T1", 0, "X", "A", "10000.00").Tx("T2", 47, "A", "B", "8000.00");
  auto flags = Of(s.Typologies(), "typology-rapid-pass-through");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].subject_id, "A");
  EXPECT_EQ(FactOf(flags[0], "pass_through_percent")->number, 80);
  EXPECT_EQ(flags[0].amount, Cents("8000.00"));
  EXPECT_EQ(flags[0].tx_ids, (std::vector<std::string>{"T1", "T2"}));
}

TEST(PassThroughTest, StaysSilentJustUnder80PercentOrAfter48Hours) {
  for (auto [amount, hours] : {std::pair{"7999.99", 47.0}, std::pair{"8000.00", 49.0}}) {
    Scenario s;
    People(s, {"X", "B"});
    s.Account("A", "P");
    s.Tx("T1", 0, "X", "A", "10000.00").Tx("T2", hours, "A", "B", amount);
    EXPECT_TRUE(Of(s.Typologies(), "typology-rapid-pass-through").empty())
        << amount << " at " << hours;
  }
}

TEST(StructuringTest, FlagsThreeDepositsJustUnderTheThresholdWithinAWeek) {
  Scenario s;
  People(s, {"A"});
  s.Tx("T1", 0, "", "A", "9000.00")
      .Tx("T2", 48, "", "A", "9500.00")
      .Tx("T3", 168, "", "A", "9999.99");
  auto flags = Of(s.Typologies(), "typology-structuring-deposits");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(FactOf(flags[0], "structuring_deposits")->number, 3);
  EXPECT_EQ(flags[0].tx_ids.size(), 3u);
}

TEST(StructuringTest, StaysSilentOnANearMiss) {
  // One deposit 10 % + 1 cent under, one at the threshold, one a week and an hour later.
  for (auto [a3, h3] :
       {std::pair{"8999.99", 100.0}, std::pair{"10000.00", 100.0}, std::pair{"9100.00", 169.0}}) {
    Scenario s;
    People(s, {"A"});
    s.Tx("T1", 0, "", "A", "9000.00").Tx("T2", 48, "", "A", "9500.00").Tx("T3", h3, "", "A", a3);
    EXPECT_TRUE(Of(s.Typologies(), "typology-structuring-deposits").empty()) << a3;
  }
}

TEST(FanTest, FlagsFiveCounterpartiesWithin72HoursBothWays) {
  Scenario s;
  People(s, {"A", "B1", "B2", "B3", "B4", "B5", "Z"});
  for (int i = 1; i <= 5; ++i) {
    std::string b = "B" + std::to_string(i);
    s.Tx("O" + std::to_string(i), i * 10, "A", b, "100.00");
    s.Tx("I" + std::to_string(i), i * 10 + 1, b, "Z", "50.00");
  }
  FlagReport r = s.Typologies();
  EXPECT_EQ(Subjects(r, "typology-fan-out"), std::vector<std::string>{"A"});
  EXPECT_EQ(Subjects(r, "typology-fan-in"), std::vector<std::string>{"Z"});
  EXPECT_EQ(FactOf(Of(r, "typology-fan-in")[0], "fan_in_counterparties")->number, 5);
}

TEST(FanTest, StaysSilentWithFourCounterpartiesOrASpreadOver72Hours) {
  Scenario s;
  People(s, {"A", "B1", "B2", "B3", "B4", "B5", "Z"});
  for (int i = 1; i <= 5; ++i) {
    std::string b = "B" + std::to_string(i);
    s.Tx("O" + std::to_string(i), i * 10, "A", i == 5 ? "B1" : b,
         "100.00");  // B1 twice: 4 distinct
    s.Tx("I" + std::to_string(i), i == 5 ? 84.0 : i * 10 + 1.0, b, "Z",
         "50.00");  // 11 .. 84: 73 h apart
  }
  FlagReport r = s.Typologies();
  EXPECT_TRUE(Of(r, "typology-fan-out").empty());
  EXPECT_TRUE(Of(r, "typology-fan-in").empty());
}

TEST(FanTest, OrganisationsCollectingFromManyAreNotFlagged) {
  Scenario s;
  People(s, {"B1", "B2", "B3", "B4", "B5"});
  s.Party("SHOP", "organisation").Account("Z", "SHOP");
  for (int i = 1; i <= 5; ++i)
    s.Tx("I" + std::to_string(i), i, "B" + std::to_string(i), "Z", "50.00");
  EXPECT_TRUE(Of(s.Typologies(), "typology-fan-in").empty());
}

TEST(CycleTest, FlagsEveryAccountOfARoundTrip) {
  Scenario s;
  People(s, {"A", "B", "C", "D"});
  s.Tx("T1", 0, "A", "B", "5000.00")
      .Tx("T2", 24, "B", "C", "4900.00")
      .Tx("T3", 48, "C", "A", "4800.00");
  s.Tx("T4", 50, "A", "D", "10.00");
  FlagReport r = s.Typologies();
  EXPECT_EQ(Subjects(r, "typology-cycle"), (std::vector<std::string>{"A", "B", "C"}));
  auto cycles = Of(r, "typology-cycle");
  ASSERT_FALSE(cycles.empty());
  const Flag& a = cycles[0];
  EXPECT_EQ(FactOf(a, "cycle_accounts")->number, 3);
  EXPECT_EQ(a.amount, Cents("4800.00"));
  EXPECT_EQ(a.chain, (std::vector<std::string>{"A", "B", "C", "A"}));
  EXPECT_EQ(a.tx_ids, (std::vector<std::string>{"T1", "T2", "T3"}));
}

TEST(CycleTest, StaysSilentWithoutAReturnOrWhenItComesBackTooLate) {
  Scenario s;
  People(s, {"A", "B", "C", "D", "E", "F", "G"});
  s.Tx("T1", 0, "A", "B", "5000.00")
      .Tx("T2", 24, "B", "C", "4900.00")
      .Tx("T3", 48, "C", "D", "4800.00");
  // E -> F -> G -> E, but the return comes 40 days later (window 30 days).
  s.Tx("T4", 0, "E", "F", "100.00")
      .Tx("T5", 1, "F", "G", "100.00")
      .Tx("T6", 960, "G", "E", "100.00");
  EXPECT_TRUE(Of(s.Typologies(), "typology-cycle").empty());
}

TEST(SplitTest, FlagsThreeTransfersOneWayBetweenTwoAccountsWithinADay) {
  Scenario s;
  People(s, {"A", "B", "C"});
  s.Tx("T1", 1, "A", "B", "900.00")
      .Tx("T2", 5, "A", "C", "900.00")  // another beneficiary: not part of the split
      .Tx("T3", 12, "A", "B", "950.00")
      .Tx("T4", 25, "A", "B", "980.00");
  FlagReport r = s.Typologies();
  EXPECT_EQ(Subjects(r, "typology-split-transfers"), (std::vector<std::string>{"A", "B"}));
  auto flags = Of(r, "typology-split-transfers");
  ASSERT_FALSE(flags.empty());
  EXPECT_EQ(FactOf(flags[0], "split_transfers")->number, 3);
  EXPECT_EQ(flags[0].tx_ids, (std::vector<std::string>{"T1", "T3", "T4"}));
}

TEST(SplitTest, StaysSilentOnTwoTransfersASpreadOver24HoursOrAnOrganisation) {
  {
    Scenario s;
    People(s, {"A", "B"});
    s.Tx("T1", 0, "A", "B", "900.00").Tx("T2", 1, "A", "B", "900.00");
    s.Tx("T3", 2, "B", "A", "900.00");  // the other way: a separate direction
    EXPECT_TRUE(Of(s.Typologies(), "typology-split-transfers").empty());
  }
  {
    Scenario s;
    People(s, {"A", "B"});
    s.Tx("T1", 0, "A", "B", "900.00").Tx("T2", 12, "A", "B", "900.00");
    s.Tx("T3", 24.01, "A", "B", "900.00");
    EXPECT_TRUE(Of(s.Typologies(), "typology-split-transfers").empty());
  }
  {
    Scenario s;
    People(s, {"A"});
    s.Party("SHOP", "organisation").Account("Z", "SHOP");
    s.Tx("T1", 0, "A", "Z", "9.00").Tx("T2", 1, "A", "Z", "9.00").Tx("T3", 2, "A", "Z", "9.00");
    EXPECT_TRUE(Of(s.Typologies(), "typology-split-transfers").empty());
  }
}

// Four pairs that split (S1 -> R1 three times, ...) and X, who dealt once with
// a member of each pair but split nothing.
void SplitterNetwork(Scenario& s, int pairs_x_deals_with) {
  People(s, {"X", "S1", "S2", "S3", "S4", "R1", "R2", "R3", "R4"});
  for (int p = 1; p <= 4; ++p) {
    std::string n = std::to_string(p);
    for (int k = 0; k < 3; ++k)
      s.Tx("P" + n + "-" + std::to_string(k), p * 100 + k, "S" + n, "R" + n, "500.00");
  }
  for (int p = 1; p <= pairs_x_deals_with; ++p) {
    std::string n = std::to_string(p);
    if (p % 2)
      s.Tx("X" + n, p * 50, "X", "S" + n, "40.00");
    else
      s.Tx("X" + n, p * 50, "R" + n, "X", "40.00");
  }
}

TEST(SplitterNetworkTest, FlagsAnAccountDealingWithFourSplitters) {
  Scenario s;
  SplitterNetwork(s, 4);
  auto flags = Of(s.Typologies(), "typology-splitter-network");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].subject_id, "X");
  EXPECT_EQ(FactOf(flags[0], "split_counterparties")->number, 4);
  EXPECT_EQ(flags[0].chain, (std::vector<std::string>{"S1", "R2", "S3", "R4"}));
  EXPECT_EQ(flags[0].tx_ids, (std::vector<std::string>{"X1", "X2", "X3", "X4"}));
}

TEST(SplitterNetworkTest, StaysSilentWithThreeSplitters) {
  Scenario s;
  SplitterNetwork(s, 3);
  EXPECT_TRUE(Of(s.Typologies(), "typology-splitter-network").empty());
}

TEST(HighRiskTest, FlagsTransfersToListedJurisdictionsOnly) {
  Scenario s;
  People(s, {"A", "B"});
  s.Account("IR1", "Q", "IR").Account("CO1", "Q", "CO");
  s.Tx("T1", 0, "A", "IR1", "700.00").Tx("T2", 1, "B", "CO1", "700.00");
  auto flags = Of(s.Typologies(), "typology-high-risk-jurisdiction");
  ASSERT_EQ(flags.size(), 1u);
  EXPECT_EQ(flags[0].subject_id, "A");
  EXPECT_EQ(FactOf(flags[0], "high_risk_countries_reached")->text, "IR");
}

}  // namespace
}  // namespace moneytrail::rules
