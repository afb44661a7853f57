// Audit chain tamper detection: every way of editing the files on disk is
// named by Verify() at the right line, and Append() refuses to write over the
// evidence.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "tests/audit/audit_test_util.h"

namespace moneytrail::audit {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class AuditTamperTest : public AuditTest {
 protected:
  void SetUp() override {
    AppendSome(5);
    lines_ = ReadLines(Log().log_path());
    ASSERT_EQ(lines_.size(), 5u);
  }

  // Verify() after the edit; fails the test when it is an error rather than a result.
  AuditVerification VerifyAfter(const std::vector<std::string>& lines) {
    WriteLines(Log().log_path(), lines);
    auto v = Log().Verify();
    EXPECT_TRUE(v.ok()) << v.status().message();
    return v.ok() ? *v : AuditVerification{};
  }

  std::string At(int line) const { return Log().log_path() + ":" + std::to_string(line) + ": "; }

  std::vector<std::string> lines_;
};

TEST_F(AuditTamperTest, UntouchedLogIsIntact) {
  AuditVerification v = VerifyAfter(lines_);
  EXPECT_TRUE(v.intact()) << ::testing::PrintToString(v.problems);
  EXPECT_EQ(v.records, 5u);
}

TEST_F(AuditTamperTest, OneAlteredFieldIsNamedAtItsLine) {
  std::string& l = lines_[2];
  l.replace(l.find("purpose 3"), 9, "purpose X");
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
  EXPECT_THAT(v.problems[0], StartsWith(At(3) + "altered:"));
}

TEST_F(AuditTamperTest, AnAlteredAndRehashedRecordBreaksTheNextLink) {
  auto r = ParseRecordLine(lines_[2]);
  ASSERT_TRUE(r.ok());
  r->entry.user = "nobody";
  r->hash = ComputeHash(*r);
  lines_[2] = RecordLine(*r);
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
  EXPECT_THAT(v.problems[0], StartsWith(At(4) + "removed or replaced:"));
}

TEST_F(AuditTamperTest, ADeletedMiddleLineIsARemoval) {
  lines_.erase(lines_.begin() + 2);
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_FALSE(v.intact());
  EXPECT_THAT(v.problems[0], StartsWith(At(3) + "removed or reordered: seq 4 where seq 3"));
  EXPECT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
}

TEST_F(AuditTamperTest, TwoSwappedLinesAreAReordering) {
  std::swap(lines_[1], lines_[2]);
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 2u) << ::testing::PrintToString(v.problems);
  EXPECT_THAT(v.problems[0], StartsWith(At(2) + "removed or reordered: seq 3 where seq 2"));
  EXPECT_THAT(v.problems[1], StartsWith(At(3) + "reordered or duplicated: seq 2 after seq 3"));
}

TEST_F(AuditTamperTest, TheLastTwoLinesSwappedAreTwoProblemsNotATruncation) {
  std::swap(lines_[3], lines_[4]);
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 2u) << ::testing::PrintToString(v.problems);
  EXPECT_THAT(v.problems[0], StartsWith(At(4) + "removed or reordered: seq 5 where seq 4"));
  EXPECT_THAT(v.problems[1], StartsWith(At(5) + "reordered or duplicated: seq 4 after seq 5"));
}

TEST_F(AuditTamperTest, ARemovedLastLineIsATruncationAgainstHead) {
  auto fifth = ParseRecordLine(lines_.back());
  ASSERT_TRUE(fifth.ok());
  lines_.pop_back();
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
  EXPECT_EQ(v.problems[0], At(5) + "truncated: head names seq 5 (hash " +
                               fifth->hash.substr(0, 16) +
                               "...) but the log ends at seq 4 (records removed from the end)");
}

TEST_F(AuditTamperTest, AMalformedLineIsNamed) {
  lines_[1] = "{\"seq\":2, oops";
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_FALSE(v.intact());
  EXPECT_THAT(v.problems[0], StartsWith(At(2) + "malformed: not JSON"));
  // The lines after it are checked on their own; the chain resumes there.
  EXPECT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
}

TEST_F(AuditTamperTest, APartialLastLineIsMalformed) {
  WriteLines(Log().log_path(), lines_);
  std::ofstream(Log().log_path(), std::ios::app) << "{\"seq\":6,";
  auto v = Log().Verify();
  ASSERT_TRUE(v.ok());
  ASSERT_FALSE(v->intact());
  EXPECT_THAT(v->problems[0], StartsWith(At(6) + "malformed: partial line"));
  auto refused = Log().Append(Entry("ana", "trace"));
  EXPECT_EQ(refused.status().code(), StatusCode::kCorruption);
}

TEST_F(AuditTamperTest, ARemovedHeadFileIsMissing) {
  std::filesystem::remove(Log().head_path());
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
  EXPECT_EQ(
      v.problems[0],
      Log().head_path() + ": missing: the log holds 5 records but there is no head (removed?)");
}

TEST_F(AuditTamperTest, AReplacedLastRecordDisagreesWithHead) {
  auto r = ParseRecordLine(lines_[4]);
  ASSERT_TRUE(r.ok());
  r->entry.purpose = "nothing to see";
  r->hash = ComputeHash(*r);
  lines_[4] = RecordLine(*r);
  AuditVerification v = VerifyAfter(lines_);
  ASSERT_EQ(v.problems.size(), 1u) << ::testing::PrintToString(v.problems);
  EXPECT_THAT(v.problems[0], StartsWith(At(5) + "altered: head names seq 5"));
}

TEST_F(AuditTamperTest, ARemovedLogIsMissingAgainstHead) {
  std::filesystem::remove(Log().log_path());
  auto v = Log().Verify();
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->problems.size(), 1u) << ::testing::PrintToString(v->problems);
  EXPECT_THAT(v->problems[0], HasSubstr("missing: head names seq 5"));
}

TEST_F(AuditTamperTest, AppendRefusesToExtendATruncatedLog) {
  lines_.pop_back();
  WriteLines(Log().log_path(), lines_);
  std::string before = Slurp(Log().log_path()), head = Slurp(Log().head_path());
  auto r = Log().Append(Entry("ana", "trace"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(r.status().message(), HasSubstr("audit --verify"));
  EXPECT_EQ(Slurp(Log().log_path()), before) << "the evidence is not written over";
  EXPECT_EQ(Slurp(Log().head_path()), head);
}

TEST_F(AuditTamperTest, AHeadOneRecordBehindIsACrashThatTheNextAppendRepairs) {
  // As if the process died after writing record 5 but before replacing head.
  auto fourth = ParseRecordLine(lines_[3]);
  ASSERT_TRUE(fourth.ok());
  std::ofstream(Log().head_path(), std::ios::trunc)
      << "{\"seq\":4,\"hash\":\"" << fourth->hash << "\"}\n";
  auto v = Log().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact()) << ::testing::PrintToString(v->problems);
  EXPECT_THAT(v->note, HasSubstr("one record behind"));
  auto r = Log().Append(Entry("ana", "trace"));
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->seq, 6u);
  v = Log().Verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->intact());
  EXPECT_TRUE(v->note.empty());
  EXPECT_EQ(v->head_seq, 6u);
}

}  // namespace
}  // namespace moneytrail::audit
