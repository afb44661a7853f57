#include <gtest/gtest.h>

#include <sstream>

#include "engine/graph/taint_graph.h"
#include "tests/trace/ledger_builder.h"

namespace moneytrail::graph {
namespace {

using trace::kCash;
using trace::testing::Eur;
using trace::testing::LedgerBuilder;

size_t Count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t p = text.find(what); p != std::string::npos; p = text.find(what, p + 1)) ++n;
  return n;
}

TEST(GraphMlTest, WritesSeedsAccountsTerminalsAndOneEdgePerTransaction) {
  LedgerBuilder b;
  uint32_t a = b.Account("A");
  uint32_t c = b.Account("C");
  uint32_t seller = b.Account("SELLER");
  b.Seed(b.Tx("T-1", kCash, a, Eur(100)));
  b.Tx("T-2", a, c, Eur(60));
  b.Tx("T-3", c, kCash, Eur(10));
  b.Asset(b.Tx("T-4", a, seller, Eur(40)), "CAR");
  Result<trace::TraceResult> r = trace::Trace(b.input, trace::TraceOptions{});
  ASSERT_TRUE(r.ok());
  std::ostringstream out;
  ASSERT_TRUE(WriteTaintGraphMl(*r, b.input, b.Labels(), out).ok());
  std::string xml = out.str();
  EXPECT_NE(xml.find("<graphml"), std::string::npos);
  EXPECT_EQ(Count(xml, "<node "), 5u);  // seed, A, C, cash:C, asset:CAR
  EXPECT_EQ(Count(xml, "<edge "), 4u);
  EXPECT_NE(xml.find("seed:T-1"), std::string::npos);
  EXPECT_NE(xml.find("account:C"), std::string::npos);
  EXPECT_NE(xml.find("asset:CAR"), std::string::npos);
  EXPECT_NE(xml.find("cash:C"), std::string::npos);
  EXPECT_NE(xml.find(">60.00<"), std::string::npos);
  std::ostringstream again;
  ASSERT_TRUE(WriteTaintGraphMl(*r, b.input, b.Labels(), again).ok());
  EXPECT_EQ(xml, again.str());
}

}  // namespace
}  // namespace moneytrail::graph
