// The output directory of a batch while it is being written: case files as
// they arrive, the journal that makes a batch resumable, summary.json last.
// See batch.h for the layout.
#ifndef MONEYTRAIL_TOOLS_BATCH_BATCH_OUTPUT_H_
#define MONEYTRAIL_TOOLS_BATCH_BATCH_OUTPUT_H_

#include <cstdio>
#include <memory>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::batch {

// One case's outcome, as a rank sends it and the output records it.
struct CaseResult {
  size_t index = 0;   // in the store's case order
  int exit_code = 0;  // sysexits status when the case could not be traced
  std::string entry;  // its summary.json entry, compact JSON
  std::string file;   // its file name in the output directory; empty on error
  std::string json;   // its trace JSON; empty on error
};

class BatchOutput {
 public:
  // Opens `dir` for a batch over `case_ids` whose parameters are `header`
  // (compact JSON: method, until, ...). A directory with a journal is
  // refused unless `resume`; resuming a journal written for other parameters
  // or other cases is refused too. A torn last journal line (the process died
  // while appending it) is ignored: that case is traced again.
  static Result<std::unique_ptr<BatchOutput>> Open(const std::string& dir,
                                                   const std::vector<std::string>& case_ids,
                                                   const std::string& header, bool resume);
  ~BatchOutput();
  BatchOutput(const BatchOutput&) = delete;
  BatchOutput& operator=(const BatchOutput&) = delete;

  // Indices of the cases still to trace, in case order.
  const std::vector<size_t>& pending() const { return pending_; }
  size_t resumed() const { return resumed_; }

  // Writes the case file (atomically), then records the case in the journal.
  Status Record(const CaseResult& result);

  // Writes summary.json from `summary_head` (a JSON object without "cases")
  // and every case's entry in case order, then removes the journal. Fails if
  // a case is missing. Returns the worst exit code among the cases.
  Result<int> Finish(const std::string& summary_head);

 private:
  BatchOutput() = default;

  std::string dir_;
  std::FILE* journal_ = nullptr;
  // By case index; null until recorded. Kept parsed, because summary.json
  // is written from all of them at the end, after the last case, when
  // nothing else runs.
  std::vector<nlohmann::ordered_json> entries_;
  std::vector<int> exit_codes_;
  std::vector<size_t> pending_;
  size_t resumed_ = 0;
};

}  // namespace moneytrail::batch

#endif  // MONEYTRAIL_TOOLS_BATCH_BATCH_OUTPUT_H_
