// Reading our records from JSON: one flat object per JSON Lines row, and the
// cases document ({"cases": [...]}) whose elements keep their line numbers and
// raw text so that a bad case is rejected whole, like a bad CSV row.
//
// Numbers are kept as the exact text of the input (never through a double):
// an amount of 0.1 stays "0.1", and 1E999 is refused, not turned into inf.
#ifndef MONEYTRAIL_INGEST_JSON_RECORDS_H_
#define MONEYTRAIL_INGEST_JSON_RECORDS_H_

#include <string>
#include <string_view>
#include <vector>

#include "engine/core/records.h"
#include "engine/core/status.h"

namespace moneytrail::ingest {

// Parses one JSON object whose values are scalars into parallel key/value
// lists (strings as text, numbers as their literal text, booleans as
// "true"/"false", null as ""). False with a reason when the line is not an
// object, has nested values, or a number out of range.
bool ParseFlatObject(std::string_view text, std::vector<std::string>* keys,
                     std::vector<std::string>* values, std::string* error);

// One element of a cases document: its raw text and the line it starts on.
struct JsonElement {
  uint64_t line = 0;
  std::string_view raw;
};

// Finds the elements of the top-level "cases" array in `text`. DataError when
// the document is not an object with a "cases" array.
Result<std::vector<JsonElement>> SplitCasesDocument(std::string_view text, const std::string& file);

// True when `text` starts (after whitespace) with an object whose first key is "cases".
bool LooksLikeCasesDocument(std::string_view text);

// Parses one case object. False with field and reason when it is malformed:
// case_id missing, seeds missing or empty, a seed without tx_id, a seed amount
// that is not a positive decimal.
bool ParseCase(std::string_view raw, Case* c, std::string* field, std::string* reason);

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_JSON_RECORDS_H_
