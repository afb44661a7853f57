// Traffic: writes transactions.csv day by day through 2024, mixing the ordinary
// payments of the Population with the cases' events, in time order.
//
// Each day gets a quota of ordinary transactions (weekdays more than Sundays,
// more before Christmas); the quotas sum exactly to the requested number.
// Salaries, rents and bills are scheduled on their pay days and count towards
// the quota; the rest are drawn from a fixed mix (see traffic.cc). Within a day
// the slots' times are drawn first and sorted, then each slot becomes a payment
// in that order, so that every balance check sees the balance of that moment.
// A payment the payer cannot afford is redrawn with other payers and finally
// replaced by a shop's cash deposit, which is always possible: balances never
// go negative and the count stays exact.
//
// Memory: the slots of one day (about transactions / 366 keys).
#ifndef MONEYTRAIL_TOOLS_DEMO_TRAFFIC_H_
#define MONEYTRAIL_TOOLS_DEMO_TRAFFIC_H_

#include <cstdint>
#include <functional>

#include "tools/demo/case_plan.h"
#include "tools/demo/fx_table.h"
#include "tools/demo/out_file.h"
#include "tools/demo/population.h"

namespace moneytrail::demo {

using ProgressFn = std::function<void(uint64_t written, uint64_t total)>;

// Writes the header and every transaction into `out`; fills in the seeds' and
// assets' tx ids in `plan`. Returns the number of rows written.
uint64_t WriteTraffic(uint64_t seed, uint64_t ordinary, Population& pop, const FxTable& fx,
                      CasePlan& plan, OutFile& out, const ProgressFn& progress);

}  // namespace moneytrail::demo

#endif  // MONEYTRAIL_TOOLS_DEMO_TRAFFIC_H_
