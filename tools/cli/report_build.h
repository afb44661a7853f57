// The wiring of an evidence report: store -> trace (every method) -> rules ->
// report model, redacted for court, then rendered into files. Shared by
// `moneytrail report` (which writes the files and their manifest) and
// `moneytrail verify` (which re-runs and compares).
#ifndef MONEYTRAIL_TOOLS_CLI_REPORT_BUILD_H_
#define MONEYTRAIL_TOOLS_CLI_REPORT_BUILD_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "engine/core/status.h"
#include "engine/report/report.h"
#include "engine/storage/store.h"
#include "engine/trace/trace.h"

namespace moneytrail::cli {

// What to report on. Everything that shapes the content is here, and all of
// it goes into the manifest, so that `verify` can ask for the same again.
struct ReportRequest {
  std::string case_id;
  trace::Method method = trace::Method::kLibr;
  std::optional<Timestamp> until;
  std::optional<int> max_hops;
  std::optional<Timestamp> as_of;  // default: the flags' own default (report.as_of)
  std::string rules_path;          // empty: the built-in rulebook
};

struct ReportBundle {
  report::Report model;
  std::string graphml;  // the taint-flow graph, redacted like the model
};

// Builds the model. NotFound for an unknown case or rulebook file; DataError
// for a bad rulebook or a seed the engine refuses; IOError/Corruption from the
// store. Records from intelligence sources without consent are withheld.
Result<ReportBundle> BuildReport(const storage::Store& store, const ReportRequest& request,
                                 const std::string& engine_version);

// The output formats, in the order files are written.
inline constexpr const char* kReportFormats[] = {"html", "pdf", "json", "csv", "graphml"};

// Renders the bundle in `formats` (a subset of kReportFormats): (file name,
// bytes) pairs, file names fixed ("report.html", "report.pdf", "report.json",
// "schedule.csv" and "measures.csv", "taint-graph.graphml"), never from data.
Result<std::vector<std::pair<std::string, std::string>>> RenderReportFiles(
    const ReportBundle& bundle, const std::vector<std::string>& formats);

}  // namespace moneytrail::cli

#endif  // MONEYTRAIL_TOOLS_CLI_REPORT_BUILD_H_
