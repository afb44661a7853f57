// Helpers of the ingest tests: a temp directory per test, writing and reading
// files byte for byte, and reading a rejects file back.
#ifndef MONEYTRAIL_TESTS_INGEST_TEST_FILES_H_
#define MONEYTRAIL_TESTS_INGEST_TEST_FILES_H_

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace moneytrail::testing {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ =
        std::filesystem::temp_directory_path() /
        ("moneytrail-ingest-test-" + std::to_string(getpid()) + "-" + std::to_string(counter++));
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

 private:
  std::filesystem::path path_;
};

inline std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The entries of a rejects file (JSON Lines), in file order.
inline std::vector<nlohmann::json> ReadRejects(const std::string& path) {
  std::vector<nlohmann::json> out;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) out.push_back(nlohmann::json::parse(line));
  return out;
}

}  // namespace moneytrail::testing

#endif  // MONEYTRAIL_TESTS_INGEST_TEST_FILES_H_
