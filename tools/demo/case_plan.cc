#include "tools/demo/case_plan.h"

#include <algorithm>
#include <array>

#include "engine/core/timestamp.h"
#include "tools/demo/rng.h"

namespace moneytrail::demo {
namespace {

constexpr int64_t kHour = 3600;
constexpr int64_t kDay = 86400;
constexpr int64_t kEuro = 100;  // cents
constexpr std::array<std::string_view, 3> kHavens = {"CO", "PA", "AE"};

// Moves `t` into banking hours (08:00-19:00 UTC), to the next morning if late.
int64_t Daytime(int64_t t, Rng& rng) {
  int64_t day = t / kDay, sec = t % kDay;
  if (sec < 8 * kHour) return day * kDay + 8 * kHour + rng.Range(0, 2 * kHour);
  if (sec > 19 * kHour) return (day + 1) * kDay + 8 * kHour + rng.Range(0, 2 * kHour);
  return t;
}

int64_t At(int64_t day, int lo_hour, int hi_hour, Rng& rng) {
  return day * kDay + rng.Range(lo_hour * kHour, hi_hour * kHour - 1);
}

std::string Padded(uint64_t v, size_t width) {
  std::string s = std::to_string(v);
  return std::string(s.size() < width ? width - s.size() : 0, '0') + s;
}

}  // namespace

void CasePlan::Build(uint32_t cases, uint64_t seed, Population& pop, const FxTable& fx) {
  if (cases == 0) return;
  Rng rng = Rng::Stream(seed, 0xDEA1E5);
  const int32_t y2010 = static_cast<int32_t>(DaysFromCivil(2010, 1, 1));
  // Shared sellers: also ordinary shops, so that they are not conspicuous.
  for (int i = 0; i < 4; ++i) {
    dealers_.push_back(pop.Add(Role::kDealer, "ES", rng.Range(5'000'000, 40'000'000),
                               static_cast<int32_t>(rng.Range(y2010, Population::FirstDay() - 1))));
  }
  for (int i = 0; i < 3; ++i) {
    notaries_.push_back(
        pop.Add(Role::kNotary, "ES", rng.Range(5'000'000, 40'000'000),
                static_cast<int32_t>(rng.Range(y2010, Population::FirstDay() - 1))));
  }
  for (uint32_t c = 0; c < cases; ++c) BuildOne(c, cases, seed, pop, fx);
  std::stable_sort(events_.begin(), events_.end(),
                   [](const CaseEvent& a, const CaseEvent& b) { return a.time < b.time; });
}

void CasePlan::BuildOne(uint32_t c, uint32_t cases, uint64_t seed, Population& pop,
                        const FxTable& fx) {
  Rng rng = Rng::Stream(seed, 0xCA5E000000ULL + c);
  const int32_t first = Population::FirstDay();
  const size_t width = std::max<size_t>(3, std::to_string(cases).size());
  CaseRecord rec;
  rec.case_id = "K-2024-" + Padded(c + 1, width);

  // Ransom days spread from 20 January to 10 November, so that the last case's
  // late payments (at most 3 + 38 days later) still fall in 2024.
  const int64_t span = 295;
  int64_t d0 = first + 19 + static_cast<int64_t>(c) * span / cases;
  d0 += static_cast<int64_t>(rng.Below(std::max<uint64_t>(1, span / cases)));
  const bool two_victims = c % 3 == 2;
  const bool instalments = !two_victims && rng.Chance(400);

  // Actors. The collector is an ordinary, salaried person with clean savings.
  rec.collector = pop.Add(Role::kCollector, "ES", rng.Range(1'500, 9'000) * kEuro,
                          static_cast<int32_t>(rng.Range(DaysFromCivil(2012, 1, 1), first - 400)));
  pop.hot(rec.collector).frozen_from = static_cast<int32_t>(d0);

  struct Payment {
    uint32_t family;
    int64_t amount;
    int64_t time;
    std::string claimant;
  };
  std::vector<Payment> pay;
  int64_t t0 = At(d0, 8, 14, rng);
  auto family = [&](int64_t owed) {
    uint32_t f = pop.Add(Role::kFamily, "ES", owed + rng.Range(30'000, 90'000) * kEuro,
                         static_cast<int32_t>(rng.Range(DaysFromCivil(2000, 1, 1), first - 400)));
    pop.hot(f).reserve = owed;  // ordinary spending must leave the ransom untouched
    return f;
  };
  if (two_victims) {
    int64_t r1 = rng.Range(16, 40) * 5'000 * kEuro;
    int64_t r2 = rng.Range(16, 40) * 5'000 * kEuro;
    pay.push_back({family(r1), r1, t0, "V1"});
    pay.push_back({family(r2), r2, Daytime(t0 + rng.Range(2 * kHour, 50 * kHour), rng), "V2"});
  } else {
    int64_t total = rng.Range(30, 80) * 5'000 * kEuro;
    uint32_t f = family(total);
    if (instalments) {
      int64_t part = total * rng.Range(50, 70) / 100 / (1000 * kEuro) * (1000 * kEuro);
      pay.push_back({f, part, t0, ""});
      pay.push_back({f, total - part, At(d0 + rng.Range(1, 3), 9, 15, rng), ""});
    } else {
      pay.push_back({f, total, t0, ""});
    }
  }
  for (const Payment& p : pay) rec.ransom_total += p.amount;
  const int64_t total = rec.ransom_total;

  const uint32_t k = 4 + static_cast<uint32_t>(rng.Below(5));
  for (uint32_t j = 0; j < k; ++j) {
    uint32_t m = pop.Add(Role::kMule, "ES", rng.Range(50, 600) * kEuro,
                         static_cast<int32_t>(d0 - rng.Range(10, 60)));
    pop[m].link_to = rec.collector;
    pop[m].link = static_cast<Link>(1 + j % 3);
    rec.mules.push_back(m);
  }
  for (int j = 0; j < 2; ++j) {
    std::string_view haven = kHavens[(c + static_cast<uint32_t>(j)) % 3];
    rec.abroad.push_back(
        pop.Add(Role::kCaseForeign, haven, 0, static_cast<int32_t>(d0 - rng.Range(30, 200))));
  }

  // Where the money goes, in per cent of the ransom; the rest stays parked.
  const bool flat = c % 2 == 0;
  const bool car_by_mule = c % 2 == 1;
  int64_t parked = rng.Range(6, 12), abroad = rng.Range(8, 12), car = rng.Range(10, 14);
  int64_t flat_pct = flat ? rng.Range(18, 24) : 0;
  int64_t mule_pct = 100 - parked - abroad - car - flat_pct;
  int64_t abroad_amt = total * abroad / 100 / (100 * kEuro) * (100 * kEuro);
  int64_t car_amt = total * car / 100 / (100 * kEuro) * (100 * kEuro);
  int64_t flat_amt = total * flat_pct / 100 / (1000 * kEuro) * (1000 * kEuro);

  auto emit = [&](int64_t time, uint32_t from, uint32_t to, int64_t base, Cur cur, Channel ch,
                  std::string_view ref) -> CaseEvent& {
    CaseEvent e;
    e.time = time;
    e.from = from;
    e.to = to;
    e.cur = cur;
    e.amount = fx.FromBase(base, cur, time / kDay);
    e.base = fx.ToBase(e.amount, cur, time / kDay);
    e.channel = ch;
    e.reference = ref;
    e.case_index = c;
    events_.push_back(e);
    return events_.back();
  };

  // Per mule: money free for cash, and when the next withdrawal may happen.
  std::vector<int64_t> avail(k, 0), next(k, 0);
  const uint32_t pt = k - 1;
  int64_t t_last = 0;
  for (size_t i = 0; i < pay.size(); ++i) {
    const Payment& p = pay[i];
    CaseEvent& seed_event = emit(p.time, p.family, rec.collector, p.amount, kEur, Channel::kWire,
                                 i == 0 ? "TRANSFERENCIA" : "TRANSFERENCIA URGENTE");
    seed_event.seed = static_cast<int32_t>(rec.seeds.size());
    rec.seeds.push_back({"", p.claimant, p.family});

    // Split within hours: weights around 100, the pass-through gets more.
    int64_t portion = p.amount * mule_pct / 100;
    std::vector<int64_t> w(k);
    int64_t wsum = 0;
    for (uint32_t j = 0; j < k; ++j)
      wsum += w[j] = j == pt ? rng.Range(150, 220) : rng.Range(80, 120);
    int64_t t = p.time + rng.Range(40, 90) * 60;
    int64_t left = portion;
    for (uint32_t j = 0; j < k; ++j) {
      int64_t share = j + 1 == k ? left : portion * w[j] / wsum / (50 * kEuro) * (50 * kEuro);
      left -= share;
      // The car money rides on the last payment: by then the collector holds
      // the whole ransom, while a first instalment alone may not cover it.
      int64_t extra = (i + 1 == pay.size() && j == 0 && car_by_mule) ? car_amt : 0;
      emit(t, rec.collector, rec.mules[j], share + extra, kEur, Channel::kWire,
           "DEVOLUCION PRESTAMO");
      t_last = std::max(t_last, t);
      if (j == pt) {
        // Rapid pass-through: 85-95 % forwarded abroad within 6-40 hours.
        int64_t fwd = share * rng.Range(85, 95) / 100 / (10 * kEuro) * (10 * kEuro);
        emit(t + rng.Range(6 * kHour, 40 * kHour), rec.mules[j], rec.abroad[1], fwd,
             rng.Chance(400) ? kUsd : kEur, Channel::kWire, "CONSULTORIA");
      } else {
        avail[j] += share;
        next[j] = std::max(next[j], Daytime(t + rng.Range(1 * kHour, 3 * kHour), rng));
        // Structuring: cash just under the 10,000 EUR threshold, a few days long.
        while (avail[j] >= 10'000 * kEuro) {
          int64_t top = std::min<int64_t>(9'949, avail[j] / kEuro - 50);
          int64_t cash = rng.Range(9'000, top) * kEuro + (rng.Chance(300) ? rng.Range(1, 99) : 0);
          emit(next[j], rec.mules[j], kNoAccount, cash, kEur, Channel::kCash,
               "REINTEGRO VENTANILLA");
          avail[j] -= cash;
          next[j] = Daytime(next[j] + rng.Range(4 * kHour, 26 * kHour), rng);
        }
      }
      t += rng.Range(7, 45) * 60;
    }
  }

  // The collector's own payments. One always comes a month or more after the
  // ransom, after at least one salary: then fifo (oldest first: the ransom),
  // libr (own money first: the salary) and lifo disagree about what left.
  const int64_t last_day = t_last / kDay;
  const int64_t late_day = last_day + rng.Range(31, 38);
  const Cur abroad_cur = rng.Chance(500) ? kUsd : kEur;
  int64_t first_wire = flat ? abroad_amt : abroad_amt / 2 / (100 * kEuro) * (100 * kEuro);
  emit(At(last_day + rng.Range(1, 4), 10, 15, rng), rec.collector, rec.abroad[0], first_wire,
       abroad_cur, Channel::kWire, "PAGO MERCANCIA");
  if (!flat) {
    emit(At(late_day, 10, 15, rng), rec.collector, rec.abroad[0], abroad_amt - first_wire,
         abroad_cur, Channel::kWire, "PAGO MERCANCIA");
  }

  uint32_t car_payer = car_by_mule ? rec.mules[0] : rec.collector;
  int64_t car_time = At(last_day + rng.Range(3, 10), 10, 18, rng);
  AssetRecord vehicle;
  vehicle.asset_id = "AST-" + rec.case_id.substr(7) + "-VEH";
  vehicle.kind = "vehicle";
  vehicle.description = MakeCarDescription(rng);
  vehicle.registry_ref = "DGT " + MakePlate(rng);
  vehicle.value = car_amt * rng.Range(100, 110) / 100 / (100 * kEuro) * (100 * kEuro);
  vehicle.value = std::max(vehicle.value, car_amt);
  vehicle.day = static_cast<int32_t>(car_time / kDay);
  vehicle.owner = car_payer;
  vehicle.account = car_payer;
  emit(car_time, car_payer, dealers_[c % dealers_.size()], car_amt, kEur, Channel::kWire,
       "COMPRA VEHICULO")
      .asset = static_cast<int32_t>(assets_.size());
  rec.assets.push_back(static_cast<uint32_t>(assets_.size()));
  assets_.push_back(vehicle);

  if (flat) {
    int64_t flat_time = At(late_day, 9, 13, rng);
    AssetRecord home;
    std::string town;
    home.asset_id = "AST-" + rec.case_id.substr(7) + "-RE";
    home.kind = "real_estate";
    home.description = MakeFlatDescription(rng, &town);
    home.registry_ref = "RP " + town + " finca " + std::to_string(rng.Range(1000, 99999));
    home.value =
        std::max(flat_amt, flat_amt * rng.Range(100, 115) / 100 / (1000 * kEuro) * (1000 * kEuro));
    home.day = static_cast<int32_t>(flat_time / kDay);
    // Bought with the collector's money in a straw man's name half the time.
    home.owner = rng.Chance(500) ? rec.mules[0] : rec.collector;
    home.account = rec.collector;
    emit(flat_time, rec.collector, notaries_[c % notaries_.size()], flat_amt, kEur, Channel::kWire,
         "PROVISION FONDOS ESCRITURA")
        .asset = static_cast<int32_t>(assets_.size());
    rec.assets.push_back(static_cast<uint32_t>(assets_.size()));
    assets_.push_back(home);
  }

  // The title names the victims by their family's surnames.
  std::string victims;
  for (size_t i = 0; i < pay.size(); ++i) {
    if (i > 0 && pay[i].family == pay[i - 1].family) continue;
    if (!victims.empty()) victims += " and ";
    victims +=
        std::string(FirstName(rng)) + " " + std::string(Surnames(pop.Identity(pay[i].family).name));
  }
  rec.title = "Kidnapping of " + victims + " (" + std::string(MakeCity(rng)) + ")";
  rec.opened = FormatDate(Timestamp{(d0 + rng.Range(1, 5)) * Timestamp::kMicrosPerDay});
  cases_.push_back(std::move(rec));
}

}  // namespace moneytrail::demo
