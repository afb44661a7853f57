// RejectsFile: where refused rows go, whole and unchanged, one JSON object a
// line: {"file","line","field","reason","record"}.
//
// Appends are flushed and synced before the batch they belong to is
// committed; when an interrupted load resumes at line N, entries for lines
// >= N (written for a batch that never committed) are dropped first, so the
// file never holds the same reject twice.
#ifndef MONEYTRAIL_INGEST_REJECTS_H_
#define MONEYTRAIL_INGEST_REJECTS_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::ingest {

struct Reject {
  uint64_t line = 0;
  std::string field;
  std::string reason;
  std::string record;  // the raw bytes of the row
};

// "file:line: field: reason".
std::string FormatReject(const std::string& file, const Reject& r);

class RejectsFile {
 public:
  RejectsFile(std::string path, std::string file_name)
      : path_(std::move(path)), file_name_(std::move(file_name)) {}
  ~RejectsFile();
  // Keeps entries of lines < keep_before_line from an earlier, interrupted run.
  // The file itself is created only when there is something to write.
  Status Open(uint64_t keep_before_line);
  Status Append(const std::vector<Reject>& rejects);
  const std::string& path() const { return path_; }
  bool empty() const { return written_ == 0; }

 private:
  Status OpenForAppend();

  std::string path_;
  std::string file_name_;
  std::FILE* f_ = nullptr;
  uint64_t written_ = 0;
};

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_REJECTS_H_
