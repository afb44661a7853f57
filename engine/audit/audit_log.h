// AuditLog: the append-only, hash-chained record of every read of a store
// (who, when, what, which case, why), kept durably before the answer leaves.
// Both callers use it: the command line (the OS user, no role) and the HTTP
// API (the token's user and role). This module's one job is that file, so,
// unlike the rest of engine/, it knows about files.
//
// Files, beside RocksDB's in the store directory (RocksDB never opens them,
// so the log works while the store is open read-only by many processes or
// held by `serve`, and it is not part of the store's fingerprint):
//
//   <store>/audit/audit.jsonl  one record per line (format: audit_record.h)
//   <store>/audit/head         {"seq":N,"hash":"<hash of record N>"} and "\n",
//                              the last record, so that removing records from
//                              the end is seen; absent = seq 0, 64 zeros
//
// Guarantees:
//  - Append() returns OK only once the record is on disk: the line is written
//    and fsync'ed (and the directory too when the file was created), and head
//    is replaced atomically (temporary file, fsync, rename, fsync of the
//    directory). A caller that gets an error must not answer the read.
//  - Appends from any number of threads and processes form one chain, with
//    no record lost or duplicated: each holds an exclusive flock(2) on
//    audit.jsonl while it reads the last line (from the end: an append costs
//    the same at any size), writes its own and replaces head. Readers
//    (Read, Verify) hold a shared lock, so they never see half an append.
//    flock needs a local file system (not NFS).
//  - Append() refuses to extend a log whose last record does not match head
//    (truncated, head removed or replaced, a partial last line), so that the
//    evidence is not overwritten: every read of the store then fails until
//    someone looks (`moneytrail audit --verify`) and moves the audit
//    directory aside, which starts a new chain. Append() checks only the
//    end of the log (its cost does not grow with the log); records altered
//    or removed in the middle are Verify()'s to find.
//  - A crash between writing a record and replacing head leaves head one
//    record behind; Verify accepts that (with a note) and the next Append
//    repairs head. For this reason a removed head is only seen once the log
//    holds two records or more.
//
// What it does not guarantee: the chain is not keyed. Whoever can rewrite
// both files can rebuild a consistent chain (or remove the directory).
// Verify() gives the head hash; written down outside the machine (a case
// file, a ticket, an e-mail to the prosecutor), it anchors the log: a later
// log must still contain that record with that hash.
//
// Thread safety: an AuditLog may be shared between threads; every call opens
// and locks the files itself.
#ifndef MONEYTRAIL_ENGINE_AUDIT_AUDIT_LOG_H_
#define MONEYTRAIL_ENGINE_AUDIT_AUDIT_LOG_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/audit/audit_record.h"
#include "engine/core/status.h"
#include "engine/core/timestamp.h"

namespace moneytrail::audit {

struct AuditLogOptions {
  // The time of each record. Default (empty): the system clock. Tests inject
  // a fixed clock so that records are deterministic.
  std::function<Timestamp()> clock{};
  // Roles that must state a purpose: Append() refuses their entries without
  // one (a usage error). The command line has no role. Default: investigator.
  std::vector<std::string> roles_requiring_purpose = {"investigator"};
  // A longer entry (all fields together) is refused as a usage error.
  size_t max_entry_bytes = 16 * 1024;
};

// Which records Read() returns. Empty fields match everything.
struct AuditFilter {
  std::optional<Timestamp> since{};  // time at or after
  std::optional<Timestamp> until{};  // time at or before
  std::string user{};                // exact
  std::string case_id{};             // exact
  size_t limit = 0;                  // the last (most recent) `limit` matches; 0 = all
};

// What Verify() found.
struct AuditVerification {
  uint64_t records = 0;   // lines in the log
  uint64_t head_seq = 0;  // the last record's seq and hash (64 zeros when empty)
  std::string head_hash{kGenesisHash};
  // "<path>:<line>: <reason>", first bad line first; reasons start with
  // "altered", "removed or reordered", "reordered or duplicated",
  // "removed or replaced", "truncated", "malformed" or "missing".
  std::vector<std::string> problems;
  std::string note;  // e.g. head one record behind after a crash; not a problem

  bool intact() const { return problems.empty(); }
};

class AuditLog {
 public:
  // The log of the store at `store_dir`. Touches nothing until used.
  explicit AuditLog(std::string store_dir, AuditLogOptions options = {});

  const std::string& dir() const { return dir_; }  // <store>/audit
  std::string log_path() const;                    // <store>/audit/audit.jsonl
  std::string head_path() const;                   // <store>/audit/head

  // Appends one record for `entry` (creating the directory and files when
  // absent) and returns it as stored. Errors: a usage error for an entry
  // without user or action, without purpose for a role that needs one, or
  // too long; CantCreate when the directory or file cannot be created or
  // opened for writing (a read-only store directory); Corruption when the
  // log does not match head (see above); IOError when a write, fsync or
  // rename fails (a partly written line is cut off again).
  Result<AuditRecord> Append(const AuditEntry& entry) const;

  // Appends records for all `entries`, in order, with one write, one fsync
  // and one head replacement (group commit: a server batches the records of
  // concurrent requests). All or nothing: every entry is checked first and
  // any error leaves the log as it was. The records share one time.
  Result<std::vector<AuditRecord>> AppendAll(const std::vector<AuditEntry>& entries) const;

  // The usage error Append() would give `entry` before touching any file.
  Status Check(const AuditEntry& entry) const;

  // The records that pass `filter`, oldest first. No log is an empty list.
  // A line that cannot be parsed is a data error naming it (run Verify).
  Result<std::vector<AuditRecord>> Read(const AuditFilter& filter = {}) const;

  // Checks every line from the first: each record's hash, seq 1, 2, ... and
  // prev equal to the hash before; then that the last record is the one head
  // names. Problems are results, not errors; an error means the files could
  // not be read. No log and no head is an intact, empty log.
  Result<AuditVerification> Verify() const;

 private:
  std::string dir_;
  AuditLogOptions options_;
};

}  // namespace moneytrail::audit

#endif  // MONEYTRAIL_ENGINE_AUDIT_AUDIT_LOG_H_
