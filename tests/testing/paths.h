// Where tests find the built binary and the shared sample data: the
// environment first (MONEYTRAIL_BIN, MONEYTRAIL_SHARED), else the paths the
// build compiled in, so `ctest` works with or without tools/test.sh.
#ifndef MONEYTRAIL_TESTS_TESTING_PATHS_H_
#define MONEYTRAIL_TESTS_TESTING_PATHS_H_

#include <cstdlib>
#include <string>

namespace moneytrail::testing {

inline std::string MoneytrailBin() {
  const char* env = std::getenv("MONEYTRAIL_BIN");
  return env && *env ? env : MONEYTRAIL_DEFAULT_BIN;
}

inline std::string SharedDir() {
  const char* env = std::getenv("MONEYTRAIL_SHARED");
  return env && *env ? env : MONEYTRAIL_DEFAULT_SHARED;
}

}  // namespace moneytrail::testing

#endif  // MONEYTRAIL_TESTS_TESTING_PATHS_H_
