// OutputSink: whatever the pieces and whichever way the chunks go to the
// disk, the file holds exactly the bytes written, and errors name the path.
#include "tools/cli/output_sink.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

namespace moneytrail::cli {
namespace {

namespace fs = std::filesystem;

class OutputSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("moneytrail-output-" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::string ReadAll(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  // Bytes that differ from chunk to chunk, so that a chunk written twice,
  // dropped or out of order shows.
  static std::string Bytes(size_t n) {
    std::string s(n, '\0');
    uint64_t x = n * 0x9E3779B97F4A7C15ULL + 1;
    for (char& c : s) {
      x ^= x << 13;
      x ^= x >> 7;
      x ^= x << 17;
      c = static_cast<char>('a' + x % 26);
    }
    return s;
  }
  // Whether the file system under the test directory takes O_DIRECT at all.
  bool DirectPossible() const {
    int fd = ::open((dir_ / "probe").c_str(), O_WRONLY | O_CREAT | O_DIRECT, 0600);
    if (fd < 0) return false;
    ::close(fd);
    return true;
  }

  fs::path dir_;
};

TEST_F(OutputSinkTest, WholeChunksGoDirectAndTheFileHoldsEveryByte) {
  // Three whole chunks and a tail, in pieces of odd sizes that straddle the
  // chunk boundaries.
  const std::string want = Bytes(3 * OutputSink::kChunkBytes + 12'345);
  auto sink = OutputSink::Open((dir_ / "out").string());
  ASSERT_TRUE(sink.ok()) << sink.status().ToString();
  for (size_t at = 0, step = 1; at < want.size(); at += step, step = step * 3 % 1'000'003 + 1) {
    (*sink)->Write(std::string_view(want).substr(at, step));
  }
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_EQ(ReadAll(dir_ / "out"), want);
  if (DirectPossible()) {
    EXPECT_EQ((*sink)->direct_chunks(), 3u);
  } else {
    EXPECT_EQ((*sink)->direct_chunks(), 0u);
  }
}

TEST_F(OutputSinkTest, WithoutDirectOrBelowAChunkTheBytesAreTheSame) {
  for (size_t size : {size_t{0}, size_t{1}, OutputSink::kChunkBytes - 1, OutputSink::kChunkBytes,
                      2 * OutputSink::kChunkBytes + 1}) {
    for (bool direct : {false, true}) {
      SCOPED_TRACE(std::to_string(size) + (direct ? " direct" : " buffered"));
      const std::string want = Bytes(size);
      auto sink = OutputSink::Open((dir_ / "out").string(), OutputSink::Options{direct});
      ASSERT_TRUE(sink.ok());
      (*sink)->Write(want);
      ASSERT_TRUE((*sink)->Close().ok());
      EXPECT_EQ(ReadAll(dir_ / "out"), want);
      if (!direct || size < OutputSink::kChunkBytes) {
        EXPECT_EQ((*sink)->direct_chunks(), 0u);
      }
    }
  }
}

TEST_F(OutputSinkTest, AnExistingFileIsReplacedNotAppendedTo) {
  { std::ofstream(dir_ / "out") << std::string(OutputSink::kChunkBytes * 2, 'x'); }
  auto sink = OutputSink::Open((dir_ / "out").string());
  ASSERT_TRUE(sink.ok());
  (*sink)->Write("short");
  ASSERT_TRUE((*sink)->Close().ok());
  EXPECT_EQ(ReadAll(dir_ / "out"), "short");
}

// What stdout looked like after a write through it, redirected to a file.
struct Redirected {
  bool direct_left = true;  // O_DIRECT set on stdout afterwards
  off_t offset = -1;        // stdout's offset afterwards
};

// Runs `write_to_stdout` with stdout redirected to `file`, which already
// holds `before`, as a shell's `> file` would have it (and stderr too when
// `with_stderr`, as `> file 2>&1`); restores both.
Redirected WithStdoutIn(const fs::path& file, const std::string& before, bool with_stderr,
                        const std::function<void()>& write_to_stdout) {
  Redirected r;
  std::fflush(stdout);
  std::cout.flush();
  const int saved_out = ::dup(STDOUT_FILENO);
  const int saved_err = ::dup(STDERR_FILENO);
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (saved_out < 0 || saved_err < 0 || fd < 0) return r;
  if (!before.empty() && ::write(fd, before.data(), before.size()) < 0) return r;
  ::dup2(fd, STDOUT_FILENO);
  if (with_stderr) ::dup2(fd, STDERR_FILENO);
  ::close(fd);
  write_to_stdout();
  r.direct_left = (::fcntl(STDOUT_FILENO, F_GETFL) & O_DIRECT) != 0;
  r.offset = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
  ::dup2(saved_out, STDOUT_FILENO);
  ::dup2(saved_err, STDERR_FILENO);
  ::close(saved_out);
  ::close(saved_err);
  return r;
}

TEST_F(OutputSinkTest, StdoutRedirectedToAFileIsWrittenFromTheShellsOffset) {
  // From offset 0 whole chunks may go directly, through a descriptor of the
  // sink's own; after a one-byte header the chunks are not aligned in the
  // file, and with stderr in the same file they must not go directly at all.
  // Every way, the header stays, every byte follows it, stdout keeps its
  // flags and ends up past the output, also when it ends with a whole chunk.
  struct Case {
    std::string before;
    bool with_stderr;
  };
  for (const size_t size : {2 * OutputSink::kChunkBytes + 77, 2 * OutputSink::kChunkBytes})
    for (const Case& c : {Case{"", false}, Case{"#", false}, Case{"", true}}) {
      SCOPED_TRACE("before: '" + c.before + "', " + std::to_string(size) + " bytes" +
                   (c.with_stderr ? ", stderr too" : ""));
      const std::string want = Bytes(size);
      Status closed;
      size_t direct = 0;
      const Redirected r = WithStdoutIn(dir_ / "redirected", c.before, c.with_stderr, [&] {
        auto sink = OutputSink::Open("-");
        if (!sink.ok()) {
          closed = sink.status();
          return;
        }
        (*sink)->Write(want);
        closed = (*sink)->Close();
        direct = (*sink)->direct_chunks();
      });
      ASSERT_TRUE(closed.ok()) << closed.ToString();
      EXPECT_FALSE(r.direct_left);
      EXPECT_EQ(r.offset, static_cast<off_t>(c.before.size() + want.size()));
      EXPECT_EQ(ReadAll(dir_ / "redirected"), c.before + want);
      if (!c.before.empty() || c.with_stderr || !DirectPossible()) {
        EXPECT_EQ(direct, 0u);
      } else {
        EXPECT_EQ(direct, 2u);
      }
    }
}

TEST_F(OutputSinkTest, APipeGetsEveryByteWhateverItsReaderReadsAtOnce) {
  // A named pipe is not a file: no direct writes, which on a pipe would be
  // packets that a reader taking 100 bytes at a time would cut short.
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string want = Bytes(OutputSink::kChunkBytes + 4'321);
  std::string got;
  std::thread reader([&] {
    const int fd = ::open(fifo.c_str(), O_RDONLY);
    if (fd < 0) return;
    char buf[100];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) got.append(buf, static_cast<size_t>(n));
    ::close(fd);
  });
  auto sink = OutputSink::Open(fifo.string());
  Status closed = sink.ok() ? Status::Ok() : sink.status();
  size_t direct = 1;
  if (sink.ok()) {
    (*sink)->Write(want);
    closed = (*sink)->Close();
    direct = (*sink)->direct_chunks();
  }
  reader.join();
  ASSERT_TRUE(closed.ok()) << closed.ToString();
  EXPECT_EQ(direct, 0u);
  EXPECT_EQ(got.size(), want.size());
  EXPECT_TRUE(got == want);
}

TEST_F(OutputSinkTest, AFileThatCannotBeCreatedIsAnIOErrorNamingIt) {
  const std::string path = (dir_ / "no-such-dir" / "out").string();
  auto sink = OutputSink::Open(path);
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().code(), StatusCode::kIOError);
  EXPECT_NE(sink.status().message().find(path), std::string::npos) << sink.status().message();
  EXPECT_NE(sink.status().message().find("No such file"), std::string::npos);
}

TEST_F(OutputSinkTest, AFullDeviceIsAnIOErrorAtClose) {
  // /dev/full takes the open and refuses every write with ENOSPC.
  if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full on this system";
  auto sink = OutputSink::Open("/dev/full");
  ASSERT_TRUE(sink.ok());
  (*sink)->Write(Bytes(OutputSink::kChunkBytes + 10));
  Status s = (*sink)->Close();
  EXPECT_EQ(s.code(), StatusCode::kIOError);
  EXPECT_NE(s.message().find("/dev/full"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace moneytrail::cli
