#include "tools/cli/output_sink.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <iostream>
#include <mutex>
#include <new>
#include <thread>
#include <vector>

namespace moneytrail::cli {

namespace {

// O_DIRECT wants the buffer, the length and the file offset aligned to the
// device's logical block; a page is a multiple of any of them in use.
constexpr size_t kAlignment = 4096;
static_assert(OutputSink::kChunkBytes % kAlignment == 0);

struct FreeDeleter {
  void operator()(char* p) const { std::free(p); }
};

struct Chunk {
  std::unique_ptr<char, FreeDeleter> data;
  size_t size = 0;
};

Chunk NewChunk() {
  Chunk c;
  c.data.reset(static_cast<char*>(std::aligned_alloc(kAlignment, OutputSink::kChunkBytes)));
  if (!c.data) throw std::bad_alloc();
  return c;
}

}  // namespace

class OutputSink::Impl {
 public:
  // `fd` < 0: stdout through std::cout (a pipe or a terminal). Otherwise a
  // descriptor of its own, at `offset`, which this object closes; when it
  // stands in for stdout, stdout's offset is moved past what was written.
  // A regular file is written at explicit offsets, and directly where
  // `direct`; anything else (a pipe, a device) in order, never directly.
  Impl(std::string name, int fd, size_t offset, bool regular, bool direct, bool for_stdout)
      : name_(std::move(name)),
        fd_(fd),
        for_stdout_(for_stdout),
        regular_(regular && fd >= 0),
        may_go_direct_(direct && regular_),
        offset_(offset) {
    try {
      current_ = NewChunk();
      thread_ = std::thread([this] { Loop(); });
    } catch (...) {
      if (fd_ >= 0) ::close(fd_);
      throw;
    }
  }
  ~Impl() { (void)Close(); }

  void Write(std::string_view bytes) {
    while (!bytes.empty()) {
      const size_t n = std::min(bytes.size(), kChunkBytes - current_.size);
      std::memcpy(current_.data.get() + current_.size, bytes.data(), n);
      current_.size += n;
      bytes.remove_prefix(n);
      if (current_.size == kChunkBytes) Hand();
    }
  }

  // Never allocates, so that the destructor cannot throw.
  Status Close() {
    if (thread_.joinable()) {
      {
        std::unique_lock lock(mu_);
        if (current_.size > 0) {
          space_.wait(lock, [&] { return queued_.size() < kMaxQueued; });
          queued_.push_back(std::move(current_));
        }
        done_ = true;
      }
      ready_.notify_one();
      thread_.join();
      if (fd_ >= 0) {
        if (::close(fd_) != 0) Fail(errno);
        fd_ = -1;
        // What a shell writes to stdout after this command goes after its
        // output, as if it had been written through stdout itself.
        if (for_stdout_ && ::lseek(STDOUT_FILENO, static_cast<off_t>(offset_), SEEK_SET) < 0) {
          Fail(errno);
        }
      } else {
        std::cout.flush();
        if (!std::cout && error_.ok()) error_ = Status::IOError("writing to stdout failed");
      }
    }
    return error_;
  }

  size_t direct_chunks() const { return direct_chunks_; }  // after Close()

 private:
  static constexpr size_t kMaxQueued = 3;

  // Queues the current chunk and starts another (a spare one when there is).
  // Only this thread queues, so the room waited for stays while a new chunk
  // is allocated; if that throws, the current chunk is still whole.
  void Hand() {
    Chunk next;
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queued_.size() < kMaxQueued; });
    if (!spare_.empty()) {
      next = std::move(spare_.back());
      spare_.pop_back();
    } else {
      lock.unlock();
      next = NewChunk();
      lock.lock();
    }
    queued_.push_back(std::move(current_));
    current_ = std::move(next);
    current_.size = 0;
    ready_.notify_one();
  }

  void Loop() {
    std::unique_lock lock(mu_);
    while (true) {
      ready_.wait(lock, [&] { return done_ || !queued_.empty(); });
      if (queued_.empty()) return;
      Chunk chunk = std::move(queued_.front());
      queued_.pop_front();
      lock.unlock();
      Put(chunk);
      lock.lock();
      spare_.push_back(std::move(chunk));
      space_.notify_one();
    }
  }

  // On the writer thread.
  void Put(const Chunk& chunk) {
    if (!error_.ok()) return;
    if (fd_ < 0) {
      std::cout.write(chunk.data.get(), static_cast<std::streamsize>(chunk.size));
      return;
    }
    const bool whole = chunk.size == kChunkBytes && offset_ % kAlignment == 0;
    if (may_go_direct_ && whole && !direct_) {
      direct_ = SetDirect(true);
      may_go_direct_ = direct_;
    }
    if (direct_ && !whole) direct_ = !SetDirect(false);
    const char* p = chunk.data.get();
    size_t left = chunk.size;
    while (left > 0) {
      const ssize_t n =
          regular_ ? ::pwrite(fd_, p, left, static_cast<off_t>(offset_)) : ::write(fd_, p, left);
      if (n < 0) {
        const int err = errno;
        if (err == EINTR) continue;
        if (err == EINVAL && direct_) {
          // The file system took O_DIRECT but refuses this write: the rest
          // goes the ordinary way.
          may_go_direct_ = false;
          if (SetDirect(false)) {
            direct_ = false;
            continue;
          }
        }
        Fail(err);
        return;
      }
      if (n == 0) {
        Fail(EIO);
        return;
      }
      p += n;
      left -= static_cast<size_t>(n);
      offset_ += static_cast<size_t>(n);
    }
    if (direct_) ++direct_chunks_;
  }

  // Turns O_DIRECT on or off; whether that worked.
  bool SetDirect(bool on) {
    int flags = ::fcntl(fd_, F_GETFL);
    if (flags < 0) return false;
    flags = on ? flags | O_DIRECT : flags & ~O_DIRECT;
    return ::fcntl(fd_, F_SETFL, flags) == 0;
  }

  void Fail(int err) {
    if (error_.ok()) error_ = Status::IOError("cannot write " + name_ + ": " + std::strerror(err));
  }

  const std::string name_;
  int fd_;
  const bool for_stdout_;
  const bool regular_;
  bool may_go_direct_;
  bool direct_ = false;  // O_DIRECT is set on fd_
  size_t offset_;
  size_t direct_chunks_ = 0;
  Status error_;  // the writer thread's until it is joined

  Chunk current_;  // being filled by Write()
  std::mutex mu_;
  std::condition_variable ready_, space_;
  std::deque<Chunk> queued_;
  std::vector<Chunk> spare_;
  bool done_ = false;
  std::thread thread_;
};

namespace {

// Whether `fd` is a regular file; direct writes are for files only (on a
// pipe, O_DIRECT means packets, which a reader may cut short).
bool IsRegularFile(int fd, struct stat* st) { return ::fstat(fd, st) == 0 && S_ISREG(st->st_mode); }

}  // namespace

Result<std::unique_ptr<OutputSink>> OutputSink::Open(const std::string& path, Options options) {
  struct stat st;
  if (path.empty() || path == "-") {
    // Redirected to a regular file (`> export.json`), stdout is written
    // through a descriptor of its own on the same file, from where the
    // shell left stdout: stdout's own flags are never touched, since its
    // description is the shell's and may be shared. Not when stderr goes to
    // the same file (its lines would land inside the output), nor for an
    // appending redirection (`>>`), nor where /proc is missing: then, as for
    // a pipe or a terminal, std::cout.
    std::cout.flush();
    const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
    const off_t offset = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
    struct stat err;
    const bool regular = IsRegularFile(STDOUT_FILENO, &st);
    const bool shares_with_stderr = regular && ::fstat(STDERR_FILENO, &err) == 0 &&
                                    err.st_dev == st.st_dev && err.st_ino == st.st_ino;
    if (regular && flags >= 0 && (flags & O_APPEND) == 0 && offset >= 0 && !shares_with_stderr) {
      const int fd = ::open("/proc/self/fd/1", O_WRONLY | O_CLOEXEC);
      if (fd >= 0) {
        return std::unique_ptr<OutputSink>(
            new OutputSink(std::make_unique<Impl>("stdout", fd, static_cast<size_t>(offset),
                                                  /*regular=*/true, options.direct,
                                                  /*for_stdout=*/true)));
      }
    }
    return std::unique_ptr<OutputSink>(
        new OutputSink(std::make_unique<Impl>("stdout", -1, 0, false, false, false)));
  }
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return Status::IOError("cannot write " + path + ": " + std::strerror(errno));
  const bool regular = IsRegularFile(fd, &st);
  return std::unique_ptr<OutputSink>(new OutputSink(
      std::make_unique<Impl>(path, fd, 0, regular, options.direct, /*for_stdout=*/false)));
}

OutputSink::OutputSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OutputSink::~OutputSink() = default;
void OutputSink::Write(std::string_view bytes) { impl_->Write(bytes); }
Status OutputSink::Close() { return impl_->Close(); }
size_t OutputSink::direct_chunks() const { return impl_->direct_chunks(); }

}  // namespace moneytrail::cli
