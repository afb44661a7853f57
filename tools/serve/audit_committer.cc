#include "tools/serve/audit_committer.h"

#include <vector>

namespace moneytrail::serve {

struct AuditCommitter::Writer {
  const audit::AuditEntry* entry = nullptr;
  Status status;
  bool done = false;
  std::condition_variable cv;
};

AuditCommitter::AuditCommitter(const audit::AuditLog* log, size_t max_batch)
    : log_(log), max_batch_(max_batch < 1 ? 1 : max_batch) {}

size_t AuditCommitter::batches() const {
  std::lock_guard<std::mutex> lock(mu_);
  return batches_;
}

Status AuditCommitter::Append(const audit::AuditEntry& entry) {
  // A bad entry must not fail the batch it would join.
  RETURN_IF_ERROR(log_->Check(entry));
  Writer w;
  w.entry = &entry;
  std::unique_lock<std::mutex> lock(mu_);
  queue_.push_back(&w);
  w.cv.wait(lock, [&] { return w.done || queue_.front() == &w; });
  if (w.done) return w.status;

  // This writer leads: it writes its own record and those queued behind it.
  std::vector<Writer*> batch;
  std::vector<audit::AuditEntry> entries;
  for (Writer* q : queue_) {
    if (batch.size() == max_batch_) break;
    batch.push_back(q);
    entries.push_back(*q->entry);
  }
  lock.unlock();
  Status status = log_->AppendAll(entries).status();
  lock.lock();
  ++batches_;
  for (Writer* q : batch) {
    queue_.pop_front();
    q->status = status;
    q->done = true;
    if (q != &w) q->cv.notify_one();
  }
  if (!queue_.empty()) queue_.front()->cv.notify_one();
  return status;
}

}  // namespace moneytrail::serve
