#include "engine/audit/audit_log.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <utility>

#include "engine/audit/audit_file.h"

namespace moneytrail::audit {

using internal::LockedFile;

namespace {

Timestamp SystemNow() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  return Timestamp{std::chrono::duration_cast<std::chrono::microseconds>(now).count()};
}

Status CheckEntry(const AuditEntry& e, const AuditLogOptions& o) {
  if (e.user.empty()) return Status::Usage("audit: no user to record");
  if (e.action.empty()) return Status::Usage("audit: no action to record");
  const auto& roles = o.roles_requiring_purpose;
  if (e.purpose.empty() && std::find(roles.begin(), roles.end(), e.role) != roles.end()) {
    return Status::Usage("audit: role '" + e.role + "' must state a purpose");
  }
  size_t bytes = e.user.size() + e.role.size() + e.action.size() + e.case_id.size() +
                 e.subject.size() + e.purpose.size() + e.outcome.size();
  if (bytes > o.max_entry_bytes) {
    return Status::Usage("audit: entry of " + std::to_string(bytes) + " bytes is over the " +
                         std::to_string(o.max_entry_bytes) + "-byte limit");
  }
  return Status::Ok();
}

}  // namespace

AuditLog::AuditLog(std::string store_dir, AuditLogOptions options)
    : dir_(std::move(store_dir) + "/audit"), options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemNow;
}

std::string AuditLog::log_path() const { return dir_ + "/audit.jsonl"; }
std::string AuditLog::head_path() const { return dir_ + "/head"; }

Status AuditLog::Check(const AuditEntry& entry) const { return CheckEntry(entry, options_); }

Result<AuditRecord> AuditLog::Append(const AuditEntry& entry) const {
  ASSIGN_OR_RETURN(std::vector<AuditRecord> records, AppendAll({entry}));
  return std::move(records.front());
}

Result<std::vector<AuditRecord>> AuditLog::AppendAll(const std::vector<AuditEntry>& entries) const {
  if (entries.empty()) return std::vector<AuditRecord>{};
  for (const AuditEntry& entry : entries) RETURN_IF_ERROR(CheckEntry(entry, options_));
  const std::string path = log_path();
  RETURN_IF_ERROR(internal::EnsureDirectory(dir_));
  bool created = false;
  ASSIGN_OR_RETURN(LockedFile file, LockedFile::OpenForAppend(path, &created));
  if (created) RETURN_IF_ERROR(internal::FsyncDirectory(dir_));
  struct stat st;
  if (fstat(file.fd(), &st) != 0) return Status::IOError("cannot stat " + path);
  const uint64_t size = static_cast<uint64_t>(st.st_size);

  // The chain so far: the last record, and head, which must agree with it.
  AuditRecord last;
  last.hash = std::string(kGenesisHash);
  if (size > 0) {
    ASSIGN_OR_RETURN(std::string line, internal::ReadLastLine(file.fd(), size, path));
    auto parsed = ParseRecordLine(line);
    if (!parsed.ok()) {
      return Status::Corruption(path + ": the last record is malformed (" +
                                parsed.status().message() + "); run `moneytrail audit --verify`");
    }
    last = std::move(parsed).value();
  }
  auto head = internal::ReadHead(head_path());
  if (!head.ok()) {
    return Status::Corruption(head_path() + ": " + head.status().message() +
                              "; run `moneytrail audit --verify`");
  }
  bool matches = head->seq == last.seq && head->hash == last.hash;
  // A crash after a record was written but before head was replaced: repair.
  bool behind_by_one = size > 0 && last.seq == head->seq + 1 && last.prev == head->hash;
  if (!matches && !behind_by_one) {
    return Status::Corruption(
        path + " does not end at the record " + head_path() + " names (" +
        (head->present ? "seq " + std::to_string(head->seq) : std::string("no head")) +
        ", log at seq " + std::to_string(last.seq) +
        "): not extending it; run `moneytrail audit --verify`");
  }

  // One write and one fsync for the whole batch (group commit), all records
  // timed alike: they were answered together.
  const std::string time = FormatAuditTime(options_.clock());
  std::string text;
  std::vector<std::string> lines;
  lines.reserve(entries.size());
  uint64_t seq = last.seq;
  std::string prev = std::move(last.hash);
  for (const AuditEntry& entry : entries) {
    AuditRecord r;
    r.seq = ++seq;
    r.time = time;
    r.entry = entry;
    r.prev = std::move(prev);
    r.hash = ComputeHash(r);
    prev = r.hash;
    lines.push_back(RecordLine(r));
    text += lines.back();
    text += '\n';
  }
  Status s = internal::WriteAll(file.fd(), text, path);
  if (!s.ok()) {
    // Cut a partly written line off again, so the log stays a chain.
    if (ftruncate(file.fd(), static_cast<off_t>(size)) != 0) {
      return s.WithContext("and cannot cut the partial line off again");
    }
    return s;
  }
  if (fsync(file.fd()) != 0) return Status::IOError("cannot fsync " + path);
  RETURN_IF_ERROR(internal::WriteHead(dir_, head_path(), seq, prev));
  std::vector<AuditRecord> stored;  // as stored (invalid UTF-8 replaced)
  stored.reserve(lines.size());
  for (const std::string& line : lines) {
    ASSIGN_OR_RETURN(AuditRecord r, ParseRecordLine(line));
    stored.push_back(std::move(r));
  }
  return stored;
}

Result<std::vector<AuditRecord>> AuditLog::Read(const AuditFilter& filter) const {
  const std::string path = log_path();
  std::vector<AuditRecord> out;
  ASSIGN_OR_RETURN(auto file, LockedFile::OpenForRead(path));
  if (!file) return out;
  Status error;
  auto keep = [&](const AuditRecord& r) -> Result<bool> {
    if (!filter.user.empty() && r.entry.user != filter.user) return false;
    if (!filter.case_id.empty() && r.entry.case_id != filter.case_id) return false;
    if (filter.since || filter.until) {
      auto t = ParseTimestamp(r.time);
      if (!t.ok()) return Status::DataError("time: " + t.status().message());
      if (filter.since && *t < *filter.since) return false;
      if (filter.until && *t > *filter.until) return false;
    }
    return true;
  };
  RETURN_IF_ERROR(internal::ForEachLine(
      file->fd(), path, [&](uint64_t n, std::string_view line, bool complete) {
        Result<AuditRecord> r = complete ? ParseRecordLine(line)
                                         : Result<AuditRecord>(Status::DataError("partial line"));
        Result<bool> wanted = r.ok() ? keep(*r) : r.status();
        if (!wanted.ok()) {
          error = Status::DataError(path + ":" + std::to_string(n) +
                                    ": malformed: " + wanted.status().message() +
                                    "; run `moneytrail audit --verify`");
          return false;
        }
        if (*wanted) out.push_back(std::move(r).value());
        return true;
      }));
  RETURN_IF_ERROR(error);
  if (filter.limit > 0 && out.size() > filter.limit) {
    out.erase(out.begin(), out.end() - static_cast<std::ptrdiff_t>(filter.limit));
  }
  return out;
}

}  // namespace moneytrail::audit
