// Every bad input of the ingest issue, each its own test. A bad row is refused
// with "file:line: field: reason", written whole and unchanged to the rejects
// file, and every other row of the file is loaded. A file that is not what it
// claims is refused whole with a DataError (exit 65) and nothing is stored.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "tests/ingest/loader_fixture.h"

namespace moneytrail::ingest {
namespace {

using ::testing::HasSubstr;

class LoaderBadInput : public LoaderFixture {
 protected:
  // Loads `header`, T-1 (line 2), `bad_row` (line 3), T-3 (line 4) from `name`
  // and checks that exactly the bad row was refused, as the contract says.
  void ExpectOnlyRowRejected(const std::string& bad_row, const std::string& field,
                             const std::string& reason, const std::string& header = kTxHeader,
                             const std::string& eol = "\n", const std::string& good_suffix = "") {
    const std::string name = "ledger.csv";
    LoadReport r = LoadOk(name, header + eol + GoodRow(1) + good_suffix + eol + bad_row + eol +
                                    GoodRow(3) + good_suffix + eol);
    EXPECT_EQ(r.loaded, 2u);
    EXPECT_EQ(r.rejected, 1u);
    EXPECT_EQ(r.conflicts, 0u);
    EXPECT_EQ(r.duplicates, 0u);
    ExpectRejectRecorded(r, name, 3, field, reason, bad_row);
    EXPECT_TRUE(Tx("T-1").has_value());
    EXPECT_TRUE(Tx("T-3").has_value());
    EXPECT_FALSE(Tx("T-2").has_value());
    EXPECT_EQ(TxCount(), 2u);
  }

  // The same with a JSON Lines file: T-1, `bad_line`, T-3.
  void ExpectOnlyJsonLineRejected(const std::string& bad_line, const std::string& field,
                                  const std::string& reason) {
    const std::string name = "ledger.jsonl";
    auto obj = [](int n) {
      return R"({"tx_id":"T-)" + std::to_string(n) +
             R"(","timestamp":"2024-03-01T10:00:00Z","from_account":"A1","to_account":"A2","amount":")" +
             std::to_string(n) + R"(.00","currency":"EUR"})";
    };
    LoadReport r = LoadOk(name, obj(1) + "\n" + bad_line + "\n" + obj(3) + "\n");
    EXPECT_EQ(r.kind, RecordKind::kTransactions);
    EXPECT_EQ(r.loaded, 2u);
    EXPECT_EQ(r.rejected, 1u);
    ExpectRejectRecorded(r, name, 2, field, reason, bad_line);
    EXPECT_TRUE(Tx("T-1").has_value());
    EXPECT_TRUE(Tx("T-3").has_value());
    EXPECT_EQ(TxCount(), 2u);
  }

  void ExpectRejectRecorded(const LoadReport& r, const std::string& name, uint64_t line,
                            const std::string& field, const std::string& reason,
                            const std::string& raw) {
    const std::string where = name + ":" + std::to_string(line) + ": " + field + ": ";
    ASSERT_EQ(r.messages.size(), 1u);
    EXPECT_THAT(r.messages[0], HasSubstr(where));
    EXPECT_THAT(r.messages[0], HasSubstr(reason));
    ASSERT_FALSE(r.rejects_path.empty());
    auto rejects = testing::ReadRejects(r.rejects_path);
    ASSERT_EQ(rejects.size(), 1u);
    EXPECT_EQ(rejects[0]["file"], name);
    EXPECT_EQ(rejects[0]["line"], line);
    EXPECT_EQ(rejects[0]["field"], field);
    EXPECT_THAT(rejects[0]["reason"].get<std::string>(), HasSubstr(reason));
    EXPECT_TRUE(rejects[0]["record"].get<std::string>() == raw)
        << "the rejects file must hold the row byte for byte";
  }

  // The file is refused whole: DataError, exit 65, every `needle` in the
  // message, and nothing stored — not even the source.
  void ExpectFileRefused(const std::string& name, const std::string& bytes,
                         std::initializer_list<std::string> needles, LoadOptions options = {}) {
    auto r = Load(Write(name, bytes), name, options);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kDataError) << r.status().ToString();
    EXPECT_EQ(r.status().ExitCode(), 65);
    for (const std::string& n : needles) EXPECT_THAT(r.status().message(), HasSubstr(n));
    EXPECT_EQ(r.status().message().find('\n'), std::string::npos) << "one line";
    EXPECT_EQ(TxCount(), 0u);
    EXPECT_TRUE(store_->ListSources()->empty());
  }
};

// --- files refused whole -------------------------------------------------

TEST_F(LoaderBadInput, EmptyFileIsRefusedAsEmpty) {
  ExpectFileRefused("ledger.csv", "", {"ledger.csv", "empty"});
}

TEST_F(LoaderBadInput, EmptyFileIsRefusedEvenWithAKindGiven) {
  LoadOptions o;
  o.kind = RecordKind::kTransactions;
  ExpectFileRefused("ledger.csv", "", {"ledger.csv", "empty"}, o);
}

TEST_F(LoaderBadInput, HeaderOnlyLoadsNothingAndSaysSo) {
  LoadReport r = LoadOk("ledger.csv", std::string(kTxHeader) + "\n");
  EXPECT_EQ(r.loaded, 0u);
  EXPECT_EQ(r.rejected, 0u);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_THAT(r.messages[0], HasSubstr("ledger.csv:1: header only"));
  EXPECT_TRUE(r.rejects_path.empty());
  EXPECT_EQ(TxCount(), 0u);
}

TEST_F(LoaderBadInput, UnknownHeaderIsRefusedNamingItsColumns) {
  ExpectFileRefused("ledger.csv", "id,when,what\n1,2,3\n",
                    {"ledger.csv:1: header", "id, when, what", "--kind"});
}

TEST_F(LoaderBadInput, MissingRequiredColumnIsRefusedNamingTheColumn) {
  ExpectFileRefused("ledger.csv",
                    "tx_id,timestamp,from_account,to_account,currency\nT-1,2024-03-01,A,B,EUR\n",
                    {"ledger.csv:1: header", "missing required column 'amount'"});
}

TEST_F(LoaderBadInput, MissingRequiredColumnWithKindGivenIsRefused) {
  LoadOptions o;
  o.kind = RecordKind::kParties;
  ExpectFileRefused("people.csv", "party_id,phone\nP-1,123\n", {"people.csv:1: header", "'name'"},
                    o);
}

TEST_F(LoaderBadInput, BinaryGarbageIsRefusedAsBinary) {
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 4096; ++i) {
    x = x * 1103515245u + 12345u;
    garbage.push_back(static_cast<char>(x >> 24));
  }
  garbage[100] = '\0';
  LoadOptions o;
  o.kind = RecordKind::kTransactions;
  ExpectFileRefused("ledger.csv", garbage, {"ledger.csv", "binary"}, o);
}

TEST_F(LoaderBadInput, BinaryGarbageIsRefusedAsBinaryWhenTheKindIsDetected) {
  std::string garbage = std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\rIHDR", 8);
  ExpectFileRefused("ledger.csv", garbage, {"ledger.csv", "binary"});
}

TEST_F(LoaderBadInput, DetectKindOfABinaryFileSaysBinary) {
  std::string garbage =
      std::string("\x89PNG\r\n\x1a\n", 8) + std::string("\0\0\0\rIHDR\x01\x02", 10);
  auto kind = DetectKind(Write("x.csv", garbage), "x.csv");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().ExitCode(), 65);
  EXPECT_THAT(kind.status().message(), HasSubstr("binary"));
}

TEST_F(LoaderBadInput, InvalidUtf8IsRefusedWithTheLineOfTheBadByte) {
  ExpectFileRefused("ledger.csv",
                    std::string(kTxHeader) + "\n" + GoodRow(1) + "\n" +
                        "T-2,2024-03-01T10:00:00Z,A\xC3\x28,A2,1.00,EUR\n" + GoodRow(3) + "\n",
                    {"ledger.csv:3:", "not UTF-8"});
}

TEST_F(LoaderBadInput, Latin1TextIsRefusedWithTheLineAndAConversionHint) {
  ExpectFileRefused("ledger.csv",
                    std::string(kTxHeader) + ",memo\n" + GoodRow(1) + ",ok\n" + GoodRow(2) +
                        ",Zahlung f\xFCr M\xFCller\n",
                    {"ledger.csv:3:", "Latin-1", "iconv"});
}

TEST_F(LoaderBadInput, CasesDocumentLoadedAsTransactionsIsRefused) {
  LoadOptions o;
  o.kind = RecordKind::kTransactions;
  ExpectFileRefused("cases.json", R"({"cases": [{"case_id":"K","seeds":[{"tx_id":"T"}]}]})",
                    {"cases.json", "cases document"}, o);
}

// --- rows refused one by one ---------------------------------------------

TEST_F(LoaderBadInput, BomIsSkippedAndEveryRowLoads) {
  LoadReport r = LoadOk("ledger.csv", "\xEF\xBB\xBF" + std::string(kTxHeader) + "\n" + GoodRow(1) +
                                          "\n" + GoodRow(2) + "\n");
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.rejected, 0u);
  EXPECT_TRUE(Tx("T-1").has_value());
  EXPECT_EQ(Tx("T-1")->provenance.line, 2u);
}

TEST_F(LoaderBadInput, RowWithTooManyFieldsIsRejectedWithFileLineAndCount) {
  ExpectOnlyRowRejected(GoodRow(2) + ",extra", "(row)", "has 7 fields; the header has 6");
}

TEST_F(LoaderBadInput, RowWithTooFewFieldsIsRejectedWithFileLineAndCount) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,2.00", "(row)",
                        "has 5 fields; the header has 6");
}

// A blank line carries no data: it is skipped, and the lines after it keep their numbers.
TEST_F(LoaderBadInput, BlankLineInTheMiddleIsSkippedAndLineNumbersStayTrue) {
  LoadReport r =
      LoadOk("ledger.csv", std::string(kTxHeader) + "\n" + GoodRow(1) + "\n\n" + GoodRow(3) + "\n");
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.rejected, 0u);
  EXPECT_EQ(Tx("T-3")->provenance.line, 4u);
}

TEST_F(LoaderBadInput, UnterminatedQuoteRejectsOnlyItsLine) {
  ExpectOnlyRowRejected("T-2,\"2024-03-01T10:00:00Z,A1,A2,2.00,EUR", "(row)", "quote");
}

TEST_F(LoaderBadInput, UnterminatedQuoteWithCrlfLineEndsRejectsOnlyItsLine) {
  ExpectOnlyRowRejected("T-2,\"2024-03-01T10:00:00Z,A1,A2,2.00,EUR", "(row)", "quote", kTxHeader,
                        "\r\n");
}

TEST_F(LoaderBadInput, StrayQuoteInsideAFieldIsRejectedWithFileLine) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A\"1,A2,2.00,EUR", "(row)", "quote");
}

TEST_F(LoaderBadInput, TenMegabyteFieldIsRejectedNamingTheFieldAndKeptWhole) {
  std::string big(10 << 20, 'x');
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,2.00,EUR," + big, "reference",
                        "is 10485760 bytes", std::string(kTxHeader) + ",reference", "\n", ",ref");
}

TEST_F(LoaderBadInput, AmountWithCommaIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,\"12,50\",EUR", "amount", "','");
}

TEST_F(LoaderBadInput, AmountWithExponentIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,1e3,EUR", "amount", "exponent");
}

TEST_F(LoaderBadInput, NegativeAmountIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,-5,EUR", "amount", "negative");
}

TEST_F(LoaderBadInput, ZeroAmountIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,0,EUR", "amount", "zero");
}

TEST_F(LoaderBadInput, AmountWithCurrencyTextIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,0.001 EUR,EUR", "amount", "'0.001 EUR'");
}

TEST_F(LoaderBadInput, AmountWithTooManyFractionDigitsIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,0.001,EUR", "amount", "fraction digits");
}

TEST_F(LoaderBadInput, AmountTooLargeForInt64IsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,99999999999999999999,EUR", "amount",
                        "too large");
}

TEST_F(LoaderBadInput, ImpossibleDateIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-02-30,A1,A2,2.00,EUR", "timestamp", "not a valid calendar date");
}

TEST_F(LoaderBadInput, HourTwentyFourIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T24:00:00Z,A1,A2,2.00,EUR", "timestamp", "hour past 23");
}

TEST_F(LoaderBadInput, HourTwentyFourWithoutSecondsIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T24:00Z,A1,A2,2.00,EUR", "timestamp", "hour past 23");
}

TEST_F(LoaderBadInput, TimeWithoutZoneIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:15:00,A1,A2,2.00,EUR", "timestamp", "no zone");
}

TEST_F(LoaderBadInput, UnknownCurrencyIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,2.00,QQQ", "currency", "'QQQ'");
}

TEST_F(LoaderBadInput, LowerCaseCurrencyIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,2.00,eur", "currency", "ISO 4217");
}

TEST_F(LoaderBadInput, EmptyTxIdIsRejectedWithFileLineAndField) {
  ExpectOnlyRowRejected(",2024-03-01T10:00:00Z,A1,A2,2.00,EUR", "tx_id", "empty");
}

TEST_F(LoaderBadInput, ForeignCurrencyWithoutARateIsRejectedNamingCurrencyAndDate) {
  ExpectOnlyRowRejected("T-2,2024-03-01T10:00:00Z,A1,A2,2.00,USD", "currency",
                        "no FX rate for USD on or before 2024-03-01");
}

TEST_F(LoaderBadInput, SameTxIdTwiceWithDifferentContentIsAConflictAndTheFirstIsKept) {
  const std::string second = "T-1,2024-03-01T10:00:00Z,A1,A9,1.00,EUR";
  LoadReport r = LoadOk("ledger.csv", std::string(kTxHeader) + "\n" + GoodRow(1) + "\n" + second +
                                          "\n" + GoodRow(3) + "\n");
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.conflicts, 1u);
  EXPECT_EQ(r.rejected, 0u);
  ExpectRejectRecorded(r, "ledger.csv", 3, "tx_id", "to_account", second);
  EXPECT_THAT(r.messages[0], HasSubstr("line 2"));
  ASSERT_TRUE(Tx("T-1").has_value());
  EXPECT_EQ(Tx("T-1")->to_account, "A2");
  EXPECT_EQ(Tx("T-1")->provenance.line, 2u);
}

TEST_F(LoaderBadInput, SameTxIdTwiceWithSameContentIsACountedDuplicate) {
  LoadReport r = LoadOk("ledger.csv", std::string(kTxHeader) + "\n" + GoodRow(1) + "\n" +
                                          GoodRow(1) + "\n" + GoodRow(3) + "\n");
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.duplicates, 1u);
  EXPECT_EQ(r.conflicts, 0u);
  EXPECT_TRUE(r.rejects_path.empty());
  EXPECT_EQ(TxCount(), 2u);
}

TEST_F(LoaderBadInput, SameTxIdInALaterBatchIsAConflictWithTheStoredRecord) {
  LoadOptions o;
  o.batch_records = 1;
  const std::string second = "T-1,2024-03-02T10:00:00Z,A1,A2,1.00,EUR";
  LoadReport r =
      LoadOk("ledger.csv", std::string(kTxHeader) + "\n" + GoodRow(1) + "\n" + second + "\n", o);
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.conflicts, 1u);
  ExpectRejectRecorded(r, "ledger.csv", 3, "tx_id", "timestamp", second);
  EXPECT_EQ(FormatTimestamp(Tx("T-1")->timestamp), "2024-03-01T10:00:00Z");
}

TEST_F(LoaderBadInput, JsonLineThatIsNotAnObjectIsRejectedWithFileLine) {
  ExpectOnlyJsonLineRejected("[\"T-2\", \"2024-03-01\"]", "(line)", "not a JSON object");
}

TEST_F(LoaderBadInput, JsonLineThatIsAStringIsRejectedWithFileLine) {
  ExpectOnlyJsonLineRejected("\"T-2\"", "(line)", "not a JSON object");
}

TEST_F(LoaderBadInput, JsonNumberOutOfRangeIsRejectedWithFileLine) {
  ExpectOnlyJsonLineRejected(
      R"({"tx_id":"T-2","timestamp":"2024-03-01T10:00:00Z","from_account":"A1","to_account":"A2","amount":1E999,"currency":"EUR"})",
      "(line)", "out of range");
}

TEST_F(LoaderBadInput, JsonAmountWithExponentIsRejectedWithFileLineAndField) {
  ExpectOnlyJsonLineRejected(
      R"({"tx_id":"T-2","timestamp":"2024-03-01T10:00:00Z","from_account":"A1","to_account":"A2","amount":1E3,"currency":"EUR"})",
      "amount", "exponent");
}

TEST_F(LoaderBadInput, JsonLineWithBrokenSyntaxIsRejectedWithFileLine) {
  ExpectOnlyJsonLineRejected(R"({"tx_id":"T-2","timestamp":)", "(line)", "not valid JSON");
}

TEST_F(LoaderBadInput, JsonLineMissingARequiredFieldIsRejectedNamingIt) {
  ExpectOnlyJsonLineRejected(
      R"({"tx_id":"T-2","timestamp":"2024-03-01T10:00:00Z","from_account":"A1","to_account":"A2","amount":"2.00"})",
      "(fields)", "currency");
}

TEST_F(LoaderBadInput, CaseThatIsNotAnObjectIsRejectedWithFileLine) {
  LoadReport r = LoadOk(
      "cases.json",
      "{\"cases\": [\n  42,\n  {\"case_id\": \"K-1\", \"seeds\": [{\"tx_id\": \"T-1\"}]}\n]}\n");
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.rejected, 1u);
  ExpectRejectRecorded(r, "cases.json", 2, "case", "not a JSON object", "42");
}

// The last element of the cases array is a scalar: it must be rejected, not vanish.
TEST_F(LoaderBadInput, ScalarLastCaseIsRejectedNotDropped) {
  LoadReport r = LoadOk("cases.json",
                        "{\"cases\": [\n  {\"case_id\": \"K-1\", \"seeds\": [{\"tx_id\": "
                        "\"T-1\"}]},\n  \"K-2\"\n]}\n");
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.rejected, 1u) << "the element \"K-2\" on line 3 was neither loaded nor rejected";
  if (r.rejected == 1u)
    ExpectRejectRecorded(r, "cases.json", 3, "case", "not a JSON object", "\"K-2\"");
}

}  // namespace
}  // namespace moneytrail::ingest
