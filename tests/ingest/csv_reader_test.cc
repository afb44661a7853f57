#include "ingest/csv_reader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/ingest/test_files.h"

namespace moneytrail::ingest {
namespace {

using ::moneytrail::testing::TempDir;
using ::testing::ElementsAre;

struct Row {
  uint64_t line, offset, end_offset;
  std::string raw;
  std::vector<std::string> fields;
  std::string error;
};

std::vector<Row> ReadRows(const std::string& path, uint64_t offset = 0, uint64_t line = 1) {
  CsvReader reader;
  EXPECT_TRUE(reader.Open(path, offset, line).ok());
  std::vector<Row> rows;
  CsvRecord rec;
  while (reader.Next(&rec)) {
    rows.push_back({rec.line, rec.offset, rec.end_offset, std::string(rec.raw),
                    std::vector<std::string>(rec.fields.begin(), rec.fields.end()), rec.error});
  }
  EXPECT_TRUE(reader.status().ok()) << reader.status().ToString();
  return rows;
}

TEST(CsvReaderTest, ReadsPlainFieldsLinesAndOffsets) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b,c\n1,,3\n"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "", "3"));
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[1].offset, 6u);
  EXPECT_EQ(rows[1].end_offset, 11u);
  EXPECT_EQ(rows[1].raw, "1,,3");
}

TEST(CsvReaderTest, LastLineWithoutNewlineIsARecord) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b\n1,2"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "2"));
  EXPECT_EQ(rows[1].end_offset, 7u);
}

TEST(CsvReaderTest, QuotedFieldsKeepCommasAndEscapedQuotes) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "x,y\n\"a,b\",\"say \"\"hi\"\"\"\n\"\",z\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("a,b", "say \"hi\""));
  EXPECT_EQ(rows[1].raw, "\"a,b\",\"say \"\"hi\"\"\"");
  EXPECT_TRUE(rows[1].error.empty());
  EXPECT_THAT(rows[2].fields, ElementsAre("", "z"));
}

TEST(CsvReaderTest, CrlfLineEndingsAreNotPartOfFieldsOrRaw) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b\r\n1,\"2\"\r\n3,4\r\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "2"));
  EXPECT_THAT(rows[2].fields, ElementsAre("3", "4"));
  EXPECT_EQ(rows[2].raw, "3,4");
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_EQ(rows[2].end_offset, 17u);
}

TEST(CsvReaderTest, MultiLineQuotedFieldCountsItsLines) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b\n1,\"line one\nline two\r\nthree\"\n2,x\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_THAT(rows[1].fields, ElementsAre("1", "line one\nline two\r\nthree"));
  EXPECT_EQ(rows[1].raw, "1,\"line one\nline two\r\nthree\"");
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_EQ(rows[2].line, 5u);
  EXPECT_THAT(rows[2].fields, ElementsAre("2", "x"));
}

TEST(CsvReaderTest, BomAtTheStartIsSkipped) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "\xEF\xBB\xBFtx_id,b\n1,2\n"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_THAT(rows[0].fields, ElementsAre("tx_id", "b"));
  EXPECT_EQ(rows[0].offset, 3u);
  EXPECT_EQ(rows[0].line, 1u);
}

TEST(CsvReaderTest, UnterminatedQuoteRejectsOnlyItsOwnLine) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b\n1,\"open\n2,x\n3,y\n"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[1].raw, "1,\"open");
  EXPECT_EQ(rows[1].line, 2u);
  EXPECT_THAT(rows[2].fields, ElementsAre("2", "x"));
  EXPECT_EQ(rows[2].line, 3u);
  EXPECT_TRUE(rows[2].error.empty());
  EXPECT_THAT(rows[3].fields, ElementsAre("3", "y"));
  EXPECT_EQ(rows[3].line, 4u);
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsAnErrorButTheNextLineIsFine) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b\n\"x\"y,1\n2,3\n"));
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[1].raw, "\"x\"y,1");
  EXPECT_TRUE(rows[2].error.empty());
  EXPECT_THAT(rows[2].fields, ElementsAre("2", "3"));
}

TEST(CsvReaderTest, QuoteInsideAnUnquotedFieldIsAnError) {
  TempDir dir;
  auto rows = ReadRows(dir.Write("a.csv", "a,b\nab\"c,1\n"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_FALSE(rows[1].error.empty());
  EXPECT_EQ(rows[1].raw, "ab\"c,1");
}

TEST(CsvReaderTest, ResumesAtAnOffsetWithTheGivenLineNumber) {
  TempDir dir;
  std::string path = dir.Write("a.csv", "a,b\n1,2\n\"3\n3\",4\n5,6\n");
  auto all = ReadRows(path);
  ASSERT_EQ(all.size(), 4u);
  auto rest = ReadRows(path, all[2].offset, all[2].line);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].line, 3u);
  EXPECT_THAT(rest[0].fields, ElementsAre("3\n3", "4"));
  EXPECT_EQ(rest[1].line, 5u);
  EXPECT_EQ(rest[1].offset, all[3].offset);
  EXPECT_THAT(rest[1].fields, ElementsAre("5", "6"));
}

TEST(CsvReaderTest, RecordsLargerThanOneReadBlockComeBackWhole) {
  TempDir dir;
  std::string big(9 << 20, 'x');
  auto rows = ReadRows(dir.Write("a.csv", "a,b\n1," + big + "\n\"" + big + "\",2\n3,4\n"));
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[1].fields[1].size(), big.size());
  EXPECT_EQ(rows[2].fields[0].size(), big.size());
  EXPECT_THAT(rows[3].fields, ElementsAre("3", "4"));
  EXPECT_EQ(rows[3].line, 4u);
}

TEST(CsvReaderTest, MissingFileIsNotFound) {
  CsvReader reader;
  EXPECT_EQ(reader.Open("/nonexistent/moneytrail/x.csv").code(), StatusCode::kNotFound);
}

TEST(CsvReaderTest, EmptyFileHasNoRecords) {
  TempDir dir;
  EXPECT_TRUE(ReadRows(dir.Write("a.csv", "")).empty());
}

}  // namespace
}  // namespace moneytrail::ingest
