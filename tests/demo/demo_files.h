// Test helper: reads a demo-data directory back with a deliberately small,
// independent CSV reader (RFC 4180 quoting, '\n' line ends), so that the tests
// check the files as another program would see them, not through the
// generator's own code.
#ifndef MONEYTRAIL_TESTS_DEMO_DEMO_FILES_H_
#define MONEYTRAIL_TESTS_DEMO_DEMO_FILES_H_

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace moneytrail::demo::testing {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::string error;  // first problem found (bad quoting, wrong field count), or empty

  // Index of column `name`; -1 if absent.
  int Col(const std::string& name) const;
  // Field `name` of row `row`.
  const std::string& At(size_t row, const std::string& name) const;
};

std::string ReadFileBytes(const std::string& path);
Table ParseCsv(const std::string& text);

// The six files of a demo directory, plus indexes by id.
struct DemoFiles {
  Table accounts, parties, transactions, assets, fx;
  nlohmann::json cases;
  std::map<std::string, size_t> account_row, party_row, tx_row;
};
DemoFiles LoadDemo(const std::string& dir);

// A fresh directory under the test's temporary directory, removed (with its
// contents) on destruction.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace moneytrail::demo::testing

#endif  // MONEYTRAIL_TESTS_DEMO_DEMO_FILES_H_
