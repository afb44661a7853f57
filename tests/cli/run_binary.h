// Running the moneytrail binary from tests: blocking runs with captured
// output, and background runs that a test may SIGKILL.
#ifndef MONEYTRAIL_TESTS_CLI_RUN_BINARY_H_
#define MONEYTRAIL_TESTS_CLI_RUN_BINARY_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "tests/testing/paths.h"  // MoneytrailBin(): $MONEYTRAIL_BIN or the built binary
#include "tests/testing/temp_dir.h"

namespace moneytrail::testing {

struct RunResult {
  int exit_code = -1;  // the exit status, or 128 + signal when killed
  std::string out;     // stdout
  std::string err;     // stderr
};

// Runs MoneytrailBin() with `args`, stdin from `stdin_path`, in directory
// `cwd` (default: the test's own), and waits. `stdin_path` and the binary's
// path are resolved before the change of directory.
RunResult RunMoneytrail(const std::vector<std::string>& args,
                        const std::string& stdin_path = "/dev/null", const std::string& cwd = "");

// Starts MoneytrailBin() with `args` (stdout and stderr to `log_path`) and
// returns its pid; -1 on failure.
pid_t SpawnMoneytrail(const std::vector<std::string>& args, const std::string& log_path);

// Waits for `pid`; returns its exit status, or 128 + signal.
int WaitFor(pid_t pid);

std::string ReadFile(const std::string& path);

}  // namespace moneytrail::testing

#endif  // MONEYTRAIL_TESTS_CLI_RUN_BINARY_H_
