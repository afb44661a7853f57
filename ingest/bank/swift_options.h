// Options shared by the SWIFT MT readers (ReadMt940 in mt940.h, ReadMt103 in
// mt103.h).
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_INGEST_BANK_SWIFT_OPTIONS_H_
#define MONEYTRAIL_INGEST_BANK_SWIFT_OPTIONS_H_

#include <cstddef>

namespace moneytrail::ingest::bank {

struct SwiftReadOptions {
  // The longest field (tag content including its continuation lines) a
  // reader accepts. A longer field is reported as a ReadIssue and skipped;
  // the rest of the message is still read. The SWIFT limits are far lower
  // (:86: is 6 x 65 characters), but banks exceed them, so the default only
  // bounds what one malformed field can cost.
  size_t max_field_bytes = 64 * 1024;

  // The caller declares the input to be ISO 8859-1 (Latin-1): every byte is
  // converted to UTF-8, even if the bytes would also be valid UTF-8. When
  // false, the input must be UTF-8 unless it is evidently Latin-1 (see
  // ReadMt940 in mt940.h for the rule); otherwise it is refused.
  bool latin1 = false;
};

}  // namespace moneytrail::ingest::bank

#endif  // MONEYTRAIL_INGEST_BANK_SWIFT_OPTIONS_H_
