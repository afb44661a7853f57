// One record of the audit trail and its exact text: who read what, when,
// for which case and why, chained to the record before it by SHA-256.
//
// A record is one line of JSON (JSON Lines), keys always all present and
// always in this order:
//
//   {"seq":3,"time":"2024-03-01T10:15:00.123456Z","user":"ana","role":"",
//    "action":"trace","case":"K-2024-001","subject":"","purpose":"MLA 12/24",
//    "outcome":"","prev":"<64 hex>","hash":"<64 hex>"}
//
//   seq      1 for the first record, then +1 per record, no gaps
//   time     UTC, RFC 3339 with exactly six fractional digits (microseconds)
//   user     who (the token's user, or the operating-system user on the CLI)
//   role     the token's role; "" on the command line
//   action   what: "trace", "query neighbors", "GET /api/v1/cases/K-1/trace"
//   case     which case; "" when none
//   subject  the account or other target read; "" when none
//   purpose  the purpose the user stated; "" when none was stated
//   outcome  how it ended ("ok", "200", "denied", ...); "" when not recorded
//   prev     the previous record's `hash`; 64 zeros for seq 1
//   hash     lower-case hex SHA-256 of the canonical text of the record
//            without `hash` (which includes `prev`)
//
// Canonical text: the JSON object of the first ten keys in the order above,
// as nlohmann::json::dump() writes it with no indent: no spaces, strings in
// UTF-8 unescaped except `"`, `\` and control characters (\b \f \n \r \t,
// others \u00xx in lower case). Python's json.dumps(record,
// ensure_ascii=False, separators=(",", ":")) gives the same bytes, so an
// outside auditor can re-verify a log in a few lines (see README.md, "Audit
// trail"). A stored line is the canonical text with ,"hash":"..." before the
// closing brace, then "\n". Bytes that are not valid UTF-8 in a field are
// stored as U+FFFD.
//
// Thread safety: plain values and pure functions.
#ifndef MONEYTRAIL_ENGINE_AUDIT_AUDIT_RECORD_H_
#define MONEYTRAIL_ENGINE_AUDIT_AUDIT_RECORD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "engine/core/status.h"
#include "engine/core/timestamp.h"

namespace moneytrail::audit {

// `prev` of the first record.
inline constexpr std::string_view kGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// What the caller states about one read. `user` and `action` are required.
struct AuditEntry {
  std::string user;
  std::string role;
  std::string action;
  std::string case_id;  // key "case"
  std::string subject;
  std::string purpose;
  std::string outcome;
};

// A record as stored.
struct AuditRecord {
  uint64_t seq = 0;
  std::string time;  // as stored, "2024-03-01T10:15:00.123456Z"
  AuditEntry entry;
  std::string prev;
  std::string hash;
};

// "2024-03-01T10:15:00.000000Z": always six fractional digits.
std::string FormatAuditTime(Timestamp t);

// The canonical text of `r` without `hash` (see above).
std::string CanonicalText(const AuditRecord& r);

// SHA-256 of CanonicalText(r), lower-case hex.
std::string ComputeHash(const AuditRecord& r);

// The line to store, without the trailing "\n": the canonical text with
// `hash` (taken from r.hash) as the last key.
std::string RecordLine(const AuditRecord& r);

// Parses one stored line (without its "\n"). A data error names what is wrong
// (not JSON, a key missing, out of order or unknown, a value of the wrong
// type, a hash that is not 64 hex digits); it does not check the hash itself
// (compare ComputeHash() with `hash` for that).
Result<AuditRecord> ParseRecordLine(std::string_view line);

}  // namespace moneytrail::audit

#endif  // MONEYTRAIL_ENGINE_AUDIT_AUDIT_RECORD_H_
