// The batch's output directory and its journal: what makes a killed batch
// resumable without redoing or losing a case.
#include "tools/batch/batch_output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "tests/testing/temp_dir.h"
#include "tools/batch/batch_internal.h"

namespace moneytrail::batch {
namespace {

namespace fs = std::filesystem;

const std::vector<std::string> kCases = {"K1", "K2", "K3"};
const std::string kParams = R"({"method":"libr","until":null})";

CaseResult Result(size_t i) {
  CaseResult r;
  r.index = i;
  r.file = kCases[i] + ".json";
  r.json = "{\"case\":\"" + kCases[i] + "\"}\n";
  r.entry = R"({"case_id":")" + kCases[i] + R"(","file":")" + r.file + R"("})";
  return r;
}

class BatchOutputTest : public ::testing::Test {
 protected:
  std::string Dir() const { return tmp_.path() + "/out"; }
  std::string Journal() const { return Dir() + "/.batch-journal.jsonl"; }
  std::unique_ptr<BatchOutput> Open(bool resume, const std::string& params = kParams) {
    auto out = BatchOutput::Open(Dir(), kCases, params, resume);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? std::move(out).value() : nullptr;
  }
  // A batch that recorded cases 0 and 2, then died.
  void Interrupted() {
    auto out = Open(false);
    ASSERT_TRUE(out);
    EXPECT_THAT(out->pending(), ::testing::ElementsAre(0, 1, 2));
    ASSERT_TRUE(out->Record(Result(2)).ok());
    ASSERT_TRUE(out->Record(Result(0)).ok());
  }
  std::string Uninterrupted() {
    moneytrail::testing::TempDir other;
    auto out = BatchOutput::Open(other.path(), kCases, kParams, false);
    EXPECT_TRUE(out.ok());
    if (!out.ok()) return "";
    for (size_t i = 0; i < kCases.size(); ++i) EXPECT_TRUE((*out)->Record(Result(i)).ok());
    EXPECT_TRUE((*out)->Finish(R"({"method":"libr"})").ok());
    return other.Read("summary.json");
  }
  moneytrail::testing::TempDir tmp_;
};

TEST_F(BatchOutputTest, ResumeTracesOnlyWhatIsMissingAndEndsAsAnUninterruptedRun) {
  Interrupted();
  EXPECT_EQ(tmp_.Read("out/K3.json"), "{\"case\":\"K3\"}\n");  // written as it arrived
  EXPECT_FALSE(fs::exists(Dir() + "/summary.json"));
  auto out = Open(true);
  ASSERT_TRUE(out);
  EXPECT_EQ(out->resumed(), 2u);
  EXPECT_THAT(out->pending(), ::testing::ElementsAre(1));
  ASSERT_TRUE(out->Record(Result(1)).ok());
  auto worst = out->Finish(R"({"method":"libr"})");
  ASSERT_TRUE(worst.ok());
  EXPECT_EQ(*worst, 0);
  EXPECT_EQ(tmp_.Read("out/summary.json"), Uninterrupted());
  EXPECT_FALSE(fs::exists(Journal()));
}

TEST_F(BatchOutputTest, AnUnfinishedBatchIsNeitherOverwrittenNorResumedWithOtherParameters) {
  Interrupted();
  auto again = BatchOutput::Open(Dir(), kCases, kParams, false);
  ASSERT_FALSE(again.ok());
  EXPECT_THAT(again.status().message(), ::testing::HasSubstr("--resume"));
  auto other = BatchOutput::Open(Dir(), kCases, R"({"method":"fifo","until":null})", true);
  ASSERT_FALSE(other.ok());
  EXPECT_THAT(other.status().message(), ::testing::HasSubstr("other parameters"));
  auto fewer = BatchOutput::Open(Dir(), {"K1", "K2"}, kParams, true);
  EXPECT_FALSE(fewer.ok());
}

TEST_F(BatchOutputTest, ATornLastLineIsTracedAgainAndAnAlteredOneRefused) {
  Interrupted();
  { std::ofstream(Journal(), std::ios::app) << R"({"index":1,"exit_co)"; }
  auto out = Open(true);
  ASSERT_TRUE(out);
  EXPECT_THAT(out->pending(), ::testing::ElementsAre(1));
  ASSERT_TRUE(out->Record(Result(1)).ok());
  out.reset();
  // The torn bytes are gone: the journal is whole lines again.
  std::string journal = tmp_.Read("out/.batch-journal.jsonl");
  EXPECT_EQ(journal.find("exit_co)"), std::string::npos);
  EXPECT_EQ(std::count(journal.begin(), journal.end(), '\n'), 4);

  std::string altered = journal;
  altered.replace(altered.find("\"index\":2"), 9, "\"index\":X");
  { std::ofstream(Journal(), std::ios::trunc) << altered; }
  auto refused = BatchOutput::Open(Dir(), kCases, kParams, true);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDataError);
  EXPECT_THAT(refused.status().message(), ::testing::HasSubstr(".batch-journal.jsonl:2"));
}

TEST_F(BatchOutputTest, AJournalLineOfTheWrongShapeIsRefusedNotThrown) {
  Interrupted();
  std::string journal = tmp_.Read("out/.batch-journal.jsonl");
  journal.replace(journal.find("\"file\":\"K3.json\""), 16, "\"file\":3");
  { std::ofstream(Journal(), std::ios::trunc) << journal; }
  auto refused = BatchOutput::Open(Dir(), kCases, kParams, true);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kDataError);
}

TEST(CaseFileNamesTest, EveryCaseGetsItsOwnFileWhateverItsId) {
  std::vector<std::string> names =
      internal::CaseFileNames({"A/B", "A B", "A_B", "summary", ".hidden", "K-1"});
  EXPECT_THAT(names, ::testing::ElementsAre("A_B.json", "A_B~2.json", "A_B~3.json",
                                            "summary~4.json", "_.hidden.json", "K-1.json"));
}

TEST_F(BatchOutputTest, ACaseWhoseFileWentMissingIsTracedAgain) {
  Interrupted();
  fs::remove(Dir() + "/K1.json");
  auto out = Open(true);
  ASSERT_TRUE(out);
  EXPECT_THAT(out->pending(), ::testing::ElementsAre(0, 1));
}

TEST_F(BatchOutputTest, FailedCasesAreInTheSummaryAndSetTheExitCode) {
  auto out = Open(false);
  ASSERT_TRUE(out);
  for (size_t i : {0, 2}) ASSERT_TRUE(out->Record(Result(i)).ok());
  CaseResult failed;
  failed.index = 1;
  failed.exit_code = 65;
  failed.entry = R"({"case_id":"K2","error":"seed paid to cash"})";
  ASSERT_TRUE(out->Record(failed).ok());
  auto worst = out->Finish(R"({"method":"libr"})");
  ASSERT_TRUE(worst.ok());
  EXPECT_EQ(*worst, 65);
  EXPECT_THAT(tmp_.Read("out/summary.json"), ::testing::HasSubstr("seed paid to cash"));
  EXPECT_FALSE(fs::exists(Dir() + "/K2.json"));
}

TEST_F(BatchOutputTest, AnEntryThatIsNotOneLineOfJsonIsRefusedBeforeAnythingIsWritten) {
  auto out = Open(false);
  ASSERT_TRUE(out);
  for (const std::string& entry : {std::string(R"({"case_id":"K1"})") + "\n", std::string("[1]"),
                                   std::string(R"({"case_id":)")}) {
    CaseResult r = Result(0);
    r.entry = entry;
    EXPECT_EQ(out->Record(r).code(), StatusCode::kInternal) << entry;
  }
  EXPECT_FALSE(fs::exists(Dir() + "/K1.json"));
  const std::string journal = tmp_.Read("out/.batch-journal.jsonl");
  EXPECT_EQ(std::count(journal.begin(), journal.end(), '\n'), 1);  // the header alone
  ASSERT_TRUE(out->Record(Result(0)).ok());
  EXPECT_TRUE(fs::exists(Dir() + "/K1.json"));
}

TEST_F(BatchOutputTest, FinishRefusesWhileACaseIsMissing) {
  auto out = Open(false);
  ASSERT_TRUE(out);
  ASSERT_TRUE(out->Record(Result(0)).ok());
  EXPECT_FALSE(out->Finish(R"({"method":"libr"})").ok());
  EXPECT_FALSE(fs::exists(Dir() + "/summary.json"));
}

}  // namespace
}  // namespace moneytrail::batch
