#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "engine/query/query_render.h"
#include "tests/query/test_store.h"

namespace moneytrail::query {
namespace {

using testing::At;
using testing::Cents;
using ::testing::ElementsAre;
using ::testing::EndsWith;
using ::testing::HasSubstr;
using ::testing::Not;
using testing::TestStore;
using Json = nlohmann::ordered_json;

std::vector<std::string> Keys(const Json& j) {
  std::vector<std::string> out;
  for (const auto& [k, v] : j.items()) out.push_back(k);
  return out;
}

std::vector<std::string> SplitCrlf(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i; (i = s.find("\r\n", start)) != std::string::npos; start = i + 2) {
    out.push_back(s.substr(start, i - start));
  }
  EXPECT_EQ(start, s.size()) << "every CSV line ends with CRLF";
  return out;
}

class RenderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t_.Party("P1", {.phone = "600111222"})
        .Party("P2", {.phone = "600-111-222"})
        .Account("A", "P1", "10.00")
        .Account("=B", "P2")
        .Tx("T1", 1, "A", "=B", "12.50")
        .Tx("T2", 2, "A", "C", "3.00")
        .Tx("T3", 3, "=B", "D", "12.00")
        .Tx("T4", 4, "D", "E", "11.00");
  }
  const Currency eur_;
  TestStore t_;
};

TEST_F(RenderTest, NeighborsJsonHasTheDocumentedFieldsAndTruncation) {
  NeighborsOptions o;
  o.hops = 2;
  o.limit = 2;
  o.filter.since = At(0);
  auto r = Neighbors(t_.Build(), "A", o);
  ASSERT_TRUE(r.ok());
  Json j = Json::parse(RenderNeighbors(*r, eur_, OutputFormat::kJson));
  EXPECT_THAT(Keys(j), ElementsAre("query", "account", "hops", "direction", "since", "until",
                                   "min_amount", "currency", "limit", "max_fanout", "found",
                                   "truncated", "truncated_by", "hubs", "neighbors"));
  EXPECT_EQ(j["since"], "2024-03-01T00:00:00Z");
  EXPECT_TRUE(j["until"].is_null());
  EXPECT_EQ(j["found"], 3);
  EXPECT_EQ(j["truncated"], true);
  EXPECT_EQ(j["truncated_by"], Json::array({"limit"}));
  ASSERT_EQ(j["neighbors"].size(), 2u);
  const Json& b = j["neighbors"][0];
  EXPECT_THAT(Keys(b), ElementsAre("account", "hop", "via", "flow", "transactions", "total",
                                   "first", "last", "hub"));
  EXPECT_EQ(b["account"], "=B");
  EXPECT_EQ(b["total"], "12.50");
  EXPECT_EQ(b["flow"], "out");
  EXPECT_EQ(b["first"], "2024-03-01T01:00:00Z");
}

TEST_F(RenderTest, NeighborsCsvNeutralisesFormulasAndKeepsNumbers) {
  auto r = Neighbors(t_.Build(), "A", {});
  ASSERT_TRUE(r.ok());
  std::vector<std::string> lines = SplitCrlf(RenderNeighbors(*r, eur_, OutputFormat::kCsv));
  EXPECT_THAT(lines,
              ElementsAre("hop,account,via,flow,transactions,total,first,last,hub",
                          "1,'=B,A,out,1,12.50,2024-03-01T01:00:00Z,2024-03-01T01:00:00Z,false",
                          "1,C,A,out,1,3.00,2024-03-01T02:00:00Z,2024-03-01T02:00:00Z,false"));
}

TEST_F(RenderTest, TablesEndWithANoteOnlyWhenALimitCut) {
  const storage::Store& s = t_.Build();
  NeighborsOptions o;
  std::string full = RenderNeighbors(*Neighbors(s, "A", o), eur_, OutputFormat::kTable);
  EXPECT_THAT(full, HasSubstr("Neighbors of A: 1 hop, both, currency EUR, 2 found"));
  EXPECT_THAT(full, Not(HasSubstr("note:")));
  o.limit = 1;
  auto cut = Neighbors(s, "A", o);
  std::string table = RenderNeighbors(*cut, eur_, OutputFormat::kTable);
  EXPECT_THAT(table, EndsWith("note: 1 of 2 neighbours shown (limit 1)\n"));
  EXPECT_EQ(TruncationNote(*cut), "note: 1 of 2 neighbours shown (limit 1)\n");
}

TEST_F(RenderTest, PathsRenderEveryStep) {
  auto r = FindPaths(t_.Build(), "A", "E", {});
  ASSERT_TRUE(r.ok());
  Json j = Json::parse(RenderPaths(*r, eur_, OutputFormat::kJson));
  EXPECT_EQ(j["query"], "path");
  EXPECT_EQ(j["searched_hops"], 4);
  ASSERT_EQ(j["paths"].size(), 1u);
  EXPECT_EQ(j["paths"][0]["rank"], 1);
  EXPECT_EQ(j["paths"][0]["hops"], 3);
  EXPECT_EQ(j["paths"][0]["amount"], "11.00");
  EXPECT_EQ(j["paths"][0]["steps"][0]["tx_id"], "T1");
  EXPECT_EQ(j["paths"][0]["steps"][2]["original_currency"], "EUR");
  std::vector<std::string> csv = SplitCrlf(RenderPaths(*r, eur_, OutputFormat::kCsv));
  ASSERT_EQ(csv.size(), 4u);
  EXPECT_EQ(csv[2], "1,3,11.00,2,T3,2024-03-01T03:00:00Z,'=B,D,12.00,12.00,EUR");
  std::string table = RenderPaths(*r, eur_, OutputFormat::kTable);
  EXPECT_THAT(table, HasSubstr("#1  3 hops, amount 11.00"));
}

TEST_F(RenderTest, AnEmptyPathSearchSaysNoChain) {
  auto r = FindPaths(t_.Build(), "E", "A", {});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(RenderPaths(*r, eur_, OutputFormat::kTable), EndsWith("No chain.\n"));
  EXPECT_EQ(Json::parse(RenderPaths(*r, eur_, OutputFormat::kJson))["paths"].size(), 0u);
}

TEST_F(RenderTest, LinkedRendersOneCsvRowPerLink) {
  auto r = FindLinked(t_.Build(), "A", {});
  ASSERT_TRUE(r.ok());
  Json j = Json::parse(RenderLinked(*r, OutputFormat::kJson));
  EXPECT_EQ(j["party_id"], "P1");
  EXPECT_EQ(j["accounts"][1]["links"][0]["kind"], "phone");
  EXPECT_EQ(j["accounts"][1]["links"][0]["with"], Json::array({"P1"}));
  std::vector<std::string> csv = SplitCrlf(RenderLinked(*r, OutputFormat::kCsv));
  EXPECT_THAT(csv, ElementsAre("account,holder_id,holder_name,distance,link_kind,link_value,with",
                               "A,P1,Party P1,0,phone,600111222,P2",
                               "'=B,P2,Party P2,1,phone,600111222,P1"));
}

TEST_F(RenderTest, TimelineCsvHasTheAccountCommandsColumns) {
  auto r = Timeline(t_.Build(), "=B", {});
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(SplitCrlf(RenderTimeline(*r, eur_, OutputFormat::kCsv)),
              ElementsAre("tx_id,timestamp,direction,counterparty,amount,currency,base_amount,"
                          "balance",
                          "T1,2024-03-01T01:00:00Z,in,A,12.50,EUR,12.50,12.50",
                          "T3,2024-03-01T03:00:00Z,out,D,12.00,EUR,-12.00,0.50"));
  Json j = Json::parse(RenderTimeline(*r, eur_, OutputFormat::kJson));
  EXPECT_EQ(j["holder_id"], "P2");
  EXPECT_EQ(j["closing_balance"], "0.50");
  EXPECT_EQ(j["transactions"][1]["base_amount"], "-12.00");
}

TEST_F(RenderTest, RenderingsAreIdenticalOnEveryRun) {
  TestStore t;
  for (int i = 0; i < 30; ++i) {
    std::string mid = "M" + std::to_string(i % 7);
    t.Tx("S" + std::to_string(i), i, "A", mid, "1.00");
    t.Tx("U" + std::to_string(i), 40 + i, mid, "Z" + std::to_string(i % 5), "1.00");
    t.Tx("V" + std::to_string(i), 80 + i, "Z" + std::to_string(i % 5), "B", "1.00");
  }
  const storage::Store& s = t.Build();
  NeighborsOptions n;
  n.hops = 3;
  PathOptions p;
  p.limit = 50;
  std::string first = RenderNeighbors(*Neighbors(s, "A", n), eur_, OutputFormat::kJson) +
                      RenderPaths(*FindPaths(s, "A", "B", p), eur_, OutputFormat::kJson);
  for (int run = 0; run < 3; ++run) {
    EXPECT_EQ(RenderNeighbors(*Neighbors(s, "A", n), eur_, OutputFormat::kJson) +
                  RenderPaths(*FindPaths(s, "A", "B", p), eur_, OutputFormat::kJson),
              first);
  }
  // 3-hop chains A>M>Z>B: 780 of them, many of equal amount: ties broken by time.
  EXPECT_THAT(first, HasSubstr("\"found\": 780"));
}

TEST(OutputFormatTest, NamesAreTableJsonCsv) {
  EXPECT_EQ(OutputFormatFromName("table"), OutputFormat::kTable);
  EXPECT_EQ(OutputFormatFromName("json"), OutputFormat::kJson);
  EXPECT_EQ(OutputFormatFromName("csv"), OutputFormat::kCsv);
  EXPECT_EQ(OutputFormatFromName("xml"), std::nullopt);
}

}  // namespace
}  // namespace moneytrail::query
