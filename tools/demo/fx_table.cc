#include "tools/demo/fx_table.h"

#include "engine/core/timestamp.h"
#include "tools/demo/rng.h"

namespace moneytrail::demo {
namespace {

struct CurInfo {
  std::string_view code;
  int64_t start;    // rate at the first day, in units of 1e-9
  int64_t quantum;  // published precision, in units of 1e-9
};

// Start values close to the ECB's at the start of 2023.
constexpr std::array<CurInfo, kCurCount> kCurs = {{
    {"EUR", 1'000'000'000, 1},
    {"USD", 1'066'600'000, 100'000},
    {"GBP", 887'000'000, 100'000},
    {"CHF", 985'500'000, 100'000},
    {"MXN", 20'856'000'000, 100'000},
    {"COP", 5'180'120'000'000, 10'000'000},
    {"AED", 3'917'000'000, 100'000},
}};

}  // namespace

std::string_view CurCode(Cur c) { return kCurs[c].code; }

Cur CurFromCode(std::string_view code) {
  for (uint8_t i = 0; i < kCurCount; ++i) {
    if (kCurs[i].code == code) return static_cast<Cur>(i);
  }
  return kEur;
}

FxTable::FxTable(uint64_t seed, int64_t first_day, int64_t days)
    : first_day_(first_day), days_(days) {
  Rng rng = Rng::Stream(seed, 0xF0F0);
  for (uint8_t c = 0; c < kCurCount; ++c) {
    auto& v = scaled_[c];
    v.resize(static_cast<size_t>(days));
    int64_t start = kCurs[c].start;
    int64_t q = kCurs[c].quantum;
    int64_t rate = start;
    for (int64_t d = 0; d < days; ++d) {
      if (c != kEur) {
        // A step of up to 0.4 % of the start value, pulled back once the rate
        // has wandered 8 % away, so a year stays plausible.
        int64_t max_step = start / 250 / q;
        int64_t step = rng.Range(-max_step, max_step) * q;
        if (rate > start + start / 12 && step > 0) step = -step;
        if (rate < start - start / 12 && step < 0) step = -step;
        rate += step;
      }
      v[static_cast<size_t>(d)] = rate;
    }
  }
}

Rate FxTable::RateOn(Cur c, int64_t day) const {
  int64_t i = day - first_day_;
  if (i < 0) i = 0;
  if (i >= days_) i = days_ - 1;
  return Rate{scaled_[c][static_cast<size_t>(i)]};
}

int64_t FxTable::FromBase(int64_t base_minor, Cur c, int64_t day) const {
  if (c == kEur) return base_minor;
  Int128 v = static_cast<Int128>(base_minor) * RateOn(c, day).scaled;
  return static_cast<int64_t>((v + 500'000'000) / 1'000'000'000);
}

int64_t FxTable::ToBase(int64_t minor, Cur c, int64_t day) const {
  if (c == kEur) return minor;
  // All demo currencies have 2 minor digits, like the base.
  Result<int64_t> r = ConvertToBase(minor, 2, RateOn(c, day), 2);
  return r.ok() ? *r : 0;  // cannot overflow for demo amounts
}

void FxTable::Write(OutFile& out) const {
  out.Str("date,currency,rate\n");
  for (int64_t d = 0; d < days_; ++d) {
    std::string date = FormatDate(Timestamp{(first_day_ + d) * Timestamp::kMicrosPerDay});
    for (uint8_t c = 1; c < kCurCount; ++c) {
      out.Str(date);
      out.Char(',');
      out.Str(kCurs[c].code);
      out.Char(',');
      out.Str(FormatRate(Rate{scaled_[c][static_cast<size_t>(d)]}));
      out.Char('\n');
    }
  }
}

}  // namespace moneytrail::demo
