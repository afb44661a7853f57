// TempDir: a fresh directory under the system temp dir for one test, removed
// with everything in it when the object goes out of scope. The name carries
// the pid, so parallel ctest processes never share one.
#ifndef MONEYTRAIL_TESTS_TESTING_TEMP_DIR_H_
#define MONEYTRAIL_TESTS_TESTING_TEMP_DIR_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace moneytrail::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("moneytrail-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  std::string path() const { return path_.string(); }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

  // Writes `bytes` exactly to <dir>/<name> and returns the path.
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::string p = Sub(name);
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return p;
  }

  // The bytes of <dir>/<name>; empty when it cannot be read.
  std::string Read(const std::string& name) const {
    std::ifstream in(Sub(name), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }

 private:
  std::filesystem::path path_;
};

}  // namespace moneytrail::testing

#endif  // MONEYTRAIL_TESTS_TESTING_TEMP_DIR_H_
