#include "tools/demo/population.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <initializer_list>

#include "engine/core/timestamp.h"
#include "tools/demo/rng.h"

namespace moneytrail::demo {
namespace {

constexpr std::array<std::string_view, 9> kAbroad = {"FR", "DE", "PT", "GB", "CH",
                                                     "US", "MX", "CO", "NL"};
constexpr std::array<uint8_t, 10> kSalaryDays = {22, 23, 24, 25, 26, 27, 28, 1, 2, 3};

bool IsPerson(Role r) {
  return r == Role::kPerson || r == Role::kCollector || r == Role::kFamily || r == Role::kMule ||
         r == Role::kForeignPerson;
}

// Spread `take` picks evenly over `n` candidates: candidate j is picked when
// floor((j+1)*take/n) steps up. Deterministic, and needs no shuffle.
bool Spread(uint64_t j, uint64_t take, uint64_t n) { return (j + 1) * take / n > j * take / n; }

std::string Date(int32_t day) {
  return FormatDate(Timestamp{static_cast<int64_t>(day) * Timestamp::kMicrosPerDay});
}

}  // namespace

int32_t Population::FirstDay() { return static_cast<int32_t>(DaysFromCivil(2024, 1, 1)); }

uint32_t Population::Add(Role role, std::string_view country, int64_t opening_base,
                         int32_t opened_day) {
  uint32_t index = static_cast<uint32_t>(state_.size());
  Rng rng = Rng::Stream(seed_, 0xACC000000ULL + index);
  AccountState s;
  s.role = role;
  s.country = {country[0], country[1]};
  const CountryInfo* info = FindCountry(country);
  s.cur = info != nullptr ? CurFromCode(info->currency) : kEur;
  s.bank = static_cast<uint8_t>(rng.Below(5));
  s.opened_day = opened_day;
  s.opening_minor = fx_->FromBase(opening_base, s.cur, opened_day);
  HotState h;
  h.balance = opening_base;
  if (s.cur != kEur) {
    // The store may convert the opening balance at another date's rate than we
    // did; keep 3 % aside so that our balance never exceeds the store's.
    h.balance = fx_->ToBase(s.opening_minor, s.cur, FirstDay()) * 97 / 100;
  }
  std::string id = MakeAccountId(rng, country, s.bank);
  assert(id.size() <= sizeof h.id);
  h.id_len = static_cast<uint8_t>(id.size());
  std::memcpy(h.id, id.data(), id.size());
  state_.push_back(s);
  hot_.push_back(h);
  return index;
}

void Population::AddOrdinary(uint64_t n) {
  Rng rng = Rng::Stream(seed_, 0x0DD);
  uint64_t n_foreign = std::max<uint64_t>(2, n * 4 / 100);
  uint64_t n_org = std::max<uint64_t>(4, n * 12 / 100);
  uint64_t n_person = n - n_foreign - n_org;
  uint64_t n_util = std::clamp<uint64_t>(n_org / 6, 1, 6);
  uint64_t n_landlord = std::max<uint64_t>(1, n_org / 10);
  uint64_t n_shop = std::max<uint64_t>(1, n_foreign * 3 / 10);
  const int32_t y1995 = static_cast<int32_t>(DaysFromCivil(1995, 1, 1));
  const int32_t y2005 = static_cast<int32_t>(DaysFromCivil(2005, 1, 1));
  const int32_t y2023 = static_cast<int32_t>(DaysFromCivil(2023, 1, 2));
  const int32_t last = FirstDay() - 1;
  for (uint64_t i = 0; i < n_org; ++i) {
    Role role = i < n_util                ? Role::kUtility
                : i < n_util + n_landlord ? Role::kLandlordOrg
                                          : Role::kBusiness;
    int64_t opening = role == Role::kUtility       ? rng.Range(50'000'000, 200'000'000)
                      : role == Role::kLandlordOrg ? rng.Range(10'000'000, 50'000'000)
                                                   : rng.Range(3'000'000, 30'000'000);
    Add(role, "ES", opening, static_cast<int32_t>(rng.Range(y1995, last)));
  }
  for (uint64_t i = 0; i < n_person; ++i) {
    // Savings are skewed: most hold a few thousand, a few hold tens of thousands.
    uint64_t band = rng.Below(10);
    int64_t opening = band < 6   ? rng.Range(20'000, 300'000)
                      : band < 9 ? rng.Range(300'000, 1'500'000)
                                 : rng.Range(1'500'000, 6'000'000);
    uint32_t a = Add(Role::kPerson, "ES", opening, static_cast<int32_t>(rng.Range(y2005, last)));
    state_[a].landlord_person = rng.Chance(50);
  }
  for (uint64_t i = 0; i < n_foreign; ++i) {
    bool shop = i < n_shop;
    std::string_view country = shop ? (rng.Chance(500) ? "US" : "GB") : kAbroad[rng.Below(9)];
    int64_t opening = shop ? rng.Range(1'000'000, 10'000'000) : rng.Range(50'000, 800'000);
    // Accounts abroad were opened in 2023, inside the FX table, so that their
    // opening balances convert on any date the store may choose.
    Add(shop ? Role::kForeignShop : Role::kForeignPerson, country, opening,
        static_cast<int32_t>(rng.Range(y2023, last)));
  }
}

void Population::Finish(uint64_t ordinary_tx) {
  Rng rng = Rng::Stream(seed_, 0xF1);
  for (uint32_t i = 0; i < state_.size(); ++i) {
    const AccountState& s = state_[i];
    switch (s.role) {
      case Role::kPerson:
      case Role::kCollector:
      case Role::kFamily:
        pools_.persons.push_back(i);
        if (s.landlord_person) pools_.landlords.push_back(i);
        break;
      case Role::kUtility:
        pools_.utilities.push_back(i);
        pools_.orgs.push_back(i);
        break;
      case Role::kLandlordOrg:
        pools_.landlords.push_back(i);
        pools_.orgs.push_back(i);
        pools_.merchants.push_back(i);
        break;
      case Role::kBusiness:
      case Role::kDealer:
      case Role::kNotary:
        pools_.orgs.push_back(i);
        pools_.merchants.push_back(i);
        break;
      case Role::kForeignPerson:
        pools_.foreign_persons.push_back(i);
        break;
      case Role::kForeignShop:
        pools_.foreign_shops.push_back(i);
        break;
      case Role::kMule:
      case Role::kCaseForeign:
        break;
    }
  }
  const uint64_t persons = pools_.persons.size();
  // Caps keep scheduled payments a minority of small datasets; case actors are
  // always salaried so that collectors have an ordinary history.
  uint64_t case_people = 0;
  for (uint32_t p : pools_.persons) case_people += state_[p].role != Role::kPerson;
  uint64_t salaried = std::clamp<uint64_t>(ordinary_tx * 8 / 100 / 12, case_people, persons);
  uint64_t renters = std::min<uint64_t>(persons * 35 / 100, ordinary_tx * 3 / 100 / 12);
  uint64_t billed = std::min<uint64_t>(persons * 80 / 100, ordinary_tx * 4 / 100 / 12);
  uint64_t others = persons - case_people;
  uint64_t j = 0, k = 0;  // ordinary persons seen, all persons seen
  int64_t income = 0, outgoings = 0;
  for (uint32_t p : pools_.persons) {
    AccountState& s = state_[p];
    bool ordinary = s.role == Role::kPerson;
    if (!ordinary || (others > 0 && Spread(j, salaried - case_people, others))) {
      s.employer = pools_.orgs[rng.Below(pools_.orgs.size())];
      s.salary = rng.Range(110'000, 420'000);
      pools_.salary_by_dom[kSalaryDays[rng.Below(kSalaryDays.size())]].push_back(p);
      state_[s.employer].opening_minor += 3 * s.salary;  // payroll reserve
      hot_[s.employer].balance += 3 * s.salary;
      income += s.salary;
    }
    if (ordinary && Spread(j, renters, others) && !pools_.landlords.empty()) {
      uint32_t l = pools_.landlords[rng.Below(pools_.landlords.size())];
      if (l != p) {
        s.landlord = l;
        s.rent = rng.Range(450, 1400) * 100;
        pools_.rent_by_dom[static_cast<size_t>(rng.Range(1, 7))].push_back(p);
        outgoings += s.rent;
      }
    }
    if (Spread(k++, billed, persons)) {
      s.utility = pools_.utilities[rng.Below(pools_.utilities.size())];
      s.bill = rng.Range(2'500, 16'000);
      pools_.bill_by_dom[static_cast<size_t>(rng.Range(1, 28))].push_back(p);
      outgoings += s.bill;
    }
    j += ordinary;
  }
  // Person-side amounts are scaled so that what persons spend each month is
  // about 90 % of what they earn: without it a dense dataset (hundreds of card
  // payments per person per month) would drain every account in weeks.
  uint64_t scheduled = (salaried + renters + billed) * 12;
  uint64_t random_tx = ordinary_tx > scheduled ? ordinary_tx - scheduled : 0;
  // Mean cents per 1,000 random transactions taken out of persons' accounts at
  // scale 1000 (see traffic.cc for the mix and the amounts).
  constexpr int64_t kSpendPerMille = 500 * 5'755 + 20 * 10'500 + 90 * 16'000 + 40 * 8'500 +
                                     15 * 32'500 + 40 * 46'500 - 40 * 41'000 - 15 * 55'000;
  int64_t monthly_random = static_cast<int64_t>(random_tx / 12);
  int64_t spend = monthly_random * kSpendPerMille / 1000;
  int64_t budget = (income - outgoings) * 9 / 10 + static_cast<int64_t>(persons) * 20'000;
  spend_scale_ = spend <= 0 ? 1500 : std::clamp<int64_t>(budget * 1000 / spend, 10, 1500);
}

std::string Population::PartyId(uint32_t account) const {
  std::string digits = std::to_string(account);
  std::string id(1, 'P');  // appended, not "P" + ...: see TxId in traffic.cc
  id.append(digits.size() < 7 ? 7 - digits.size() : 0, '0');
  return id + digits;
}

PartyIdentity Population::Identity(uint32_t i) const {
  Rng rng = Rng::Stream(seed_, 0x1D0000000ULL + i);
  const AccountState& s = state_[i];
  std::string_view country(s.country.data(), 2);
  switch (s.role) {
    case Role::kBusiness:
      return MakeOrganisation(rng, country, OrgKind::kBusiness);
    case Role::kUtility:
      return MakeOrganisation(rng, country, OrgKind::kUtility);
    case Role::kLandlordOrg:
      return MakeOrganisation(rng, country, OrgKind::kLandlord);
    case Role::kDealer:
      return MakeOrganisation(rng, country, OrgKind::kCarDealer);
    case Role::kNotary:
      return MakeOrganisation(rng, country, OrgKind::kNotary);
    case Role::kForeignShop:
      return MakeOrganisation(rng, country, OrgKind::kForeignShop);
    case Role::kCaseForeign:
      return MakeOrganisation(rng, country, OrgKind::kShell);
    default:
      break;
  }
  PartyIdentity p = MakePerson(rng, country);
  if (s.link != Link::kNone && s.link_to != kNoAccount) {
    // The investigators' thread: a mule's holder shares one identifier with the
    // collector's holder.
    PartyIdentity boss = Identity(s.link_to);
    if (s.link == Link::kPhone) p.phone = boss.phone;
    if (s.link == Link::kAddress) p.address = boss.address;
    if (s.link == Link::kDevice) p.device = boss.device;
  }
  return p;
}

void Population::Write(OutFile& parties, OutFile& accounts) const {
  parties.Str("party_id,name,kind,national_id,phone,email,address,device,nationality,birth_date\n");
  accounts.Str(
      "account_id,holder_id,holder_name,institution,country,currency,opening_balance,opened,"
      "closed,kind\n");
  for (uint32_t i = 0; i < state_.size(); ++i) {
    const AccountState& s = state_[i];
    PartyIdentity p = Identity(i);
    std::string party = PartyId(i);
    std::string_view country(s.country.data(), 2);
    bool person = IsPerson(s.role);
    const std::string kind = person ? "person" : "organisation";
    const std::string none;
    for (const std::string* f : std::initializer_list<const std::string*>{
             &party, &p.name, &kind, &p.national_id, &p.phone, &p.email, &p.address,
             person ? &p.device : &none, &p.nationality}) {
      parties.Field(*f);
      parties.Char(',');
    }
    parties.Field(person ? p.birth_date : none);
    parties.Char('\n');

    accounts.Str(id(i));
    accounts.Char(',');
    accounts.Str(party);
    accounts.Char(',');
    accounts.Field(p.name);
    accounts.Char(',');
    accounts.Str(MakeBic(country, s.bank));
    accounts.Char(',');
    accounts.Str(country);
    accounts.Char(',');
    accounts.Str(CurCode(s.cur));
    accounts.Char(',');
    accounts.Minor(s.opening_minor, 2);
    accounts.Char(',');
    accounts.Str(Date(s.opened_day));
    accounts.Str(",,bank\n");
  }
}

}  // namespace moneytrail::demo
