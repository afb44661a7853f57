#include "tests/cli/run_binary.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

extern char** environ;

namespace moneytrail::testing {

namespace {

pid_t Spawn(const std::vector<std::string>& args, const std::string& in, const std::string& out,
            const std::string& err, const std::string& cwd = "") {
  std::string bin = MoneytrailBin();
  std::vector<char*> argv;
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  if (!cwd.empty()) posix_spawn_file_actions_addchdir_np(&fa, cwd.c_str());
  posix_spawn_file_actions_addopen(&fa, 0, in.c_str(), O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (err == out) {
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
  } else {
    posix_spawn_file_actions_addopen(&fa, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  }
  pid_t pid = -1;
  int rc = posix_spawn(&pid, bin.c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  return rc == 0 ? pid : -1;
}

}  // namespace

int WaitFor(pid_t pid) {
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return -1;
  }
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

RunResult RunMoneytrail(const std::vector<std::string>& args, const std::string& stdin_path,
                        const std::string& cwd) {
  TempDir io;
  RunResult r;
  pid_t pid = Spawn(args, stdin_path, io.Sub("out"), io.Sub("err"), cwd);
  if (pid < 0) return r;
  r.exit_code = WaitFor(pid);
  r.out = ReadFile(io.Sub("out"));
  r.err = ReadFile(io.Sub("err"));
  return r;
}

pid_t SpawnMoneytrail(const std::vector<std::string>& args, const std::string& log_path) {
  return Spawn(args, "/dev/null", log_path, log_path);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace moneytrail::testing
