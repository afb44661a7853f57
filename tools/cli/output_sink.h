// Where a command's output goes: a file (created or truncated) or stdout,
// written on a thread of its own while the output is still being rendered.
//
// Output is gathered into chunks of kChunkBytes, aligned in memory. A file's
// whole chunks go straight to the disk (O_DIRECT) where its file system
// allows it. A whole-ledger trace's JSON is gigabytes, and copying that into
// the page cache cost this class of machine 1 to 5 s of kernel time (more
// when earlier output was still being written back, or other cached files
// had to make room), against a tenth of a second written directly. The last,
// partial chunk, and so any output smaller than a chunk, is written the
// ordinary way. The bytes in the file are the same either way. Stdout
// redirected to a regular file (`> export.json`) is written the same way,
// from the offset the shell left, and keeps its flags afterwards; a pipe or
// a terminal is written through std::cout.
//
// Thread safety: one call at a time, each ordered after the last (by a
// lock, or a thread's start or join), from any thread.
#ifndef MONEYTRAIL_TOOLS_CLI_OUTPUT_SINK_H_
#define MONEYTRAIL_TOOLS_CLI_OUTPUT_SINK_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "engine/core/status.h"

namespace moneytrail::cli {

class OutputSink {
 public:
  static constexpr size_t kChunkBytes = size_t{16} << 20;

  struct Options {
    bool direct = true;  // false: never bypass the page cache
  };

  // Stdout when `path` is empty or "-", else the file at `path`, created or
  // truncated. IOError naming the path and the reason when it cannot be.
  static Result<std::unique_ptr<OutputSink>> Open(const std::string& path, Options options);
  static Result<std::unique_ptr<OutputSink>> Open(const std::string& path) {
    return Open(path, Options());
  }
  ~OutputSink();  // Close()s; an error is then lost

  // Appends `bytes`. Waits while a few chunks are queued, so that memory
  // stays bounded however fast the output is rendered.
  void Write(std::string_view bytes);
  // Writes what is left, waits for it and closes the file. The first error
  // of any write, IOError naming the path.
  Status Close();

  // How many chunks went to the disk directly (for tests and benchmarks).
  size_t direct_chunks() const;

 private:
  class Impl;
  explicit OutputSink(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace moneytrail::cli

#endif  // MONEYTRAIL_TOOLS_CLI_OUTPUT_SINK_H_
