#include "engine/core/timestamp.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace moneytrail
