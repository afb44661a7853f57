#include "engine/core/timestamp.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <random>

namespace moneytrail {
namespace {

TEST(TimestampTest, ParsesUtcOffsetsAndDates) {
  auto z = ParseTimestamp("2024-03-01T10:15:00Z").value();
  auto plus = ParseTimestamp("2024-03-01T11:15:00+01:00").value();
  EXPECT_EQ(z, plus);
  EXPECT_EQ(FormatTimestamp(z), "2024-03-01T10:15:00Z");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-03-01").value()), "2024-03-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-03-01T10:15Z").value()), "2024-03-01T10:15:00Z");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-03-01T10:15:00.25Z").value()),
            "2024-03-01T10:15:00.25Z");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-01-01T00:30:00+01:00").value()),
            "2023-12-31T23:30:00Z");
}

TEST(TimestampTest, RefusesImpossibleOrAmbiguousTimes) {
  for (const char* bad :
       {"2024-02-30", "2024-03-01T24:00:00Z", "2024-03-01T10:15:00", "2023-02-29", "2024-13-01",
        "2024-3-1", "yesterday", "2024-03-01T10:15:00Zjunk", "2024-03-01 10:15:00Z"}) {
    EXPECT_FALSE(ParseTimestamp(bad).ok()) << bad;
  }
  EXPECT_TRUE(ParseTimestamp("2024-02-29").ok());
}

TEST(TimestampTest, MissingZoneSaysHowToFixIt) {
  auto r = ParseTimestamp("2024-03-01T10:15:00");
  EXPECT_NE(r.status().message().find("no zone"), std::string::npos);
}

TEST(TimestampTest, DaysBeforeTheEpochFloor) {
  auto t = ParseTimestamp("1969-12-31T23:00:00Z").value();
  EXPECT_EQ(t.Day(), -1);
  EXPECT_EQ(FormatTimestamp(t), "1969-12-31T23:00:00Z");
}

TEST(TimestampTest, FractionsKeepTheirDigitsWithoutTrailingZeros) {
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-03-01T10:15:00.5Z").value()),
            "2024-03-01T10:15:00.5Z");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-03-01T10:15:00.000001Z").value()),
            "2024-03-01T10:15:00.000001Z");
  EXPECT_EQ(FormatTimestamp(ParseTimestamp("2024-03-01T23:59:59.12345Z").value()),
            "2024-03-01T23:59:59.12345Z");
}

// The formatting as printf wrote it before the renderers needed it faster.
std::string PrintfTimestamp(Timestamp t) {
  int64_t day = t.Day();
  int64_t rem = t.micros - day * Timestamp::kMicrosPerDay;
  int64_t secs = rem / Timestamp::kMicrosPerSecond, frac = rem % Timestamp::kMicrosPerSecond;
  std::string date = FormatDate(t);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%sT%02lld:%02lld:%02lld", date.c_str(),
                static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60));
  std::string out = buf;
  if (frac != 0) {
    std::snprintf(buf, sizeof buf, ".%06lld", static_cast<long long>(frac));
    std::string f = buf;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "Z";
}

TEST(TimestampTest, PutWritesWhatPrintfWroteForAnyInstant) {
  std::mt19937_64 rng(11);
  // Years 0001 to 9999, with and without fractions, and whole seconds.
  std::uniform_int_distribution<int64_t> any(-62'135'596'800'000'000, 253'402'300'799'999'999);
  for (int i = 0; i < 20000; ++i) {
    int64_t micros = any(rng);
    if (i % 3 == 0) micros -= micros % Timestamp::kMicrosPerSecond;
    Timestamp t{micros};
    char buf[kMaxTimestampChars + 1];
    buf[0] = 'x';
    ASSERT_EQ(std::string(buf, PutTimestamp(buf + 1, t)), "x" + PrintfTimestamp(t)) << micros;
    ASSERT_EQ(FormatTimestamp(t), PrintfTimestamp(t)) << micros;
  }
  // Out of four digits, the date falls back to printf's own padding.
  EXPECT_EQ(FormatDate(Timestamp{-62'167'219'200'000'000 - Timestamp::kMicrosPerDay}),
            "-001-12-31");
  EXPECT_EQ(FormatDate(Timestamp{253'402'300'800'000'000}), "10000-01-01");
}

}  // namespace
}  // namespace moneytrail
