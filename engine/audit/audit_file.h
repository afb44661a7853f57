// Internal to engine/audit: the POSIX file work behind AuditLog — locked
// opens, reading lines from the start or the last one from the end, the head
// file, fsync of directories. Not for use outside this module.
//
// Thread safety: a LockedFile belongs to one thread; the functions are
// reentrant. Each LockedFile is its own open file description, so its flock
// excludes other threads of the same process as well as other processes.
#ifndef MONEYTRAIL_ENGINE_AUDIT_AUDIT_FILE_H_
#define MONEYTRAIL_ENGINE_AUDIT_AUDIT_FILE_H_

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace moneytrail::audit::internal {

// An open file with a flock held until destruction (closing releases it).
class LockedFile {
 public:
  // Opens `path` for appending, creating it when absent (`*created` says
  // so), and takes an exclusive lock, waiting for it. CantCreate when the
  // file cannot be created or opened for writing.
  static Result<LockedFile> OpenForAppend(const std::string& path, bool* created);
  // Opens `path` for reading with a shared lock; std::nullopt when absent.
  static Result<std::optional<LockedFile>> OpenForRead(const std::string& path);

  LockedFile(LockedFile&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  LockedFile& operator=(LockedFile&&) = delete;
  LockedFile(const LockedFile&) = delete;
  ~LockedFile();

  int fd() const { return fd_; }

 private:
  explicit LockedFile(int fd) : fd_(fd) {}
  int fd_;
};

// Calls `fn(line_number, line, complete)` for every line of `fd` from its
// start (numbered from 1, without the "\n"); `complete` is false for a last
// line without "\n". Stops early when `fn` returns false.
Status ForEachLine(int fd, const std::string& path,
                   const std::function<bool(uint64_t, std::string_view, bool)>& fn);

// The last line of a non-empty file of `size` bytes, without its "\n", read
// backwards from the end. Corruption when the file does not end in "\n".
Result<std::string> ReadLastLine(int fd, uint64_t size, const std::string& path);

// The head file: the seq and hash of the last record.
struct Head {
  bool present = false;  // false: no head file (seq 0, 64 zeros)
  uint64_t seq = 0;
  std::string hash;
};
// DataError (message without the path) when the file is not a head.
Result<Head> ReadHead(const std::string& path);
// Replaces the head at `path` atomically: a temporary file beside it, fsync,
// rename, fsync of `dir`.
Status WriteHead(const std::string& dir, const std::string& path, uint64_t seq,
                 const std::string& hash);

// Creates `dir` when absent and makes the new entry durable (fsync of its
// parent). CantCreate when it cannot.
Status EnsureDirectory(const std::string& dir);
Status FsyncDirectory(const std::string& dir);

// Writes all of `bytes` to `fd`; IOError naming `path`.
Status WriteAll(int fd, std::string_view bytes, const std::string& path);

}  // namespace moneytrail::audit::internal

#endif  // MONEYTRAIL_ENGINE_AUDIT_AUDIT_FILE_H_
