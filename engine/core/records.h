// The records moneytrail stores: transactions, accounts, parties, assets,
// cases, FX rates, and the source files they came from (FORMATS.md, contract v1).
//
// Records are plain structs. Text fields are stored exactly as given (an empty
// string means "not given"); unknown input columns are kept, in input order, as
// `attributes`, so that nothing a bank sent is ever dropped. Every record knows
// the file and line it came from (`provenance`).
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_ENGINE_CORE_RECORDS_H_
#define MONEYTRAIL_ENGINE_CORE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/amount.h"
#include "engine/core/timestamp.h"

namespace moneytrail {

// Name/value pairs of input columns that FORMATS.md does not define.
using Attributes = std::vector<std::pair<std::string, std::string>>;

// Where a record was read: the id of its source file (see SourceFile) and its
// 1-based line number in that file.
struct Provenance {
  uint32_t source_id = 0;
  uint64_t line = 0;
  friend bool operator==(const Provenance&, const Provenance&) = default;
};

// True for the account fields that mean "cash": empty or "CASH".
inline bool IsCashAccount(std::string_view account) { return account.empty() || account == "CASH"; }

struct Transaction {
  std::string tx_id;
  Timestamp timestamp;
  // Ingest sequence: the order in which records were read (file order, then the
  // order of the files). Ties in `timestamp` replay in this order.
  uint64_t seq = 0;
  std::string from_account;  // empty or CASH: a cash deposit
  std::string to_account;    // empty or CASH: a cash withdrawal
  Amount amount;             // as given
  int64_t base_minor = 0;    // `amount` converted to the store's base currency
  std::string channel;
  std::string reference;
  std::string end_to_end_id;
  std::string uetr;
  Attributes attributes;
  Provenance provenance;

  // Equal content, ignoring where and when it was loaded (seq, provenance):
  // the test for "duplicate" versus "conflict" on re-ingest.
  bool SameContent(const Transaction& o) const {
    return tx_id == o.tx_id && timestamp == o.timestamp && from_account == o.from_account &&
           to_account == o.to_account && amount == o.amount && base_minor == o.base_minor &&
           channel == o.channel && reference == o.reference && end_to_end_id == o.end_to_end_id &&
           uetr == o.uetr && attributes == o.attributes;
  }
};

struct Account {
  std::string account_id;
  std::string holder_id;
  std::string holder_name;
  std::string institution;           // BIC or name
  std::string country;               // ISO 3166 alpha-2
  std::string currency;              // ISO 4217; empty = the store's base currency
  std::string opening_balance;       // as given, in `currency`
  int64_t opening_balance_base = 0;  // converted to the base currency
  std::string opened;
  std::string closed;
  std::string kind;  // bank, card, crypto, cash, external
  Attributes attributes;
  Provenance provenance;
  friend bool operator==(const Account&, const Account&) = default;
};

struct Party {
  std::string party_id;
  std::string name;
  std::string kind;  // person, organisation
  std::string national_id;
  std::string phone;
  std::string email;
  std::string address;
  std::string device;
  std::string nationality;
  std::string birth_date;
  Attributes attributes;
  Provenance provenance;
  friend bool operator==(const Party&, const Party&) = default;
};

struct Asset {
  std::string asset_id;
  std::string kind;  // real_estate, vehicle, crypto, securities, business, other
  std::string description;
  std::string owner_id;
  std::string value;  // as given, in `currency`
  std::string currency;
  std::string registry_ref;
  std::string acquired_tx;  // the payment that bought it
  std::string acquired_on;
  std::string account_id;
  Attributes attributes;
  Provenance provenance;
  friend bool operator==(const Asset&, const Asset&) = default;
};

// A ransom payment (or other proceeds) named by a case.
struct Seed {
  std::string tx_id;
  // Decimal text in the transaction's currency; empty = the whole transaction.
  std::string amount;
  // Whose money this is; empty = the case itself (claimant id = case id).
  std::string claimant;
  friend bool operator==(const Seed&, const Seed&) = default;
};

struct Case {
  std::string case_id;
  std::string title;
  std::string opened;
  std::string jurisdiction;  // ISO 3166 alpha-2
  std::vector<Seed> seeds;
  Attributes attributes;  // other keys, values as compact JSON text
  Provenance provenance;
  friend bool operator==(const Case&, const Case&) = default;
};

// Units of `currency` per one unit of the base currency, valid from `date`
// until the next rate of the same currency.
struct FxRate {
  std::string currency;
  Timestamp date;
  Rate rate;
  friend bool operator==(const FxRate&, const FxRate&) = default;
};

enum class RecordKind { kTransactions, kAccounts, kParties, kAssets, kCases, kFxRates };
std::string_view RecordKindName(RecordKind kind);  // "transactions", ...
std::optional<RecordKind> RecordKindFromName(std::string_view name);

// How a source may be used (FORMATS.md, "Provenance and handling").
enum class Handling { kEvidence, kIntelligence };

// One file ever loaded into a store.
struct SourceFile {
  uint32_t source_id = 0;
  std::string name;
  uint64_t size = 0;
  std::string sha256;     // lower-case hex
  std::string loaded_at;  // ISO 8601 UTC, wall clock of the load
  RecordKind kind = RecordKind::kTransactions;
  std::string origin;
  Handling handling = Handling::kEvidence;
  bool consent = false;
  bool complete = false;  // false while a load is in progress (or was killed)
  // Counts of the load, and how far it got: the next line to read and its byte
  // offset, so that a killed load resumes where it stopped.
  uint64_t loaded = 0;
  uint64_t duplicates = 0;
  uint64_t conflicts = 0;
  uint64_t rejected = 0;
  uint64_t resume_line = 0;
  uint64_t resume_offset = 0;
};

}  // namespace moneytrail

#endif  // MONEYTRAIL_ENGINE_CORE_RECORDS_H_
