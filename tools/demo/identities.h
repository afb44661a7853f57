// Synthetic identities for the demo dataset: names, national ids, phones,
// e-mail addresses, postal addresses, devices, bank account ids and BICs.
//
// Everything is fictional but shaped like the real thing, so that readers and
// linking code meet realistic text: Spanish DNI/NIE/CIF with valid control
// characters, IBANs with valid check digits (and the Spanish and French national
// check digits), E.164 phone numbers, UTF-8 names with accents. Banks and BICs
// are invented; e-mail domains are the reserved example.* names (RFC 2606).
//
// Thread safety: pure functions of their Rng.
#ifndef MONEYTRAIL_TOOLS_DEMO_IDENTITIES_H_
#define MONEYTRAIL_TOOLS_DEMO_IDENTITIES_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "tools/demo/rng.h"

namespace moneytrail::demo {

// A country the demo knows: its ISO 3166 code, currency, and how its account
// ids look (IBAN or a national account number).
struct CountryInfo {
  std::string_view code;      // "ES"
  std::string_view currency;  // "EUR"
  std::string_view phone_prefix;
};

// The countries used by the demo; FindCountry() returns nullptr for others.
const CountryInfo* FindCountry(std::string_view code);

struct PartyIdentity {
  std::string name;
  std::string national_id;
  std::string phone;
  std::string email;
  std::string address;
  std::string device;  // persons only: a device fingerprint seen by online banking
  std::string nationality;
  std::string birth_date;  // persons only, YYYY-MM-DD
};

// A person living in `country`. `surnames`, when not empty, replaces the random
// family name(s) (used to make a victim's relatives share a name).
PartyIdentity MakePerson(Rng& rng, std::string_view country, std::string_view surnames = {});

// Organisation kinds, which shape their names.
enum class OrgKind { kBusiness, kUtility, kLandlord, kCarDealer, kNotary, kForeignShop, kShell };
PartyIdentity MakeOrganisation(Rng& rng, std::string_view country, OrgKind kind);

// The family name(s) part of a person's name (everything after the first word).
std::string_view Surnames(std::string_view full_name);

// A fresh first name alone, for victims who hold no account.
std::string_view FirstName(Rng& rng);

// An account id for a bank `bank` (0..4) of `country`: an IBAN with valid check
// digits where the country uses IBANs, else "CC-BANKCODE-NUMBER".
std::string MakeAccountId(Rng& rng, std::string_view country, uint32_t bank);

// The (fictional) BIC of bank `bank` (0..4) of `country`.
std::string MakeBic(std::string_view country, uint32_t bank);

// A Spanish number plate ("1234 BCD").
std::string MakePlate(Rng& rng);
// A car model with year and colour, for an asset description.
std::string MakeCarDescription(Rng& rng);
// A flat with its address, for an asset description; `city` is set to its town.
std::string MakeFlatDescription(Rng& rng, std::string* city);
// A device fingerprint ("DEV-9F3A...").
std::string MakeDevice(Rng& rng);
// A Spanish city, for case titles.
std::string_view MakeCity(Rng& rng);

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_IDENTITIES_H_
