// Timestamp: an instant in UTC, counted in microseconds since 1970-01-01T00:00:00Z.
//
// Input is ISO 8601 as FORMATS.md allows it: "2024-03-01T10:15:00Z",
// "2024-03-01T11:15:00+01:00", fractional seconds up to microseconds, or a bare
// date "2024-03-01" meaning 00:00 UTC. A time without a zone is refused: it
// would silently depend on the machine's time zone.
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_ENGINE_CORE_TIMESTAMP_H_
#define MONEYTRAIL_ENGINE_CORE_TIMESTAMP_H_

#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace moneytrail {

struct Timestamp {
  int64_t micros = 0;  // since the Unix epoch, UTC

  static constexpr int64_t kMicrosPerSecond = 1'000'000;
  static constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

  // Day number since the epoch (floor), for "the rate of its date".
  int64_t Day() const;
  friend auto operator<=>(const Timestamp&, const Timestamp&) = default;
};

// Parses ISO 8601 as described above. Rejects impossible dates (2024-02-30),
// hours past 23 (24:00), a missing zone after a time, and trailing text.
Result<Timestamp> ParseTimestamp(std::string_view text);

// Parses a date alone ("2024-03-01").
Result<Timestamp> ParseDate(std::string_view text);

// "2024-03-01T10:15:00Z"; fractional digits only when the instant has them.
std::string FormatTimestamp(Timestamp t);

// "2024-03-01".
std::string FormatDate(Timestamp t);

// The same two, written at `p` without a string of their own, for renderings
// of millions of timestamps: each returns the end of what it wrote, at most
// kMaxTimestampChars bytes.
inline constexpr size_t kMaxTimestampChars = 48;
char* PutTimestamp(char* p, Timestamp t);
char* PutDate(char* p, Timestamp t);

// Days since the epoch of a civil date, and back (proleptic Gregorian).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d);
bool IsValidCivilDate(int64_t y, unsigned m, unsigned d);

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_TIMESTAMP_H_
