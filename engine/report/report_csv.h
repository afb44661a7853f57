// The evidence report's two schedules as CSV, for the spreadsheet a court
// clerk or a foreign authority opens:
//
//  - RenderScheduleCsv: the tracing schedule, one row per seed, flow and exit
//    in replay order, with running balances, the LIBR low point, and the
//    source file and line of each transaction. With several claimants, one
//    `tainted_<claimant>` column each.
//  - RenderMeasuresCsv: the freeze / seizure schedule, one row per measure
//    the rulebook proposes (freeze, seize, confiscate_value, mla_request), in
//    the report's flag order. Investigations stay in the other formats.
//
// Both are UTF-8 with a byte-order mark (so that Excel reads accents), RFC
// 4180 with CRLF line ends. Amounts are plain decimals ("-12.50") and stay
// numbers; text cells that a spreadsheet would run as a formula (leading =,
// +, -, @, tab, CR) are neutralised with an apostrophe (OWASP).
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_ENGINE_REPORT_REPORT_CSV_H_
#define MONEYTRAIL_ENGINE_REPORT_REPORT_CSV_H_

#include <string>

#include "engine/report/report.h"

namespace moneytrail::report {

std::string RenderScheduleCsv(const Report& report);
std::string RenderMeasuresCsv(const Report& report);

}  // namespace moneytrail::report

#endif  // MONEYTRAIL_ENGINE_REPORT_REPORT_CSV_H_
