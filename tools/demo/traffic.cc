#include "tools/demo/traffic.h"

#include <algorithm>
#include <array>
#include <vector>

#include "engine/core/timestamp.h"
#include "tools/demo/rng.h"
#include "tools/demo/traffic_writer.h"

namespace moneytrail::demo {
namespace {

constexpr int64_t kDay = 86400;
// Relative activity per UTC hour: quiet nights, busy late mornings.
constexpr std::array<uint8_t, 24> kHourWeight = {2,  1,  1,  1,  1,  2,  4,  8,  12, 14, 15, 15,
                                                 15, 14, 13, 13, 13, 13, 12, 10, 8,  6,  4,  3};
// Slot keys sort by second of the day, then type, then index: (sec, type, idx).
enum : uint64_t { kCaseSlot = 0, kSalarySlot, kRentSlot, kBillSlot, kRandomSlot };
constexpr uint64_t kIndexMask = (uint64_t{1} << 37) - 1;
uint64_t Key(int64_t sec, uint64_t type, uint64_t index) {
  return (static_cast<uint64_t>(sec) << 40) | (type << 37) | index;
}

// Civil date parts without a calendar library: FormatDate gives "YYYY-MM-DD".
int DayOfMonth(const std::string& date) { return (date[8] - '0') * 10 + (date[9] - '0'); }
int Month(const std::string& date) { return (date[5] - '0') * 10 + (date[6] - '0'); }

// How busy a day is, relative to 100 for an ordinary weekday.
int64_t DayWeight(int64_t day) {
  std::string date = FormatDate(Timestamp{day * Timestamp::kMicrosPerDay});
  int dom = DayOfMonth(date), month = Month(date);
  if ((month == 1 && dom == 1) || (month == 12 && dom == 25)) return 40;
  int64_t weekday = ((day % 7) + 7 + 3) % 7;  // 1970-01-01 was a Thursday; 0 = Monday
  int64_t w = weekday == 5 ? 80 : weekday == 6 ? 55 : 100;
  if (month == 12 && dom <= 24) w = w * 115 / 100;
  if (month == 8) w = w * 90 / 100;
  return w;
}

// "T000000042": what Write() prints for id number `n`.
std::string TxId(uint64_t n, int width) {
  std::string digits = std::to_string(n);
  size_t w = static_cast<size_t>(width);
  // Appended rather than "T" + ...: g++ 12 at -O3 warns falsely (-Wrestrict)
  // about operator+(const char*, std::string&&).
  std::string id(1, 'T');
  id.append(digits.size() < w ? w - digits.size() : 0, '0');
  return id + digits;
}

void Two(OutFile& out, int64_t v) {
  out.Char(static_cast<char>('0' + v / 10));
  out.Char(static_cast<char>('0' + v % 10));
}

}  // namespace

void TrafficWriter::StartDay(int64_t day, uint64_t seed) {
  day_ = day;
  rng_ = Rng::Stream(seed, 0xDA70000000ULL + static_cast<uint64_t>(day));
  std::string date = FormatDate(Timestamp{day * Timestamp::kMicrosPerDay});
  date_prefix_ = date + "T";
  month_.assign(1, ' ');
  month_.append(date, 0, 7);
}

void TrafficWriter::Hex(int n) {
  static constexpr char kHex[] = "0123456789abcdef";
  uint64_t bits = rng_.Next();
  for (int i = 0; i < n; ++i) {
    if (i == 16) bits = rng_.Next();
    out_.Char(kHex[bits & 15]);
    bits >>= 4;
  }
}

uint64_t TrafficWriter::Write(uint32_t sec, const Row& r) {
  out_.Char('T');
  out_.Uint(++written_, id_width_);
  out_.Char(',');
  out_.Str(date_prefix_);
  Two(out_, sec / 3600);
  out_.Char(':');
  Two(out_, sec / 60 % 60);
  out_.Char(':');
  Two(out_, sec % 60);
  out_.Str("Z,");
  out_.Str(r.from == kNoAccount ? std::string_view("CASH") : pop_.id(r.from));
  out_.Char(',');
  out_.Str(r.to == kNoAccount ? std::string_view("CASH") : pop_.id(r.to));
  out_.Char(',');
  out_.Minor(r.amount, 2);
  out_.Char(',');
  out_.Str(CurCode(r.cur));
  out_.Char(',');
  out_.Str(ChannelName(r.channel));
  out_.Char(',');
  out_.Str(r.ref);
  if (r.ref_number >= 0) out_.Uint(static_cast<uint64_t>(r.ref_number), r.ref_digits);
  if (r.month_ref) out_.Str(month_);
  out_.Char(',');
  if (r.e2e) {
    out_.Str("E2E");
    Hex(16);
  }
  out_.Char(',');
  if (r.uetr) {  // UUID version 4, as SWIFT gpi uses
    Hex(8);
    out_.Char('-');
    Hex(4);
    out_.Str("-4");
    Hex(3);
    out_.Char('-');
    out_.Char("89ab"[rng_.Below(4)]);
    Hex(3);
    out_.Char('-');
    Hex(12);
  }
  out_.Char('\n');
  if (r.from != kNoAccount) pop_.hot(r.from).balance -= r.base;
  if (r.to != kNoAccount) pop_.hot(r.to).balance += r.base;
  return written_;
}

namespace {

// Writes case event `index` and records its tx id where the case files need it.
void WriteCaseEvent(size_t index, uint32_t sec, int width, TrafficWriter& w, Population& pop,
                    CasePlan& plan) {
  const CaseEvent& e = plan.events()[index];
  Row row;
  row.from = e.from;
  row.to = e.to;
  row.amount = e.amount;
  row.base = e.base;
  row.cur = e.cur;
  row.channel = e.channel;
  row.ref = e.reference;
  row.e2e = e.channel == Channel::kWire;
  row.uetr = row.e2e && e.to != kNoAccount && pop[e.to].role == Role::kCaseForeign;
  if (e.seed >= 0) {  // the family's promised money is now paid
    HotState& family = pop.hot(e.from);
    family.reserve = std::max<int64_t>(0, family.reserve - e.base);
  }
  std::string id = TxId(w.Write(sec, row), width);
  if (e.seed >= 0) plan.cases()[e.case_index].seeds[static_cast<size_t>(e.seed)].tx_id = id;
  if (e.asset >= 0) plan.assets()[static_cast<size_t>(e.asset)].acquired_tx = id;
}

}  // namespace

uint64_t WriteTraffic(uint64_t seed, uint64_t ordinary, Population& pop, const FxTable& fx,
                      CasePlan& plan, OutFile& out, const ProgressFn& progress) {
  out.Str(
      "tx_id,timestamp,from_account,to_account,amount,currency,channel,reference,"
      "end_to_end_id,uetr\n");
  std::vector<CaseEvent>& events = plan.events();
  const uint64_t expected = ordinary + events.size();
  const int width = std::max<int>(9, static_cast<int>(std::to_string(expected).size()));
  TrafficWriter w(pop, fx, out, width);

  const int64_t first = Population::FirstDay();
  const int64_t year_days = 366;
  std::vector<int64_t> cum(year_days + 1, 0);
  for (int64_t d = 0; d < year_days; ++d) cum[d + 1] = cum[d] + DayWeight(first + d);
  const int64_t total_weight = cum[year_days];
  std::vector<uint8_t> hour_of;  // maps a uniform draw to an hour by weight
  for (int h = 0; h < 24; ++h)
    hour_of.insert(hour_of.end(), kHourWeight[h], static_cast<uint8_t>(h));

  int64_t last = first + year_days - 1;
  if (!events.empty()) last = std::max(last, events.back().time / kDay);
  const Pools& pools = pop.pools();
  std::vector<uint64_t> slots;
  size_t ci = 0;
  int64_t carry = 0;  // scheduled rows beyond earlier quotas, taken from later days
  uint64_t next_progress = 1 << 20;
  for (int64_t day = first; day <= last; ++day) {
    w.StartDay(day, seed);
    Rng& rng = w.rng();
    const int64_t d = day - first;
    int64_t quota = 0;
    if (d < year_days) {
      quota = static_cast<int64_t>(static_cast<Uint128>(ordinary) * cum[d + 1] / total_weight -
                                   static_cast<Uint128>(ordinary) * cum[d] / total_weight);
    }
    slots.clear();
    int dom = DayOfMonth(FormatDate(Timestamp{day * Timestamp::kMicrosPerDay}));
    if (d < year_days && dom <= 28) {
      for (uint32_t p : pools.salary_by_dom[dom])
        slots.push_back(Key(rng.Range(5 * 3600, 9 * 3600 - 1), kSalarySlot, p));
      for (uint32_t p : pools.rent_by_dom[dom])
        slots.push_back(Key(rng.Range(7 * 3600, 12 * 3600 - 1), kRentSlot, p));
      for (uint32_t p : pools.bill_by_dom[dom])
        slots.push_back(Key(rng.Range(2 * 3600, 7 * 3600 - 1), kBillSlot, p));
    }
    int64_t need = quota - carry;
    int64_t scheduled = static_cast<int64_t>(slots.size());
    int64_t random = need > scheduled ? need - scheduled : 0;
    carry = scheduled > need ? scheduled - need : 0;
    for (int64_t i = 0; i < random; ++i) {
      int64_t sec =
          hour_of[rng.Below(hour_of.size())] * 3600 + static_cast<int64_t>(rng.Below(3600));
      slots.push_back(Key(sec, kRandomSlot, 0));
    }
    for (; ci < events.size() && events[ci].time < (day + 1) * kDay; ++ci) {
      slots.push_back(Key(events[ci].time - day * kDay, kCaseSlot, ci));
    }
    std::sort(slots.begin(), slots.end());

    for (uint64_t key : slots) {
      const uint32_t sec = static_cast<uint32_t>(key >> 40);
      const uint64_t type = (key >> 37) & 7;
      const uint64_t index = key & kIndexMask;
      Row row;
      bool ok = true;
      switch (type) {
        case kCaseSlot:
          WriteCaseEvent(index, sec, width, w, pop, plan);
          continue;
        case kSalarySlot:
          ok = w.Salary(static_cast<uint32_t>(index), &row);
          break;
        case kRentSlot:
          ok = w.Rent(static_cast<uint32_t>(index), &row);
          break;
        case kBillSlot:
          ok = w.Bill(static_cast<uint32_t>(index), &row);
          break;
        default:
          ok = false;
          break;
      }
      if (!ok) row = w.Random();
      w.Write(sec, row);
    }
    if (progress && w.written() >= next_progress) {
      progress(w.written(), expected);
      while (next_progress <= w.written()) next_progress += 1 << 20;
    }
  }
  if (progress) progress(w.written(), w.written());
  return w.written();
}

}  // namespace moneytrail::demo
