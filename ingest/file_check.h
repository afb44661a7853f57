// InspectFile: one pass over an input file before anything is loaded — its
// size and SHA-256 (its identity in the store's `sources`), and whether it is
// text that moneytrail may read at all.
//
// A file that is not what it claims is refused whole, never half-loaded
// (FORMATS.md, "Errors"): NUL bytes mean binary; bytes that are not UTF-8 are
// refused with the line of the first one, and a hint when they look like
// Latin-1. An empty file is refused too: there is no header to read.
#ifndef MONEYTRAIL_INGEST_FILE_CHECK_H_
#define MONEYTRAIL_INGEST_FILE_CHECK_H_

#include <cstdint>
#include <string>

#include "engine/core/status.h"

namespace moneytrail::ingest {

struct FileFacts {
  uint64_t size = 0;
  std::string sha256;
  bool has_bom = false;
};

// OK with the facts, DataError (exit 65) naming `display_name`:line when the
// file is binary, not UTF-8 or empty; NotFound / IOError when it cannot be read.
Result<FileFacts> InspectFile(const std::string& path, const std::string& display_name);

// True when `bytes` is valid UTF-8; otherwise *bad_at is the first bad byte.
bool IsValidUtf8(std::string_view bytes, size_t* bad_at);

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_FILE_CHECK_H_
