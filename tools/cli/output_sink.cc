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
  // file at `offset`, closed at the end if `owns_fd`.
  Impl(std::string name, int fd, bool owns_fd, size_t offset, bool may_go_direct)
      : name_(std::move(name)),
        fd_(fd),
        owns_fd_(owns_fd),
        may_go_direct_(may_go_direct && fd >= 0),
        offset_(offset) {
    current_ = NewChunk();
    thread_ = std::thread([this] { Loop(); });
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

  Status Close() {
    if (thread_.joinable()) {
      if (current_.size > 0) Hand();
      {
        std::lock_guard lock(mu_);
        done_ = true;
      }
      ready_.notify_one();
      thread_.join();
      if (fd_ >= 0) {
        // Stdout's file description outlives this process (a shell's
        // redirection of several commands): it keeps the flags it had.
        if (direct_) SetDirect(false);
        if (owns_fd_ && ::close(fd_) != 0) Fail(errno);
        fd_ = -1;
      } else {
        std::cout.flush();
        if (!std::cout && error_.ok()) error_ = Status::IOError("writing to stdout failed");
      }
    }
    return error_;
  }

  size_t direct_chunks() const { return direct_chunks_; }

 private:
  static constexpr size_t kMaxQueued = 3;

  // Queues the current chunk and starts another (a spare one when there is).
  void Hand() {
    std::unique_lock lock(mu_);
    space_.wait(lock, [&] { return queued_.size() < kMaxQueued; });
    queued_.push_back(std::move(current_));
    if (!spare_.empty()) {
      current_ = std::move(spare_.back());
      spare_.pop_back();
    } else {
      lock.unlock();
      current_ = NewChunk();
      lock.lock();
    }
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
    if (may_go_direct_ && whole && !direct_) direct_ = SetDirect(true);
    if (direct_ && !whole) direct_ = !SetDirect(false);
    const char* p = chunk.data.get();
    size_t left = chunk.size;
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
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
  const bool owns_fd_;
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

Result<std::unique_ptr<OutputSink>> OutputSink::Open(const std::string& path, Options options) {
  if (path.empty() || path == "-") {
    // Redirected to a regular file (`> export.json`), stdout is written like
    // any file, from where the shell left its offset; a pipe or a terminal
    // goes through std::cout. An appending redirection (`>>`) is never
    // written directly: its offset is the file's end, whatever lseek says.
    struct stat st;
    const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
    const off_t offset = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
    if (::fstat(STDOUT_FILENO, &st) == 0 && S_ISREG(st.st_mode) && flags >= 0 && offset >= 0) {
      std::cout.flush();
      return std::unique_ptr<OutputSink>(new OutputSink(std::make_unique<Impl>(
          "stdout", STDOUT_FILENO, /*owns_fd=*/false, static_cast<size_t>(offset),
          options.direct && (flags & O_APPEND) == 0)));
    }
    return std::unique_ptr<OutputSink>(
        new OutputSink(std::make_unique<Impl>("stdout", -1, false, 0, false)));
  }
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) return Status::IOError("cannot write " + path + ": " + std::strerror(errno));
  return std::unique_ptr<OutputSink>(
      new OutputSink(std::make_unique<Impl>(path, fd, /*owns_fd=*/true, 0, options.direct)));
}

OutputSink::OutputSink(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
OutputSink::~OutputSink() = default;
void OutputSink::Write(std::string_view bytes) { impl_->Write(bytes); }
Status OutputSink::Close() { return impl_->Close(); }
size_t OutputSink::direct_chunks() const { return impl_->direct_chunks(); }

}  // namespace moneytrail::cli
