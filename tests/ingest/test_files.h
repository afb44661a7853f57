// Helpers of the ingest tests: reading files byte for byte and reading a
// rejects file back (TempDir comes from tests/testing/temp_dir.h).
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

#include "tests/testing/temp_dir.h"

namespace moneytrail::testing {

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
