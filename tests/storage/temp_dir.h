// A fresh directory under the system temp dir, removed with everything in it
// when the object goes out of scope.
#ifndef MONEYTRAIL_TESTS_STORAGE_TEMP_DIR_H_
#define MONEYTRAIL_TESTS_STORAGE_TEMP_DIR_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <string>

namespace moneytrail::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        ("moneytrail-storage-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
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

 private:
  std::filesystem::path path_;
};

}  // namespace moneytrail::testing

#endif  // MONEYTRAIL_TESTS_STORAGE_TEMP_DIR_H_
