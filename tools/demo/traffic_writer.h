// Internal to traffic.cc and ordinary_mix.cc: the state of one WriteTraffic run.
#ifndef MONEYTRAIL_TOOLS_DEMO_TRAFFIC_WRITER_H_
#define MONEYTRAIL_TOOLS_DEMO_TRAFFIC_WRITER_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/demo/case_plan.h"
#include "tools/demo/channel.h"
#include "tools/demo/fx_table.h"
#include "tools/demo/out_file.h"
#include "tools/demo/population.h"
#include "tools/demo/rng.h"

namespace moneytrail::demo {

// One transaction row about to be written. Amounts: `amount` in `cur`, `base`
// in EUR cents (what balances move by).
struct Row {
  uint32_t from = kNoAccount;  // kNoAccount = CASH
  uint32_t to = kNoAccount;
  int64_t amount = 0;
  int64_t base = 0;
  Cur cur = kEur;
  Channel channel = Channel::kWire;
  std::string_view ref;     // reference text
  int64_t ref_number = -1;  // appended to `ref` when >= 0 ...
  int ref_digits = 0;       // ... zero-padded to this width
  bool month_ref = false;   // append " YYYY-MM" (salaries, rents, bills)
  bool e2e = false;         // SEPA end-to-end id
  bool uetr = false;        // SWIFT gpi UETR (cross-border)
};

class TrafficWriter {
 public:
  TrafficWriter(Population& pop, const FxTable& fx, OutFile& out, int id_width)
      : pop_(pop), fx_(fx), out_(out), id_width_(id_width) {}

  // Prepares the per-day text (date prefix, month) and the day's random stream.
  void StartDay(int64_t day, uint64_t seed);

  // Writes `row` at second `sec` of the current day, moves balances; returns the
  // tx id number written.
  uint64_t Write(uint32_t sec, const Row& row);

  // A random ordinary payment (the mix in ordinary_mix.cc); always succeeds.
  Row Random();
  // Scheduled payments; false when the payer cannot (or may not) pay today.
  bool Salary(uint32_t person, Row* row);
  bool Rent(uint32_t person, Row* row);
  bool Bill(uint32_t person, Row* row);

  Rng& rng() { return rng_; }
  uint64_t written() const { return written_; }
  int64_t day() const { return day_; }

 private:
  bool CanPay(uint32_t account, int64_t base) const {
    const HotState& s = pop_.hot(account);
    return day_ < s.frozen_from && s.balance - s.reserve >= base;
  }
  uint32_t Pick(const std::vector<uint32_t>& pool) { return pool[rng_.Below(pool.size())]; }
  // A payer from `pool` who can afford `base`, or kNoAccount after a few tries.
  uint32_t Payer(const std::vector<uint32_t>& pool, int64_t base);
  int64_t Scaled(int64_t cents, int64_t floor_cents) const;
  Row CashDeposit();
  Row Foreign(uint32_t from, uint32_t to, int64_t base, Cur cur);
  void Hex(int n);

  Population& pop_;
  const FxTable& fx_;
  OutFile& out_;
  int id_width_;
  Rng rng_{0};
  int64_t day_ = 0;
  std::string date_prefix_;  // "2024-03-01T"
  std::string month_;        // " 2024-03"
  uint64_t written_ = 0;
};

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_TRAFFIC_WRITER_H_
