// Golden renderings: the full JSON and table output of worked examples,
// compared byte for byte with files under tests/trace/golden/. To refresh
// after a deliberate change, run with MONEYTRAIL_UPDATE_GOLDEN=1 and review
// the diff.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "engine/trace/compare.h"
#include "engine/trace/trace_json.h"
#include "engine/trace/trace_table.h"
#include "tests/trace/ledger_builder.h"

namespace moneytrail::trace {
namespace {

using testing::Eur;
using testing::LedgerBuilder;

void ExpectGolden(const std::string& name, const std::string& actual) {
  std::string path = std::string(MT_TRACE_GOLDEN_DIR) + "/" + name;
  if (std::getenv("MONEYTRAIL_UPDATE_GOLDEN") != nullptr) {
    std::ofstream(path, std::ios::binary) << actual;
  }
  std::ifstream in(path, std::ios::binary);
  ASSERT_TRUE(in.good()) << "missing golden file " << path;
  std::stringstream expected;
  expected << in.rdbuf();
  EXPECT_EQ(actual, expected.str()) << "golden " << path;
}

// Example 4 of TRACING.md, with holders and countries.
LedgerBuilder CarAndTransfer() {
  LedgerBuilder b("K-2024-001");
  uint32_t w = b.Account("ACC-W", Eur(10000));
  uint32_t victim = b.Account("ACC-VICTIM", Eur(50000));
  uint32_t dealer = b.Account("ACC-DEALER");
  uint32_t to = b.Account("ACC-B");
  uint32_t employer = b.Account("ACC-EMPLOYER", Eur(20000));
  b.Seed(b.Tx("T-1", victim, w, Eur(50000)));
  b.Asset(b.Tx("T-2", w, dealer, Eur(15000)), "CAR-1");
  b.Tx("T-3", w, to, Eur(40000));
  b.Tx("T-4", employer, w, Eur(20000));
  return b;
}

// Example 5 of TRACING.md, plus a gap that needs inferred funds.
LedgerBuilder ThreeClaimants() {
  LedgerBuilder b("K-2024-002");
  uint32_t k = b.Account("ACC-K");
  uint32_t v1 = b.Account("ACC-V1", Eur(60000));
  uint32_t v2 = b.Account("ACC-V2", Eur(40000));
  uint32_t v3 = b.Account("ACC-V3", Eur(30000));
  uint32_t seller = b.Account("ACC-SELLER");
  uint32_t mule = b.Account("ACC-MULE");
  b.Seed(b.Tx("T-1", v1, k, Eur(60000)), 0, "V1");
  b.Seed(b.Tx("T-2", v2, k, Eur(40000)), 0, "V2");
  b.Tx("T-3", k, kCash, Eur(50000));
  b.Seed(b.Tx("T-4", v3, k, Eur(30000)), 0, "V3");
  b.Asset(b.Tx("T-5", k, seller, Eur(30000)), "ASSET-1");
  b.Tx("T-6", k, mule, Eur(10000));
  b.Tx("T-7", mule, kCash, Eur(12000));  // 2,000 more than the mule ever had
  return b;
}

TraceLabels Labels(const LedgerBuilder& b) {
  TraceLabels labels = b.Labels();
  labels.account = [](std::string_view id) {
    if (id == "ACC-W" || id == "ACC-K") return AccountLabel{"P-7", "MX"};
    if (id == "ACC-B") return AccountLabel{"P-9", ""};
    return AccountLabel{};
  };
  return labels;
}

TEST(GoldenTest, LibrJsonOfTheCarExampleMatches) {
  LedgerBuilder b = CarAndTransfer();
  Result<TraceResult> r = Trace(b.input, TraceOptions{});
  ASSERT_TRUE(r.ok());
  ExpectGolden("example4_libr.json", RenderTraceJson(*r, b.input, Labels(b)));
}

TEST(GoldenTest, ProRataJsonWithThreeClaimantsMatches) {
  LedgerBuilder b = ThreeClaimants();
  TraceOptions options;
  options.method = Method::kProRata;
  Result<TraceResult> r = Trace(b.input, options);
  ASSERT_TRUE(r.ok());
  ExpectGolden("example5_pro_rata.json", RenderTraceJson(*r, b.input, Labels(b)));
  ExpectGolden("example5_pro_rata.txt", RenderTraceTable(*r, b.input, Labels(b)));
}

TEST(GoldenTest, PoisonJsonWithAnUntilMatches) {
  LedgerBuilder b = ThreeClaimants();
  TraceOptions options;
  options.method = Method::kPoison;
  options.until = b.At(4);
  Result<TraceResult> r = Trace(b.input, options);
  ASSERT_TRUE(r.ok());
  ExpectGolden("example5_poison_until.json", RenderTraceJson(*r, b.input, Labels(b)));
}

TEST(GoldenTest, CompareOfTheCarExampleMatches) {
  LedgerBuilder b = CarAndTransfer();
  Result<CompareResult> c = RunCompare(b.input, TraceOptions{});
  ASSERT_TRUE(c.ok());
  ExpectGolden("example4_compare.txt", RenderCompareTable(*c, b.input, Labels(b)));
  ExpectGolden("example4_compare.json", RenderCompareJson(*c, b.input, Labels(b)));
}

}  // namespace
}  // namespace moneytrail::trace
