// Keeping intelligence out of court: FORMATS.md, "Provenance and handling".
// Records loaded with `--handling intelligence` and no `--consent` may guide a
// trace, but no report may show them. The Redactor finds every such record a
// report mentions — transactions, the accounts known only through them,
// account holders, parties, assets, the source files themselves — and
// replaces each identifying string with a stable pseudonym ("[withheld
// account 1]") everywhere it occurs, in every string of the model. Amounts are
// kept, so the reconciliation still adds up; the report's WithheldNotice says
// what was withheld and why.
//
// Replacement is textual, on purpose: a withheld id quoted inside a flag's
// sentence or a chain is caught like one in a table cell. It errs towards
// withholding (a disclosed string that contains a withheld one is altered),
// never towards leaking.
#ifndef MONEYTRAIL_TOOLS_CLI_REPORT_REDACT_H_
#define MONEYTRAIL_TOOLS_CLI_REPORT_REDACT_H_

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/records.h"
#include "engine/core/status.h"
#include "engine/report/report.h"
#include "engine/storage/store.h"

namespace moneytrail::cli {

class Redactor {
 public:
  // Decides what `report` (fully built, not yet redacted) must withhold, by
  // reading the provenance of the records it names. Empty when no source is
  // intelligence without consent (then nothing is read).
  static Result<Redactor> ForReport(const storage::Store& store,
                                    const std::vector<SourceFile>& sources,
                                    const report::Report& report);

  bool empty() const { return secrets_.empty(); }
  // `text` with every withheld string replaced by its pseudonym.
  std::string Scrub(std::string_view text) const;
  // Scrubs every string of `report` and fills its WithheldNotice.
  void Apply(report::Report* report) const;

 private:
  // Registers `secret` (ignored when shorter than 2 bytes or already known).
  void Withhold(const std::string& secret, const char* what);

  std::map<std::string, std::string> secrets_;   // secret -> pseudonym
  std::map<std::string, size_t> counts_;         // what -> how many pseudonyms
  std::vector<std::string> by_first_byte_[256];  // secrets, longest first
  std::vector<std::string> withheld_txs_;
  size_t withheld_sources_ = 0;
};

}  // namespace moneytrail::cli

#endif  // MONEYTRAIL_TOOLS_CLI_REPORT_REDACT_H_
