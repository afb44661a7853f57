// Helpers of the audit tests: a store directory per test, a clock that ticks
// one second per record, and the log's lines as strings.
#ifndef MONEYTRAIL_TESTS_AUDIT_AUDIT_TEST_UTIL_H_
#define MONEYTRAIL_TESTS_AUDIT_AUDIT_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "engine/audit/audit_log.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::audit {

// 2024-03-01T10:00:00Z, then one second later per call.
inline std::function<Timestamp()> TickingClock() {
  auto next = std::make_shared<std::atomic<int64_t>>(1709287200LL * Timestamp::kMicrosPerSecond);
  return [next] { return Timestamp{next->fetch_add(Timestamp::kMicrosPerSecond)}; };
}

inline std::vector<std::string> ReadLines(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

inline void WriteLines(const std::string& path, const std::vector<std::string>& lines) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  for (const std::string& l : lines) out << l << "\n";
}

inline std::string Slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline AuditEntry Entry(const std::string& user, const std::string& action,
                        const std::string& case_id = "", const std::string& subject = "",
                        const std::string& purpose = "") {
  AuditEntry e;
  e.user = user;
  e.action = action;
  e.case_id = case_id;
  e.subject = subject;
  e.purpose = purpose;
  return e;
}

class AuditTest : public ::testing::Test {
 protected:
  AuditLog Log() const { return AuditLog(store_.path(), {.clock = clock_}); }

  // Appends `n` records by "ana" for case K-n (n = 1, 2, ...); fails the test on error.
  void AppendSome(int n) {
    AuditLog log = Log();
    for (int i = 1; i <= n; ++i) {
      auto r = log.Append(
          Entry("ana", "trace", "K-" + std::to_string(i), "", "purpose " + std::to_string(i)));
      ASSERT_TRUE(r.ok()) << r.status().message();
    }
  }

  testing::TempDir store_;
  std::function<Timestamp()> clock_ = TickingClock();
};

}  // namespace moneytrail::audit

#endif  // MONEYTRAIL_TESTS_AUDIT_AUDIT_TEST_UTIL_H_
