// Population: every account of the demo dataset, its holder, and the state the
// traffic generator keeps per account while it writes the year day by day.
//
// Memory is O(accounts): one AccountState and one id string per account, plus
// index lists (pools, pay-day schedules). Party identities are not kept: each is
// a pure function of (seed, account index) and is regenerated when written, so
// that 10 M transactions over a million accounts still fit in a few hundred MB.
//
// Parties and accounts are one to one: account i is held by party "P<i>".
//
// Thread safety: none; owned by one WriteDemoData call.
#ifndef MONEYTRAIL_TOOLS_DEMO_POPULATION_H_
#define MONEYTRAIL_TOOLS_DEMO_POPULATION_H_

#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "tools/demo/fx_table.h"
#include "tools/demo/identities.h"
#include "tools/demo/out_file.h"

namespace moneytrail::demo {

inline constexpr uint32_t kNoAccount = UINT32_MAX;

enum class Role : uint8_t {
  kBusiness,       // domestic shop or company: sells by card, employs, invoices
  kUtility,        // electricity, water, telecoms: monthly direct debits
  kLandlordOrg,    // property company receiving rents
  kDealer,         // car dealer (sells the cases' vehicles; also an ordinary shop)
  kNotary,         // notary's client account (receives the cases' flat purchases)
  kPerson,         // domestic resident
  kForeignPerson,  // resident abroad (remittances both ways)
  kForeignShop,    // online shop abroad (card payments in USD/GBP)
  kCollector,      // a case's collector: an ordinary person until the ransom
  kFamily,         // a victim's relative: an ordinary person who pays a ransom
  kMule,           // a case's mule: opened shortly before, case traffic only
  kCaseForeign,    // a case's account abroad (CO, PA, AE): receives, never pays
};

// Which identifier a mule's holder shares with its collector's holder.
enum class Link : uint8_t { kNone, kPhone, kAddress, kDevice };

// What every payment touches, with the account id, in one cache line: with
// 200,000 accounts, random access to these is what limits the speed.
struct alignas(64) HotState {
  int64_t balance = 0;              // what the generator believes, in EUR cents
  int64_t reserve = 0;              // promised to a future case payment: not for spending
  int32_t frozen_from = INT32_MAX;  // first day without ordinary debits (collectors)
  uint8_t id_len = 0;
  char id[43] = {};  // account ids are at most 27 characters (a French IBAN)
};
static_assert(sizeof(HotState) == 64);

// Everything else about an account.
struct AccountState {
  int64_t opening_minor = 0;  // opening_balance as written, in the account's currency
  int64_t salary = 0;         // monthly, EUR cents; 0 = none
  int64_t rent = 0;           // monthly, EUR cents; 0 = none
  int64_t bill = 0;           // monthly utility bill, EUR cents; 0 = none
  uint32_t employer = kNoAccount;
  uint32_t landlord = kNoAccount;
  uint32_t utility = kNoAccount;
  uint32_t link_to = kNoAccount;  // mules: their collector
  int32_t opened_day = 0;         // days since the epoch
  Role role = Role::kPerson;
  Cur cur = kEur;
  Link link = Link::kNone;
  uint8_t bank = 0;
  std::array<char, 2> country{'E', 'S'};
  bool landlord_person = false;  // a person who lets a flat
};

// Index lists the traffic generator draws from.
struct Pools {
  std::vector<uint32_t> persons;    // kPerson, kCollector, kFamily
  std::vector<uint32_t> merchants;  // kBusiness, kDealer, kNotary, kLandlordOrg
  std::vector<uint32_t> orgs;       // every domestic organisation
  std::vector<uint32_t> utilities;
  std::vector<uint32_t> landlords;
  std::vector<uint32_t> foreign_persons;
  std::vector<uint32_t> foreign_shops;
  // Pay days: by day of month (1..28), the accounts paid a salary / paying rent /
  // paying a utility bill that day.
  std::array<std::vector<uint32_t>, 29> salary_by_dom, rent_by_dom, bill_by_dom;
};

class Population {
 public:
  Population(uint64_t seed, const FxTable* fx) : seed_(seed), fx_(fx) {}

  // Creates `ordinary` accounts: persons, organisations and accounts abroad in
  // fixed proportions (at least one of each kind; requires ordinary >= 10).
  void AddOrdinary(uint64_t ordinary);

  // Adds one account; returns its index. `opening_base` is in EUR cents and is
  // written in the account's currency.
  uint32_t Add(Role role, std::string_view country, int64_t opening_base, int32_t opened_day);

  // Fills the pools and the monthly schedules. `ordinary_tx` is the number of
  // ordinary transactions to come: salaries, rents and bills are capped to a
  // share of it so that small datasets are not all payroll.
  void Finish(uint64_t ordinary_tx);

  // Writes parties.csv and accounts.csv rows (with headers) for every account.
  void Write(OutFile& parties, OutFile& accounts) const;

  // The holder's identity, as written to parties.csv.
  PartyIdentity Identity(uint32_t account) const;
  std::string PartyId(uint32_t account) const;

  size_t size() const { return state_.size(); }
  AccountState& operator[](uint32_t i) { return state_[i]; }
  const AccountState& operator[](uint32_t i) const { return state_[i]; }
  HotState& hot(uint32_t i) { return hot_[i]; }
  const HotState& hot(uint32_t i) const { return hot_[i]; }
  std::string_view id(uint32_t i) const { return {hot_[i].id, hot_[i].id_len}; }
  const Pools& pools() const { return pools_; }
  // How much an ordinary person-side amount is scaled (per mille), so that
  // spending roughly matches income whatever the density of transactions.
  int64_t spend_scale() const { return spend_scale_; }
  // Days since the epoch of 2024-01-01, the first day of the demo year.
  static int32_t FirstDay();

 private:
  uint64_t seed_;
  const FxTable* fx_;
  std::vector<AccountState> state_;
  std::vector<HotState> hot_;
  Pools pools_;
  int64_t spend_scale_ = 1000;
};

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_POPULATION_H_
