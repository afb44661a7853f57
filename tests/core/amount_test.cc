#include "engine/core/amount.h"

#include <gtest/gtest.h>

namespace moneytrail {
namespace {

TEST(ParseMinorUnitsTest, ReadsPlainDecimals) {
  EXPECT_EQ(ParseMinorUnits("1234.56", 2).value(), 123456);
  EXPECT_EQ(ParseMinorUnits("7", 2).value(), 700);
  EXPECT_EQ(ParseMinorUnits("0.5", 2).value(), 50);
  EXPECT_EQ(ParseMinorUnits("1000", 0).value(), 1000);
  EXPECT_EQ(ParseMinorUnits("1.234", 3).value(), 1234);
}

TEST(ParseMinorUnitsTest, RefusesWhatFormatsForbids) {
  for (const char* bad :
       {"12,50", "1e3", "-5", "", ".", "1.2.3", "abc", "0.001", "1 000", "99999999999999999999"}) {
    auto r = ParseMinorUnits(bad, 2);
    EXPECT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kDataError) << bad;
  }
  EXPECT_FALSE(ParseMinorUnits("1.5", 0).ok());
}

TEST(ParseMinorUnitsTest, ExplainsCommaSeparator) {
  auto r = ParseMinorUnits("12,50", 2);
  EXPECT_NE(r.status().message().find("','"), std::string::npos);
}

TEST(ParseMinorUnitsTest, NegativesOnlyWhenAllowed) {
  EXPECT_EQ(ParseMinorUnits("-0.05", 2, true).value(), -5);
}

TEST(ParseMinorUnitsTest, LargestValueFitsAndOneMoreOverflows) {
  EXPECT_EQ(ParseMinorUnits("92233720368547758.07", 2).value(), INT64_MAX);
  EXPECT_FALSE(ParseMinorUnits("92233720368547758.08", 2).ok());
}

TEST(FormatMinorUnitsTest, PrintsExactlyTheMinorDigits) {
  EXPECT_EQ(FormatMinorUnits(123456, 2), "1234.56");
  EXPECT_EQ(FormatMinorUnits(5, 2), "0.05");
  EXPECT_EQ(FormatMinorUnits(-5, 2), "-0.05");
  EXPECT_EQ(FormatMinorUnits(1000, 0), "1000");
  EXPECT_EQ(FormatMinorUnits(1, 3), "0.001");
  EXPECT_EQ(FormatMinorUnits(0, 2), "0.00");
  EXPECT_EQ(FormatMinorUnits(INT64_MIN, 2), "-92233720368547758.08");
  EXPECT_EQ(FormatMinorUnits(INT64_MAX, 0), "9223372036854775807");
  EXPECT_EQ(FormatMinorUnits(7, 9), "0.000000007");
  EXPECT_EQ(FormatMinorUnits(-1, 0), "-1");
}

TEST(FormatMinorUnitsTest, PutWritesTheSameTextWhereItIsTold) {
  for (int64_t v : {INT64_C(0), INT64_C(9), INT64_C(-10), INT64_C(123456789), INT64_MIN}) {
    for (int digits : {0, 2, 3, 9, 30}) {
      char buf[kMaxMinorUnitsChars + 2] = {'=', '='};
      char* end = PutMinorUnits(buf + 2, v, digits);
      ASSERT_LE(end - (buf + 2), static_cast<std::ptrdiff_t>(kMaxMinorUnitsChars));
      EXPECT_EQ(std::string(buf, end), "==" + FormatMinorUnits(v, digits)) << v << " " << digits;
    }
  }
  EXPECT_EQ(FormatMinorUnits(INT64_MIN, 30), "-0.000000000009223372036854775808");
}

TEST(CheckedArithmeticTest, DetectsOverflow) {
  EXPECT_FALSE(CheckedAdd(INT64_MAX, 1).has_value());
  EXPECT_FALSE(CheckedSub(INT64_MIN, 1).has_value());
  EXPECT_EQ(CheckedAdd(2, 3).value(), 5);
}

TEST(ConvertToBaseTest, DividesByTheRateAndRoundsHalfAway) {
  // 100.00 USD at 1.25 USD per EUR = 80.00 EUR.
  EXPECT_EQ(ConvertToBase(10000, 2, ParseRate("1.25").value(), 2).value(), 8000);
  // 1000 JPY at 160 JPY per EUR = 6.25 EUR.
  EXPECT_EQ(ConvertToBase(1000, 0, ParseRate("160").value(), 2).value(), 625);
  // 1.000 KWD at 0.3 KWD per EUR = 3.333.. EUR -> 3.33
  EXPECT_EQ(ConvertToBase(1000, 3, ParseRate("0.3").value(), 2).value(), 333);
  // 0.05 at rate 2 -> 0.025 -> 0.03 (half away from zero)
  EXPECT_EQ(ConvertToBase(5, 2, ParseRate("2").value(), 2).value(), 3);
}

TEST(RateTest, ParsesAndFormats) {
  EXPECT_EQ(FormatRate(ParseRate("1.0813").value()), "1.0813");
  EXPECT_FALSE(ParseRate("0").ok());
  EXPECT_FALSE(ParseRate("N/A").ok());
}

}  // namespace
}  // namespace moneytrail
