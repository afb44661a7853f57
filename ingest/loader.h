// Loader: puts one input file into a Store without losing or silently
// changing a record (FORMATS.md, "Errors").
//
// For each file it: checks the bytes (file_check.h) and refuses a file that is
// not what it claims; reads the header and infers the kind unless told;
// validates every row; de-duplicates by id against the file and the store
// (same content: a duplicate, counted; different content: a conflict,
// reported, the stored record kept); converts amounts to the base currency;
// and commits in batches. Each batch is one atomic Store::Commit() that also
// records how far the file got, so a load killed at any moment resumes where
// the last batch ended when the same file is loaded again.
//
// Every refused row goes, whole and unchanged, to the rejects file (JSON Lines:
// file, line, field, reason, record) with the same "file:line: field: reason"
// message that the summary shows.
//
// Thread safety: one Loader per store writer.
#ifndef MONEYTRAIL_INGEST_LOADER_H_
#define MONEYTRAIL_INGEST_LOADER_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/records.h"
#include "engine/storage/store.h"

namespace moneytrail::ingest {

struct LoadOptions {
  std::optional<RecordKind> kind;  // inferred from the header when absent
  std::string origin;              // where the file came from (free text)
  Handling handling = Handling::kEvidence;
  bool consent = false;      // intelligence whose sender agreed to court use
  size_t batch_records = 0;  // records per atomic commit; 0: AutoBatchRecords()
  std::string rejects_dir;   // default: <store>/rejects
  // Bank formats: a mapping file makes a CSV a bank export (mapped_csv.h);
  // camt entries not booked are loaded (flagged booked=false) only when asked.
  std::string mapping_path;
  bool include_pending = false;
  // Called now and then with bytes read so far and the file size.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct LoadReport {
  std::string file;
  RecordKind kind = RecordKind::kTransactions;
  uint32_t source_id = 0;
  std::string sha256;
  uint64_t loaded = 0, duplicates = 0, conflicts = 0, rejected = 0;
  uint64_t resumed_at_line = 0;       // > 0 when an interrupted load was resumed
  bool already_loaded = false;        // the same bytes were loaded completely before
  std::string rejects_path;           // empty when nothing was rejected
  std::vector<std::string> messages;  // the first rejects, "file:line: field: reason"
  // Bank formats only (MT940/MT942, camt, MT103, mapped CSV).
  std::string format;                 // empty for our own CSV/JSON formats
  uint64_t matched = 0;               // sightings merged into a record already known
  uint64_t ambiguous = 0;             // several candidates: kept apart, reported
  uint64_t unbalanced = 0;            // statements whose balances do not add up
  uint64_t pending_skipped = 0;       // camt entries not booked, left out
  std::vector<std::string> matches;   // "file:line: matched X = Y (by uetr)", ambiguities
  std::vector<std::string> checks;    // statement balance mismatches
  uint64_t warned = 0;                // reader warnings: entries loaded, with a remark
  std::vector<std::string> warnings;  // the first of them, "file:line: field: reason"
  std::string warnings_path;          // all of them (JSON Lines), empty when none
};

// "camt", "mt103" or "mt940" (MT942 too) when `head`, the start of a file,
// is one of those bank formats; std::nullopt otherwise. By content, not name.
std::optional<std::string> DetectBankFormat(std::string_view head);

// Loads a bank file of `format` ("camt", "mt103", "mt940", "mapped-csv"):
// the readers of ingest/bank/, then bank_records.h. Loader::LoadFile calls it
// for files DetectBankFormat() recognises or when a mapping is given.
Result<LoadReport> LoadBankFile(storage::Store* store, const std::string& path,
                                const std::string& display_name, const std::string& format,
                                const LoadOptions& options);

// The records per commit of a file of `file_bytes` when LoadOptions leaves it
// at 0: about a tenth of the rows (at ~120 bytes a row), kept between 100,000
// and 500,000. A commit is the load's slowest stage and the next batch is
// parsed while it runs: with a tenth, a small file still overlaps the two and
// touches less fresh memory; a large one makes few, large commits, which
// leave few overlapping index files for RocksDB to compact. Measured on the
// 10 M demo load and on 1 M more into that store (tools/bench/ingest.sh).
size_t AutoBatchRecords(uint64_t file_bytes);

// Reads just enough of `path` to tell which kind of records it holds.
// DataError when the header is none of ours (use --kind).
Result<RecordKind> DetectKind(const std::string& path, const std::string& display_name);

class Loader {
 public:
  explicit Loader(storage::Store* store);

  // Loads `path` (named `display_name` in messages and provenance). Fails with
  // DataError for a file refused whole, NotFound/IOError for I/O trouble; rows
  // refused one by one are not failures: they are counted in the report.
  Result<LoadReport> LoadFile(const std::string& path, const std::string& display_name,
                              const LoadOptions& options);

 private:
  storage::Store* store_;
};

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_LOADER_H_
