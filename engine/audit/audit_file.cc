#include "engine/audit/audit_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>

namespace moneytrail::audit::internal {
namespace {

std::string Errno(int err) { return std::strerror(err); }

Status LockOrClose(int fd, int operation, const std::string& path) {
  while (flock(fd, operation) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    close(fd);
    return Status::IOError("cannot lock " + path + ": " + Errno(err));
  }
  return Status::Ok();
}

// pread() of exactly `n` bytes at `offset`.
Status ReadAt(int fd, char* buf, size_t n, uint64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < n) {
    ssize_t got = pread(fd, buf + done, n - done, static_cast<off_t>(offset + done));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IOError("cannot read " + path + ": " + Errno(errno));
    if (got == 0) return Status::IOError("cannot read " + path + ": file shrank while locked");
    done += static_cast<size_t>(got);
  }
  return Status::Ok();
}

}  // namespace

Result<LockedFile> LockedFile::OpenForAppend(const std::string& path, bool* created) {
  // O_EXCL first, to know whether this call created the file (its directory
  // entry then needs an fsync of the directory).
  *created = true;
  int fd = open(path.c_str(), O_RDWR | O_APPEND | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0 && errno == EEXIST) {
    *created = false;
    fd = open(path.c_str(), O_RDWR | O_APPEND | O_CLOEXEC | O_NOFOLLOW);
  }
  if (fd < 0) return Status::CantCreate("cannot open " + path + " for writing: " + Errno(errno));
  RETURN_IF_ERROR(LockOrClose(fd, LOCK_EX, path));
  return LockedFile(fd);
}

Result<std::optional<LockedFile>> LockedFile::OpenForRead(const std::string& path) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::optional<LockedFile>();
  if (fd < 0) return Status::IOError("cannot open " + path + ": " + Errno(errno));
  RETURN_IF_ERROR(LockOrClose(fd, LOCK_SH, path));
  return std::optional<LockedFile>(LockedFile(fd));
}

LockedFile::~LockedFile() {
  if (fd_ >= 0) close(fd_);
}

Status ForEachLine(int fd, const std::string& path,
                   const std::function<bool(uint64_t, std::string_view, bool)>& fn) {
  std::string pending;
  char buf[64 * 1024];
  uint64_t offset = 0, line = 0;
  for (;;) {
    ssize_t got = pread(fd, buf, sizeof buf, static_cast<off_t>(offset));
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) return Status::IOError("cannot read " + path + ": " + Errno(errno));
    if (got == 0) break;
    offset += static_cast<uint64_t>(got);
    pending.append(buf, static_cast<size_t>(got));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (!fn(++line, std::string_view(pending).substr(start, nl - start), true)) {
        return Status::Ok();
      }
    }
    pending.erase(0, start);
  }
  if (!pending.empty()) fn(++line, pending, false);
  return Status::Ok();
}

Result<std::string> ReadLastLine(int fd, uint64_t size, const std::string& path) {
  char last = 0;
  RETURN_IF_ERROR(ReadAt(fd, &last, 1, size - 1, path));
  if (last != '\n') {
    return Status::Corruption(path +
                              ": the last line is partial (an interrupted append?); run "
                              "`moneytrail audit --verify`");
  }
  // Backwards in chunks until the "\n" that ends the line before.
  std::string tail;
  uint64_t end = size - 1;  // the final "\n" is not part of the line
  constexpr uint64_t kChunk = 4096;
  while (end > 0) {
    uint64_t n = std::min(kChunk, end);
    std::string chunk(n, '\0');
    RETURN_IF_ERROR(ReadAt(fd, chunk.data(), n, end - n, path));
    size_t nl = chunk.rfind('\n');
    if (nl != std::string::npos) return chunk.substr(nl + 1) + tail;
    tail = chunk + tail;
    end -= n;
    if (tail.size() > (16u << 20)) return Status::Corruption(path + ": last line over 16 MiB");
  }
  return tail;
}

Result<Head> ReadHead(const std::string& path) {
  Head head;
  head.hash.assign(64, '0');
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return head;
  if (fd < 0) return Status::IOError("cannot open " + path + ": " + Errno(errno));
  std::string text;
  char buf[512];
  for (;;) {
    ssize_t got = read(fd, buf, sizeof buf);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      int err = errno;
      close(fd);
      return Status::IOError("cannot read " + path + ": " + Errno(err));
    }
    if (got == 0 || text.size() > 4096) break;
    text.append(buf, static_cast<size_t>(got));
  }
  close(fd);
  try {
    auto j = nlohmann::json::parse(text);
    if (!j.is_object() || j.size() != 2 || !j.at("seq").is_number_unsigned() ||
        !j.at("hash").is_string() || j.at("hash").get<std::string>().size() != 64) {
      return Status::DataError("not {\"seq\":N,\"hash\":\"<64 hex>\"}");
    }
    head.present = true;
    head.seq = j.at("seq").get<uint64_t>();
    head.hash = j.at("hash").get<std::string>();
  } catch (const nlohmann::json::exception&) {
    return Status::DataError("not {\"seq\":N,\"hash\":\"<64 hex>\"}");
  }
  return head;
}

Status WriteHead(const std::string& dir, const std::string& path, uint64_t seq,
                 const std::string& hash) {
  // Only ever called under the log's exclusive lock: one fixed temporary name.
  std::string tmp = path + ".tmp";
  int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) return Status::IOError("cannot create " + tmp + ": " + Errno(errno));
  nlohmann::ordered_json j;
  j["seq"] = seq;
  j["hash"] = hash;
  Status s = WriteAll(fd, j.dump() + "\n", tmp);
  if (s.ok() && fsync(fd) != 0) s = Status::IOError("cannot fsync " + tmp + ": " + Errno(errno));
  if (close(fd) != 0 && s.ok()) s = Status::IOError("cannot close " + tmp + ": " + Errno(errno));
  if (s.ok() && rename(tmp.c_str(), path.c_str()) != 0) {
    s = Status::IOError("cannot rename " + tmp + " to " + path + ": " + Errno(errno));
  }
  if (!s.ok()) {
    unlink(tmp.c_str());
    return s;
  }
  return FsyncDirectory(dir);
}

Status EnsureDirectory(const std::string& dir) {
  if (mkdir(dir.c_str(), 0750) == 0) {
    std::string parent = std::filesystem::path(dir).parent_path().string();
    return FsyncDirectory(parent.empty() ? "." : parent);
  }
  int err = errno;
  struct stat st;
  if (err == EEXIST && stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return Status::Ok();
  if (err == EEXIST) err = ENOTDIR;
  return Status::CantCreate("cannot create " + dir + ": " + Errno(err));
}

Status FsyncDirectory(const std::string& dir) {
  int fd = open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return Status::IOError("cannot open " + dir + ": " + Errno(errno));
  int rc = fsync(fd);
  int err = errno;
  close(fd);
  if (rc != 0) return Status::IOError("cannot fsync " + dir + ": " + Errno(err));
  return Status::Ok();
}

Status WriteAll(int fd, std::string_view bytes, const std::string& path) {
  while (!bytes.empty()) {
    ssize_t n = write(fd, bytes.data(), bytes.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Status::IOError("cannot write " + path + ": " + Errno(errno));
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return Status::Ok();
}

}  // namespace moneytrail::audit::internal
