// The evidence report as JSON: the whole model, machine-readable, for the
// court's and the defence's own tools.
//
// Schema "moneytrail-evidence-report", version kReportSchemaVersion (report.h).
// Two-space indent, keys in the order below, a trailing newline; amounts are
// decimal strings in the base currency ("12345.67", exact, never floats);
// timestamps ISO 8601 UTC; absent values are null.
//
//   {"schema": "moneytrail-evidence-report", "schema_version": 1,
//    "currency": "EUR", "minor_digits": 2,
//    "case": {"case_id", "title", "opened", "jurisdiction", "attributes": {…},
//             "claimants": [...], "ransom_by_currency": {"EUR": "…"}},
//    "method": {"name", "description"}, "until", "max_hops", "as_of",
//    "withheld": null | {"sources", "transactions", "accounts", "parties",
//                        "assets", "amount", "reason"},
//    "seeds": [{"tx_id", "timestamp", "from_account", "to_account", "amount",
//               "tainted", "original_amount", "original_currency", "claimant",
//               "reference", "end_to_end_id", "uetr", "replayed",
//               "source": {"file", "line"}}],
//    "comparison": {"methods": [{"method", "held", "exited", "conserved"}],
//                   "terminals": [{"kind", "subject", "amounts": {"fifo": …}}]},
//    "schedule": [{"kind", "tx_id", "timestamp", "hop", "from_account",
//                  "to_account", "asset_id", "amount", "tainted",
//                  "by_claimant": {"V1": …}, "from_balance", "from_tainted",
//                  "to_balance", "to_tainted", "low_point", "source"}],
//    "reconciliation": {"seed_total", "held", "exited", "exited_cash",
//                       "exited_assets", "exited_hop_limit", "conserved",
//                       "line", "by_claimant": [{"claimant", "seed_total",
//                       "held", "exited"}], "inferred_funds",
//                       "inferred_accounts"},
//    "terminals": [{"kind", "subject", "holder", "country", "institution",
//                   "foreign", "hop", "amount", "description"}],
//    "flags": [{"rule_id", "title", "action", "severity",
//               "subject": {"kind", "id"}, "amount", "urgency", "facts": {…},
//               "evidence": {"tx_ids", "chain"}, "legal_basis", "sentence"}],
//    "mla_annexes": [{"state", "facts", "legal_basis", "received", "held",
//                     "measures", "tx_ids", "accounts": [{"account",
//                     "institution", "holder", "received", "held", "first",
//                     "last"}]}],
//    "provenance": {"engine_version", "store_fingerprint",
//                   "rulebook": {"name", "version", "sha256"},
//                   "parameters": {…}, "sources": [{"name", "kind", "sha256",
//                   "size", "origin", "handling", "consent", "loaded",
//                   "duplicates", "conflicts", "rejected"}]}}
//
// Thread safety: pure function.
#ifndef MONEYTRAIL_ENGINE_REPORT_REPORT_JSON_H_
#define MONEYTRAIL_ENGINE_REPORT_REPORT_JSON_H_

#include <string>

#include "engine/report/report.h"

namespace moneytrail::report {

std::string RenderReportJson(const Report& report);

}  // namespace moneytrail::report

#endif  // MONEYTRAIL_ENGINE_REPORT_REPORT_JSON_H_
