#include "engine/core/currency.h"

#include <gtest/gtest.h>

namespace moneytrail {
namespace {

TEST(CurrencyTest, KnowsMinorDigits) {
  EXPECT_EQ(Currency::FromCode("JPY")->minor_digits(), 0);
  EXPECT_EQ(Currency::FromCode("EUR")->minor_digits(), 2);
  EXPECT_EQ(Currency::FromCode("KWD")->minor_digits(), 3);
  EXPECT_EQ(Currency::FromCode("CLF")->minor_digits(), 4);
  EXPECT_EQ(Currency::FromCode("USD")->code(), "USD");
}

TEST(CurrencyTest, UnknownAndMalformedCodesAreAbsent) {
  EXPECT_FALSE(Currency::FromCode("XXX").has_value());
  EXPECT_FALSE(Currency::FromCode("eur").has_value());
  EXPECT_FALSE(Currency::FromCode("EURO").has_value());
  EXPECT_FALSE(Currency::FromCode("").has_value());
}

}  // namespace
}  // namespace moneytrail
