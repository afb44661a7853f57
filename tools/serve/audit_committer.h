// AuditCommitter: lets many request threads append to one audit log with
// group commit. Each caller waits until its own record is durable; while one
// batch is being written and fsync'ed, the records that arrive queue up and
// go in the next batch together (LevelDB's writer queue). Under load this
// turns one fsync per request into one per batch, without ever answering
// before the record is on disk.
//
// Thread safety: Append() may be called from any number of threads.
#ifndef MONEYTRAIL_TOOLS_SERVE_AUDIT_COMMITTER_H_
#define MONEYTRAIL_TOOLS_SERVE_AUDIT_COMMITTER_H_

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

#include "engine/audit/audit_log.h"

namespace moneytrail::serve {

class AuditCommitter {
 public:
  // `log` must outlive this object. At most `max_batch` records per write.
  explicit AuditCommitter(const audit::AuditLog* log, size_t max_batch = 256);

  // Returns once `entry`'s record is durable (OK) or could not be written
  // (the error; the request must then not be answered with data). An entry
  // the log would refuse (no purpose for an investigator, ...) fails alone.
  Status Append(const audit::AuditEntry& entry);

  size_t batches() const;  // writes so far (for tests and benchmarks)

 private:
  struct Writer;
  const audit::AuditLog* log_;
  size_t max_batch_;
  mutable std::mutex mu_;
  std::deque<Writer*> queue_;
  size_t batches_ = 0;
};

}  // namespace moneytrail::serve

#endif  // MONEYTRAIL_TOOLS_SERVE_AUDIT_COMMITTER_H_
