// AuditLog::Verify: the chain from line 1, then the end of the log against head.
#include "engine/audit/audit_file.h"
#include "engine/audit/audit_log.h"

namespace moneytrail::audit {
namespace {

// Enough to find the first damage and see its extent; a log rewritten
// wholesale would otherwise print one line per record.
constexpr size_t kMaxProblems = 100;

std::string Short(const std::string& hash) { return hash.substr(0, 16) + "..."; }

}  // namespace

Result<AuditVerification> AuditLog::Verify() const {
  const std::string path = log_path();
  AuditVerification v;
  auto problem = [&](uint64_t line, const std::string& reason) {
    if (v.problems.size() < kMaxProblems) {
      v.problems.push_back(path + ":" + std::to_string(line) + ": " + reason);
    } else if (v.problems.size() == kMaxProblems) {
      v.problems.push_back(path + ": more problems not listed");
    }
  };
  ASSIGN_OR_RETURN(auto file, internal::LockedFile::OpenForRead(path));
  // Head is read under the log's shared lock, so no append runs in between.
  auto head = internal::ReadHead(head_path());
  if (!head.ok() && head.status().code() != StatusCode::kDataError) return head.status();

  // What the next record must say, when the line before could be read.
  bool linked = true;
  uint64_t want_seq = 1;
  std::string want_prev(kGenesisHash);
  AuditRecord last;  // the last line's record, when it parsed
  bool last_parsed = true;
  if (file) {
    RETURN_IF_ERROR(internal::ForEachLine(
        file->fd(), path, [&](uint64_t n, std::string_view line, bool complete) {
          v.records = n;
          last_parsed = false;
          if (!complete) {
            problem(n, "malformed: partial line, no newline at the end (an interrupted append?)");
            return true;
          }
          auto r = ParseRecordLine(line);
          if (!r.ok()) {
            problem(n, "malformed: " + r.status().message());
            linked = false;
            return true;
          }
          std::string seq = "seq " + std::to_string(r->seq);
          if (ComputeHash(*r) != r->hash) {
            problem(n, "altered: the record (" + seq + ") does not hash to its hash " +
                           Short(r->hash) + ": a field was changed");
          } else if (linked && r->seq > want_seq) {
            problem(n, "removed or reordered: " + seq + " where seq " + std::to_string(want_seq) +
                           " was expected");
          } else if (linked && r->seq < want_seq) {
            problem(n, "reordered or duplicated: " + seq + " after seq " +
                           std::to_string(want_seq - 1));
            // A record out of its place: the chain goes on from the one before
            // it, so that two swapped lines are two problems, not a cascade.
            last_parsed = true;
            return true;
          } else if (linked && r->prev != want_prev) {
            problem(n, "removed or replaced: prev of " + seq +
                           " is not the hash of the record before it (that record was altered "
                           "and re-hashed, or replaced)");
          }
          linked = true;
          want_seq = r->seq + 1;
          want_prev = r->hash;
          last = std::move(r).value();
          last_parsed = true;
          return true;
        }));
  }
  if (last_parsed) {
    v.head_seq = last.seq;
    v.head_hash = last.seq == 0 ? std::string(kGenesisHash) : last.hash;
  }

  // The end of the log against head.
  if (!head.ok()) {
    v.problems.push_back(head_path() + ": malformed: " + head.status().message());
  } else if (last_parsed) {
    const internal::Head& h = *head;
    const std::string names = "head names seq " + std::to_string(h.seq) +
                              (h.seq ? " (hash " + Short(h.hash) + ")" : std::string());
    uint64_t end = v.records + 1;  // where a missing record would be
    if (h.seq == last.seq && h.hash == v.head_hash) {
      // intact
    } else if (last.seq == h.seq + 1 && last.prev == h.hash) {
      v.note =
          "head is one record behind the log (an append was interrupted before it "
          "replaced head; the next append repairs it)";
    } else if (!h.present) {
      v.problems.push_back(head_path() + ": missing: the log holds " + std::to_string(v.records) +
                           " records but there is no head (removed?)");
    } else if (!file) {
      v.problems.push_back(path + ": missing: " + names + " but there is no log (removed?)");
    } else if (h.seq > last.seq) {
      problem(end, "truncated: " + names + " but the log ends at seq " + std::to_string(last.seq) +
                       " (records removed from the end)");
    } else if (h.seq == last.seq) {
      problem(v.records, "altered: " + names + " but the last record's hash is " +
                             Short(v.head_hash) + " (replaced)");
    } else {
      v.problems.push_back(head_path() + ": " + names + " but the log goes on to seq " +
                           std::to_string(last.seq) + " (head replaced, or records added)");
    }
  }
  return v;
}

}  // namespace moneytrail::audit
