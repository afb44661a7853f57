// The evidence report: everything a prosecutor puts before a court about one
// case, as plain data that the exporters (report_json.h, report_csv.h,
// report_html.h, report_pdf.h) render. PRIMER.md, "What an evidence report
// contains", is the table of contents; every section below is one of its items.
//
// The model is complete and already redacted: records that may not appear in
// court (intelligence without consent, FORMATS.md "Provenance and handling")
// have been replaced by pseudonyms ("[withheld 1]") before it was built, and
// `withheld` says what was withheld and why. Renderers print what they are
// given and never look anything up, so no format can leak more than another.
//
// Money is int64 minor units of the store's base currency (`currency`,
// `minor_digits`); renderers format it with FormatMoney(). Timestamps are UTC.
// Nothing in the model depends on the wall clock: the same store, case and
// parameters give the same model, and every renderer is a pure function of it,
// so reports reproduce byte for byte.
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_ENGINE_REPORT_REPORT_H_
#define MONEYTRAIL_ENGINE_REPORT_REPORT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/timestamp.h"

namespace moneytrail::report {

// Version of the report's JSON schema (report_json.h). Bump it when a field
// changes meaning or disappears; adding a field is compatible.
inline constexpr int kReportSchemaVersion = 1;

// 1. Case header.
struct CaseHeader {
  std::string case_id;
  std::string title;
  std::string opened;        // as given
  std::string jurisdiction;  // ISO 3166 alpha-2
  // Other keys of the case record (offence, victims, ...), values as compact JSON.
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::string> claimants;  // sorted; the case id when seeds name none
  // Ransom total per original currency: (ISO code, decimal text), sorted by code.
  std::vector<std::pair<std::string, std::string>> ransom_by_currency;
};

// Where a figure comes from: a record's file and line (the file's hash is in
// Provenance::sources under the same name).
struct SourceRef {
  std::string file;  // empty when unknown
  uint64_t line = 0;
};

// 2. A seed: a ransom payment named by the case.
struct SeedRow {
  std::string tx_id;
  Timestamp timestamp;
  std::string from_account;  // "" for cash
  std::string to_account;
  std::string original_amount;  // decimal text in `original_currency`
  std::string original_currency;
  int64_t amount = 0;   // the whole payment, base currency
  int64_t tainted = 0;  // the part the case names as proceeds
  std::string claimant;
  std::string reference;
  std::string end_to_end_id;
  std::string uetr;
  bool replayed = true;  // false: after --until, counts nowhere
  SourceRef source;
};

// 3. The method stated up front and, beside it, every other method.
struct MethodSummary {
  std::string method;  // "fifo", "lifo", "pro-rata", "libr", "tainted-first", "poison"
  int64_t held = 0;
  int64_t exited = 0;
  bool conserved = false;
};
struct ComparisonRow {
  std::string kind;              // "account", "asset_purchase", "cash_withdrawal", "hop_limit"
  std::string subject;           // account id or asset id
  std::vector<int64_t> amounts;  // parallel to Comparison::methods
};
struct Comparison {
  std::vector<MethodSummary> methods;  // kAllMethods order
  std::vector<ComparisonRow> rows;     // kind order, then subject
};

// 4. One line of the tracing schedule: a seed, a flow (taint moving between
// accounts) or an exit (cash, asset, hop limit), in replay order, with the
// balances after it. Balances are those of the whole account; `*_tainted` the
// part traced as proceeds under the report's method.
struct ScheduleRow {
  std::string kind;  // "seed", "flow", "cash_withdrawal", "asset_purchase", "hop_limit"
  std::string tx_id;
  Timestamp timestamp;
  int hop = 0;               // the receiving hop (flows, seeds); the sender's hop for exits
  std::string from_account;  // "" for a cash deposit
  std::string to_account;    // "" for cash; for asset purchases the seller's account, if any
  std::string asset_id;      // asset purchases only
  int64_t amount = 0;        // the whole transaction
  int64_t tainted = 0;       // the part that carried proceeds
  std::vector<std::pair<std::string, int64_t>> by_claimant;  // nonzero, claimant order
  std::optional<int64_t> from_balance, from_tainted;         // none for cash
  std::optional<int64_t> to_balance, to_tainted;             // none for cash and exits
  // LIBR only: the debit drew the sender down to its lowest intermediate
  // balance, so that everything left in it is proceeds (balance == tainted).
  bool low_point = false;
  SourceRef source;
};

// 5. Reconciliation: seed total = held + exited, to the cent, per claimant.
struct ClaimantReconciliation {
  std::string claimant;
  int64_t seed_total = 0, held = 0, exited = 0;
};
struct Reconciliation {
  int64_t seed_total = 0;
  int64_t held = 0;
  int64_t exited_cash = 0, exited_assets = 0, exited_hop_limit = 0;
  int64_t exited = 0;  // the sum of the three
  bool conserved = false;
  std::vector<ClaimantReconciliation> by_claimant;
  // Rule 4 (TRACING.md): debits beyond the known balance.
  int64_t inferred_funds = 0;
  size_t inferred_accounts = 0;
};

// 6. Terminal points: where the traced money is now or where the trail ends.
struct Terminal {
  std::string kind;     // "account" (held: freeze), "asset" (seize), "cash_withdrawal", "hop_limit"
  std::string subject;  // account id or asset id
  std::string holder;   // holder id (name where known), "" if unknown
  std::string country;  // "" if unknown
  std::string institution;
  bool foreign = false;  // a state other than the case's jurisdiction (MLA)
  int hop = 0;
  int64_t amount = 0;
  std::string description;  // assets: kind and description
};

// Flags of the rulebook (rules/), as plain data.
struct FlagRow {
  std::string rule_id;
  std::string title;
  std::string action;  // freeze, seize, confiscate_value, mla_request, investigate
  std::string severity;
  std::string subject_kind;  // account, asset, party, jurisdiction
  std::string subject_id;
  std::optional<int64_t> amount;
  std::string urgency;
  std::vector<std::pair<std::string, std::string>> facts;  // name, value text
  std::vector<std::string> tx_ids;
  std::vector<std::string> chain;
  std::string legal_basis;
  std::string sentence;
};

// 9. One annex per foreign state, for a mutual legal assistance request.
struct MlaAccount {
  std::string account;
  std::string institution;
  std::string holder;
  int64_t received = 0;
  int64_t held = 0;
  Timestamp first, last;
};
struct MlaAnnex {
  std::string state;  // ISO 3166 alpha-2
  std::string facts;  // a paragraph: what reached the state, from the case
  std::string legal_basis;
  std::vector<MlaAccount> accounts;
  int64_t received = 0, held = 0;
  std::vector<std::string> measures;  // freeze, produce_records
  std::vector<std::string> tx_ids;    // the transactions that carried the money there
};

// 8. Provenance.
struct SourceInfo {
  std::string name;    // "[withheld source 1]" when withheld
  std::string kind;    // transactions, accounts, ...
  std::string sha256;  // "" when withheld
  uint64_t size = 0;
  std::string origin;
  std::string handling;  // evidence, intelligence
  bool consent = false;
  uint64_t loaded = 0, duplicates = 0, conflicts = 0, rejected = 0;
};
struct Provenance {
  std::string engine_version;
  std::string store_fingerprint;  // Store::Fingerprint()
  std::string rulebook_name;
  int64_t rulebook_version = 0;
  std::string rulebook_sha256;
  // Parameters that shape the content: (name, value), in a fixed order.
  std::vector<std::pair<std::string, std::string>> parameters;
  std::vector<SourceInfo> sources;  // by source id
};

// What the report leaves out and why (item 8 of issue #5). Empty when nothing is.
struct WithheldNotice {
  size_t sources = 0, transactions = 0, accounts = 0, parties = 0, assets = 0;
  int64_t amount = 0;  // tainted money carried by withheld schedule rows
  std::string reason;  // one paragraph, shown wherever the report is read
  bool empty() const { return sources + transactions + accounts + parties + assets == 0; }
};

struct Report {
  int schema_version = kReportSchemaVersion;
  std::string currency = "EUR";
  int minor_digits = 2;
  CaseHeader header;
  std::string method;              // the rule the report traces by
  std::string method_description;  // its legal authority, one sentence
  std::optional<Timestamp> until;
  std::optional<int> max_hops;
  std::optional<Timestamp> as_of;  // the moment flags measure urgency at
  std::vector<SeedRow> seeds;
  Comparison comparison;
  std::vector<ScheduleRow> schedule;
  Reconciliation reconciliation;
  std::vector<Terminal> terminals;
  std::vector<FlagRow> flags;
  std::vector<MlaAnnex> annexes;  // sorted by state
  Provenance provenance;
  WithheldNotice withheld;
};

// Minor units as a decimal with the report's digits: 1234567 -> "12345.67",
// -5 -> "-0.05".
std::string FormatMoney(const Report& report, int64_t minor_units);

// "Seed total 295000.00 EUR = held 145459.08 + exited 149540.92: reconciled."
// (or "... NOT reconciled" when not conserved): the line every format shows.
std::string ReconciliationLine(const Report& report);

}  // namespace moneytrail::report

#endif  // MONEYTRAIL_ENGINE_REPORT_REPORT_H_
