// Flags: what the rules module proposes, each explaining itself, and the two
// ways to get them: over one case's trace (FlagCase) or over the whole store
// for laundering typologies (FlagTypologies, the FIU's batch mode).
//
// Evaluation: providers (rules/registry.h) compute facts; each rule is tested
// on every subject of its kind with three-valued logic (a comparison with an
// absent fact is unknown; all/any/not follow Kleene; only "true" fires). Rules
// over accounts, assets and jurisdictions run first; then the party facts are
// computed net of what the freeze and seize flags already claim, and the party
// rules run. Flags are sorted by action (freeze, seize, confiscate_value,
// mla_request, investigate), then rule order in the rulebook, then subject id:
// the same store, case and rulebook always give the same flags.
//
// Thread safety: functions are pure over a read-only Store.
#ifndef MONEYTRAIL_RULES_FLAGS_H_
#define MONEYTRAIL_RULES_FLAGS_H_

#include <optional>
#include <string>
#include <vector>

#include "engine/core/status.h"
#include "engine/storage/store.h"
#include "engine/trace/trace.h"
#include "rules/facts.h"
#include "rules/rulebook.h"

namespace moneytrail::rules {

struct ShownFact {
  std::string name;
  Value value;
};

struct Flag {
  std::string rule_id;
  std::string title;
  Action action = Action::kInvestigate;
  std::string severity;
  Subject subject = Subject::kAccount;
  std::string subject_id;
  std::optional<int64_t> amount;  // base currency minor units; none for some investigations
  std::string amount_fact;
  std::string urgency;                // freeze only: immediate, high, standard
  std::vector<ShownFact> facts;       // the facts the rule read that have values
  std::vector<std::string> tx_ids;    // evidence, replay order
  std::vector<std::string> chain;     // accounts the money took, when known
  std::vector<MlaItem> mla_items;     // mla_request only
  std::vector<std::string> measures;  // mla_request: freeze, produce_records
  std::string legal_basis;
  std::string sentence;
};

struct FlagReport {
  std::string mode;  // "case" or "typologies"
  std::string case_id;
  std::string method;  // case mode
  std::string currency = "EUR";
  int minor_digits = 2;
  std::optional<Timestamp> as_of;
  std::string rulebook;
  int64_t rulebook_version = 1;
  int64_t seed_total = 0;  // case mode
  size_t accounts_scanned = 0;
  size_t transactions_scanned = 0;
  std::vector<Flag> flags;
};

struct FlagOptions {
  trace::Method method = trace::Method::kLibr;
  std::optional<Timestamp> until;
  std::optional<int> max_hops;
  // The moment urgency and ages are measured at. Default: `until` when set,
  // else the last transaction of the case's ledger (every account that held
  // taint, whole history): a pure function of the data, never the wall clock.
  std::optional<Timestamp> as_of;
};

// Flags one case: traces it (CaseLedger), computes every fact, applies every
// rule. Errors: those of the trace (DataError for bad seeds, ...), IOError and
// Corruption from the store.
Result<FlagReport> FlagCase(const storage::Store& store, const Case& c, const Rulebook& book,
                            const FlagOptions& options);

// Scans every transaction of the store and applies the rulebook's
// `investigate` rules over accounts (trace facts are absent: no case).
Result<FlagReport> FlagTypologies(const storage::Store& store, const Rulebook& book);

// The core, for tests and other drivers: applies `book`'s rules on subjects
// whose kind passes `subjects` to the facts in `table`. Tx ids of evidence are
// resolved by `tx_id` (tx index -> id).
struct EvalNaming {
  std::string currency = "EUR";
  int minor_digits = 2;
  std::string case_id, method;
  std::function<std::string(uint64_t tx)> tx_id;
};
std::vector<Flag> ApplyRules(const Rulebook& book, const FactTable& table,
                             const std::function<bool(const Rule&)>& which,
                             const EvalNaming& naming);

// Sort order of the output (see the header comment).
void SortFlags(const Rulebook& book, std::vector<Flag>* flags);

}  // namespace moneytrail::rules

#endif  // MONEYTRAIL_RULES_FLAGS_H_

namespace moneytrail::rules {
// A fact's value as plain text: money "1234.56", numbers in decimal, bools
// "true"/"false", text as is.
std::string ValueText(const Value& v, int minor_digits);
}  // namespace moneytrail::rules
