#include "engine/report/report.h"

#include "engine/core/amount.h"

namespace moneytrail::report {

std::string FormatMoney(const Report& report, int64_t minor_units) {
  return FormatMinorUnits(minor_units, report.minor_digits);
}

std::string ReconciliationLine(const Report& report) {
  const Reconciliation& r = report.reconciliation;
  return "Seed total " + FormatMoney(report, r.seed_total) + " " + report.currency + " = held " +
         FormatMoney(report, r.held) + " + exited " + FormatMoney(report, r.exited) + ": " +
         (r.conserved ? "reconciled to the cent." : "NOT reconciled.");
}

}  // namespace moneytrail::report
