// Renderings of a FlagReport: JSON (for machines and the evidence report),
// a table (for people) and CSV (for spreadsheets). Each is a pure function of
// the report: the same report gives the same bytes.
//
// JSON, two-space indent, trailing newline:
// {"mode": "case"|"typologies", "case_id", "method", "currency", "as_of",
//  "rulebook": {"name", "version"}, "seed_total" (case),
//  "scanned": {"accounts", "transactions"},
//  "totals": {"freeze", "seize", "confiscate_value"}  (sums of flag amounts),
//  "flags": [{"rule_id", "title", "action", "severity",
//             "subject": {"kind", "id"}, "amount" (null when none), "urgency" (freeze),
//             "facts": {"<name>": value...}, "evidence": {"tx_ids": [...], "chain": [...]},
//             "mla": {"measures": [...], "accounts": [{"account", "institution", "holder",
//                     "received", "held", "first", "last"}]}  (mla_request),
//             "legal_basis", "sentence"}]}
// Money is a decimal string with the currency's digits; counts, hours and
// percents are integers; bools and text as JSON.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_RULES_RENDER_H_
#define MONEYTRAIL_RULES_RENDER_H_

#include <string>

#include "rules/flags.h"

namespace moneytrail::rules {

std::string RenderFlagsJson(const FlagReport& report);
// Columns: action, severity, rule, subject, amount, urgency, sentence; then
// the totals. Ends with '\n'.
std::string RenderFlagsTable(const FlagReport& report);
// Header: rule_id,action,severity,subject_kind,subject_id,amount,currency,urgency,
// facts,tx_ids,chain,legal_basis,sentence. facts is "name=value; ...", lists
// are ';'-separated. Cells quoted per RFC 4180, formulas neutralised.
std::string RenderFlagsCsv(const FlagReport& report);

}  // namespace moneytrail::rules

#endif  // MONEYTRAIL_RULES_RENDER_H_
