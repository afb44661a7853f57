// The ordinary payments of the demo: what a random slot becomes, and the
// scheduled salaries, rents and bills. Amounts are in EUR cents at scale 1000;
// person-side amounts are scaled by Population::spend_scale(). The mean
// amounts here are summed in Population::Finish (kSpendPerMille): keep the two
// in step when changing either.
#include <algorithm>

#include "tools/demo/traffic_writer.h"

namespace moneytrail::demo {
namespace {

// Per mille of random slots, in the order Random() tests them.
constexpr uint32_t kCard = 500, kCardAbroad = 20, kPeerToPeer = 130, kAtm = 90, kCashIn = 50,
                   kInvoice = 60, kBillRandom = 40, kRemitOut = 15, kRemitIn = 15,
                   kPersonToOrg = 40;  // the remaining 40: organisation pays a person

}  // namespace

int64_t TrafficWriter::Scaled(int64_t cents, int64_t floor_cents) const {
  return std::max(floor_cents, cents * pop_.spend_scale() / 1000);
}

uint32_t TrafficWriter::Payer(const std::vector<uint32_t>& pool, int64_t base) {
  if (pool.empty()) return kNoAccount;
  for (int tries = 0; tries < 4; ++tries) {
    uint32_t p = Pick(pool);
    if (CanPay(p, base)) return p;
  }
  return kNoAccount;
}

// Always possible: money enters from outside the banking system.
Row TrafficWriter::CashDeposit() {
  Row r;
  r.to = Pick(pop_.pools().merchants);
  r.base = r.amount = Scaled(rng_.Range(100, 3'000) * 100, 1'000);
  r.channel = Channel::kCash;
  r.ref = "INGRESO EFECTIVO";
  return r;
}

// A cross-border payment: `base` EUR cents in currency `cur`.
Row TrafficWriter::Foreign(uint32_t from, uint32_t to, int64_t base, Cur cur) {
  Row r;
  r.from = from;
  r.to = to;
  r.cur = cur;
  r.amount = fx_.FromBase(base, cur, day_);
  r.base = fx_.ToBase(r.amount, cur, day_);
  return r;
}

Row TrafficWriter::Random() {
  const Pools& pools = pop_.pools();
  uint32_t k = static_cast<uint32_t>(rng_.Below(1000));
  Row r;
  if (k < kCard) {
    uint64_t band = rng_.Below(20);
    int64_t cents = band < 14   ? rng_.Range(300, 4'000)
                    : band < 19 ? rng_.Range(4'000, 15'000)
                                : rng_.Range(15'000, 60'000);
    r.base = r.amount = Scaled(cents, 50);
    r.from = Payer(pools.persons, r.base);
    if (r.from == kNoAccount) return CashDeposit();
    r.to = Pick(pools.merchants);
    r.channel = Channel::kCard;
    r.ref = "TPV ";
    r.ref_number = static_cast<int64_t>(rng_.Below(1'000'000));
    r.ref_digits = 6;
    return r;
  }
  k -= kCard;
  if (k < kCardAbroad) {
    int64_t base = Scaled(rng_.Range(1'000, 20'000), 100);
    uint32_t from = Payer(pools.persons, base + base / 20);  // room for FX rounding
    if (from == kNoAccount || pools.foreign_shops.empty()) return CashDeposit();
    uint32_t shop = Pick(pools.foreign_shops);
    r = Foreign(from, shop, base, pop_[shop].cur);
    r.channel = Channel::kCard;
    r.ref = "TPV ONLINE ";
    r.ref_number = static_cast<int64_t>(rng_.Below(1'000'000));
    r.ref_digits = 6;
    return r;
  }
  k -= kCardAbroad;
  if (k < kPeerToPeer) {
    r.base = r.amount = Scaled(rng_.Range(10, 300) * 100, 100);
    r.from = Payer(pools.persons, r.base);
    if (r.from == kNoAccount) return CashDeposit();
    uint64_t i = rng_.Below(pools.persons.size());
    r.to = pools.persons[i];
    if (r.to == r.from) r.to = pools.persons[(i + 1) % pools.persons.size()];
    bool instant = r.base < 100'000 && rng_.Chance(700);
    r.channel = instant ? Channel::kInstant : Channel::kWire;
    r.ref = instant ? "BIZUM" : "TRANSFERENCIA";
    r.e2e = true;
    return r;
  }
  k -= kPeerToPeer;
  if (k < kAtm) {
    // Cash machines pay out in tens of euros.
    int64_t cents = Scaled(rng_.Range(2, 30) * 1'000, 1'000) / 1'000 * 1'000;
    r.base = r.amount = cents;
    r.from = Payer(pools.persons, cents);
    if (r.from == kNoAccount) return CashDeposit();
    r.channel = Channel::kCash;
    r.ref = "CAJERO ";
    r.ref_number = static_cast<int64_t>(rng_.Below(10'000));
    r.ref_digits = 4;
    return r;
  }
  k -= kAtm;
  if (k < kCashIn) return CashDeposit();
  k -= kCashIn;
  if (k < kInvoice) {
    r.base = r.amount = rng_.Range(30'000, 2'000'000);
    r.from = Payer(pools.orgs, r.base);
    if (r.from == kNoAccount) return CashDeposit();
    r.to = Pick(pools.orgs);
    if (r.to == r.from) return CashDeposit();
    r.ref = "FACTURA F24-";
    r.ref_number = static_cast<int64_t>(rng_.Below(1'000'000));
    r.ref_digits = 6;
    r.e2e = true;
    return r;
  }
  k -= kInvoice;
  if (k < kBillRandom) {
    r.base = r.amount = Scaled(rng_.Range(2'000, 15'000), 100);
    r.from = Payer(pools.persons, r.base);
    if (r.from == kNoAccount) return CashDeposit();
    r.to = Pick(pools.utilities);
    r.channel = Channel::kDirectDebit;
    r.ref = "RECIBO";
    r.month_ref = true;
    return r;
  }
  k -= kBillRandom;
  if (k < kRemitOut) {
    int64_t base = Scaled(rng_.Range(50, 600) * 100, 1'000);
    uint32_t from = Payer(pools.persons, base + base / 20);
    if (from == kNoAccount || pools.foreign_persons.empty()) return CashDeposit();
    uint32_t to = Pick(pools.foreign_persons);
    r = Foreign(from, to, base, rng_.Chance(500) ? pop_[to].cur : kEur);
    r.ref = "REMESA FAMILIAR";
    r.e2e = r.uetr = true;
    return r;
  }
  k -= kRemitOut;
  if (k < kRemitIn) {
    int64_t base = Scaled(rng_.Range(100, 1'000) * 100, 1'000);
    uint32_t from = Payer(pools.foreign_persons, base + base / 20);
    if (from == kNoAccount) return CashDeposit();
    r = Foreign(from, Pick(pools.persons), base, pop_[from].cur);
    r.ref = "FAMILY SUPPORT";
    r.e2e = r.uetr = true;
    return r;
  }
  k -= kRemitIn;
  if (k < kPersonToOrg) {
    r.base = r.amount = Scaled(rng_.Range(3'000, 90'000), 100);
    r.from = Payer(pools.persons, r.base);
    if (r.from == kNoAccount) return CashDeposit();
    r.to = Pick(pools.merchants);
    r.ref = "PAGO FACTURA ";
    r.ref_number = static_cast<int64_t>(rng_.Below(1'000'000));
    r.ref_digits = 6;
    r.e2e = true;
    return r;
  }
  r.base = r.amount = Scaled(rng_.Range(2'000, 80'000), 100);
  r.from = Payer(pools.orgs, r.base);
  if (r.from == kNoAccount) return CashDeposit();
  r.to = Pick(pools.persons);
  r.ref = "REEMBOLSO ";
  r.ref_number = static_cast<int64_t>(rng_.Below(1'000'000));
  r.ref_digits = 6;
  r.e2e = true;
  return r;
}

bool TrafficWriter::Salary(uint32_t person, Row* row) {
  const AccountState& s = pop_[person];
  if (s.employer == kNoAccount || !CanPay(s.employer, s.salary)) return false;
  *row = Row{};
  row->from = s.employer;
  row->to = person;
  row->base = row->amount = s.salary;
  row->ref = "NOMINA";
  row->month_ref = true;
  row->e2e = true;
  return true;
}

bool TrafficWriter::Rent(uint32_t person, Row* row) {
  const AccountState& s = pop_[person];
  if (s.landlord == kNoAccount || !CanPay(person, s.rent)) return false;
  *row = Row{};
  row->from = person;
  row->to = s.landlord;
  row->base = row->amount = s.rent;
  row->ref = "ALQUILER";
  row->month_ref = true;
  row->e2e = true;
  return true;
}

bool TrafficWriter::Bill(uint32_t person, Row* row) {
  const AccountState& s = pop_[person];
  // Bills vary from month to month around the household's usual amount.
  int64_t amount = s.bill * rng_.Range(85, 115) / 100;
  if (s.utility == kNoAccount || !CanPay(person, amount)) return false;
  *row = Row{};
  row->from = person;
  row->to = s.utility;
  row->base = row->amount = amount;
  row->channel = Channel::kDirectDebit;
  row->ref = "RECIBO";
  row->month_ref = true;
  return true;
}

}  // namespace moneytrail::demo
