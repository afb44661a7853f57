#include "ingest/file_check.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "engine/core/sha256.h"
#include "tests/ingest/test_files.h"

namespace moneytrail::ingest {
namespace {

using ::moneytrail::testing::TempDir;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(InspectFileTest, ReportsSizeHashAndBom) {
  TempDir dir;
  std::string bytes = "\xEF\xBB\xBFtx_id\nT-1\n";
  auto facts = InspectFile(dir.Write("a.csv", bytes), "a.csv");
  ASSERT_TRUE(facts.ok()) << facts.status().ToString();
  EXPECT_EQ(facts->size, bytes.size());
  EXPECT_EQ(facts->sha256, Sha256::Of(bytes));
  EXPECT_TRUE(facts->has_bom);
}

TEST(InspectFileTest, BinaryFileIsRefusedAsBinary) {
  TempDir dir;
  std::string bytes = "PK\x03\x04";
  bytes += std::string("\0\0\x14\0", 4);
  auto facts = InspectFile(dir.Write("a.zip", bytes), "a.zip");
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), StatusCode::kDataError);
  EXPECT_EQ(facts.status().ExitCode(), 65);
  EXPECT_THAT(facts.status().message(), HasSubstr("a.zip"));
  EXPECT_THAT(facts.status().message(), HasSubstr("binary"));
}

TEST(InspectFileTest, Latin1IsRefusedWithItsLineAndAHint) {
  TempDir dir;
  auto facts = InspectFile(dir.Write("a.csv", "name\nAna\nM\xFCller\n"), "a.csv");
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), StatusCode::kDataError);
  EXPECT_THAT(facts.status().message(), HasSubstr("a.csv:3:"));
  EXPECT_THAT(facts.status().message(), HasSubstr("Latin-1"));
  EXPECT_THAT(facts.status().message(), HasSubstr("0xFC"));
}

TEST(InspectFileTest, InvalidUtf8NamesTheLineOfTheFirstBadByte) {
  TempDir dir;
  auto facts = InspectFile(dir.Write("a.csv", "a\nb\nc\nd\x80x\n\xC3\x28\n"), "a.csv");
  ASSERT_FALSE(facts.ok());
  EXPECT_THAT(facts.status().message(), HasSubstr("a.csv:4: not UTF-8"));
  EXPECT_THAT(facts.status().message(), Not(HasSubstr("Latin-1")));
}

TEST(InspectFileTest, BadByteLineIsCountedAcrossReadBlocks) {
  TempDir dir;
  std::string bytes;
  for (int i = 0; i < 200'000; ++i) bytes += "row,12345\n";  // 2 MB: three 1 MiB blocks
  bytes += "\xFF\n";
  auto facts = InspectFile(dir.Write("a.csv", bytes), "a.csv");
  ASSERT_FALSE(facts.ok());
  EXPECT_THAT(facts.status().message(), HasSubstr("a.csv:200001:"));
}

TEST(InspectFileTest, OverlongAndSurrogateEncodingsAreNotUtf8) {
  size_t bad = 99;
  EXPECT_FALSE(IsValidUtf8("ok\xC0\xAF", &bad));
  EXPECT_EQ(bad, 2u);
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80", &bad));
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80", &bad));
  EXPECT_TRUE(IsValidUtf8("Zahlung f\xC3\xBCr M\xC3\xBCller \xE2\x82\xAC \xF0\x9F\x92\xB0", &bad));
}

TEST(InspectFileTest, EmptyFileIsRefused) {
  TempDir dir;
  auto facts = InspectFile(dir.Write("a.csv", ""), "a.csv");
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), StatusCode::kDataError);
  EXPECT_THAT(facts.status().message(), HasSubstr("a.csv: empty"));
  auto bom_only = InspectFile(dir.Write("b.csv", "\xEF\xBB\xBF"), "b.csv");
  ASSERT_FALSE(bom_only.ok());
  EXPECT_THAT(bom_only.status().message(), HasSubstr("empty"));
}

TEST(InspectFileTest, MissingFileIsNotFound) {
  auto facts = InspectFile("/nonexistent/moneytrail/a.csv", "a.csv");
  ASSERT_FALSE(facts.ok());
  EXPECT_EQ(facts.status().code(), StatusCode::kNotFound);
}

// A file may end in a multi-byte character: "... José" without a newline.
TEST(InspectFileTest, ValidMultiByteCharacterAtTheVeryEndIsAccepted) {
  TempDir dir;
  auto facts = InspectFile(dir.Write("a.csv", "name\nJos\xC3\xA9"), "a.csv");
  EXPECT_TRUE(facts.ok()) << facts.status().ToString();
  auto euro = InspectFile(dir.Write("b.csv", "amount\n5 \xE2\x82\xAC"), "b.csv");
  EXPECT_TRUE(euro.ok()) << euro.status().ToString();
}

TEST(InspectFileTest, MultiByteCharacterAcrossABlockBoundaryIsAccepted) {
  TempDir dir;
  std::string bytes(1 << 20, 'a');
  bytes[(1 << 20) - 1] = '\xC3';  // the first byte of "é" ends block one
  bytes += "\xA9\n";
  auto facts = InspectFile(dir.Write("a.csv", bytes), "a.csv");
  EXPECT_TRUE(facts.ok()) << facts.status().ToString();
}

TEST(InspectFileTest, TruncatedSequenceAtTheEndIsRefused) {
  TempDir dir;
  auto facts = InspectFile(dir.Write("a.csv", "name\nJos\xC3"), "a.csv");
  ASSERT_FALSE(facts.ok());
  EXPECT_THAT(facts.status().message(), HasSubstr("a.csv:2:"));
}

}  // namespace
}  // namespace moneytrail::ingest
