// ReadMt103 against the shared prowide-core samples and unit tests of each
// MT103 rule.
#include "ingest/bank/mt103.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ingest/bank/mt940.h"
#include "tests/bank/swift_test_util.h"

namespace moneytrail::ingest::bank {
namespace {

using testing::DataDir;
using testing::Day;
using testing::FilesUnder;
using testing::HasIssue;
using ::testing::HasSubstr;
using testing::Issues;
using testing::ReadBytes;

const std::string kProwide = "mt103/prowide-core/src/test/resources";

StatementFile ReadSample(const std::string& name) {
  return ReadMt103(ReadBytes(DataDir(kProwide) / name));
}

TEST(Mt103Samples, EveryFileIsReadWithoutCrash) {
  std::vector<std::filesystem::path> files = FilesUnder(DataDir("mt103"));
  ASSERT_GE(files.size(), 17u) << "sample data not found under " << DataDir("");
  for (const auto& path : files) {
    StatementFile f = ReadMt103(ReadBytes(path));
    EXPECT_EQ(f.format, "mt103");
    EXPECT_TRUE(!f.payments.empty() || !f.statements.empty() || !f.issues.empty()) << path;
    for (const PaymentMessage& p : f.payments) {
      EXPECT_GT(p.amount, 0) << path;
      EXPECT_EQ(p.currency.size(), 3u) << path;
    }
  }
}

TEST(Mt103Samples, BulkWithAcksYieldsThreePaymentsAndNoIssue) {
  StatementFile f = ReadSample("MT103-bulk-with-ack.rje");
  EXPECT_TRUE(f.issues.empty()) << Issues(f);
  ASSERT_EQ(f.payments.size(), 3u);
  const PaymentMessage& p = f.payments[0];
  EXPECT_EQ(p.line, 1u);  // the message copy follows its ACK on the same line
  EXPECT_EQ(p.sender_reference, "234234233");
  EXPECT_EQ(p.sender_bic, "BBBBUS33");    // output message: sender from the MIR
  EXPECT_EQ(p.receiver_bic, "AAAAUSLA");  // block 1 terminal AAAAUSLAAXXX
  EXPECT_EQ(Day(p.value_date), "2019-04-25");
  EXPECT_EQ(p.amount, 370000);  // "3700,"
  EXPECT_EQ(p.currency, "USD");
  EXPECT_EQ(p.instructed_amount, 371000);
  EXPECT_EQ(p.instructed_currency, "USD");
  EXPECT_EQ(p.ordering_account, "0000000000");
  EXPECT_EQ(p.ordering_name, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
  EXPECT_EQ(p.ordering_institution, "CCCCNGLA");
  EXPECT_EQ(p.beneficiary_account, "0000000000");
  EXPECT_EQ(p.beneficiary_name, "BBBBBBBBBBBBBBBB");
  EXPECT_EQ(p.remittance, "/RFB/042517477151\nREFERENCE:1500009007\nTRANSFER");
  EXPECT_EQ(p.charges, "SHA");
  EXPECT_EQ(f.payments[1].line, 20u);
  EXPECT_EQ(f.payments[1].sender_bic, "BKTRUS33");
  EXPECT_EQ(f.payments[2].amount, 141780);  // "1417,8"
}

TEST(Mt103Samples, OutAckBatchYieldsThirteenPaymentsWithTheUetr) {
  StatementFile f = ReadSample("MT103-out-ack.rje");
  ASSERT_EQ(f.payments.size(), 13u) << Issues(f);
  EXPECT_EQ(f.payments[0].uetr, "8579f4a4-a547-463e-ae63-e7c6620d59b4");
  EXPECT_EQ(f.payments[0].ordering_account, "");
  EXPECT_EQ(f.payments[0].ordering_name, "FOO CAPITAL MARKETS LP");
  EXPECT_EQ(f.payments[0].ordering_institution, "NORTH FOO BANK");  // 52D: first line
  EXPECT_EQ(f.payments[0].beneficiary_account, "00123456789012345678");
  EXPECT_EQ(f.payments[1].beneficiary_institution, "BICFOOYY");  // 57A
  EXPECT_EQ(Day(f.payments[2].value_date), "2007-10-28");        // "071028"
  // A stray '{' between two messages ("-}{" then "$").
  ASSERT_EQ(f.issues.size(), 1u) << Issues(f);
  EXPECT_TRUE(HasIssue(f, 198, "message", "text outside any block")) << Issues(f);
}

TEST(Mt103Samples, OtherMessageTypesAreSkippedWithAnIssue) {
  StatementFile mt101 = ReadSample("MT101.fin");
  EXPECT_TRUE(mt101.payments.empty());
  EXPECT_TRUE(HasIssue(mt101, 1, "block 2", "message is an MT101, not an MT103")) << Issues(mt101);
  StatementFile xml = ReadSample("MT320.xml");
  ASSERT_FALSE(xml.issues.empty());
  EXPECT_TRUE(xml.issues.back().fatal);
  EXPECT_THAT(xml.issues.back().reason, HasSubstr("no SWIFT message found"));
}

TEST(Mt103Samples, AnMt940IsHandedToTheStatementReader) {
  // An MT940 with half-width katakana (UTF-8) in JPY; its only :61: has the
  // value date 345454, which is no date.
  StatementFile f = ReadSample("sample_JPchar.txt");
  ASSERT_EQ(f.statements.size(), 1u) << Issues(f);
  EXPECT_EQ(f.statements[0].currency, "JPY");
  EXPECT_EQ(f.statements[0].balances.at(0).amount, 15459988);
  EXPECT_TRUE(HasIssue(f, 6, ":61:", "value date '345454'")) << Issues(f);
}

const char kMessage[] =
    "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFX123N}{3:{108:MUR}{121:8E0FE365-A88E-426B-8484-"
    "4E4A0C3E9DA5}}{4:\n"
    ":20:REF-1\n:23B:CRED\n:32A:240315EUR1234,56\n:33B:USD1350,\n"
    ":50F:/DE89370400440532013000\n1/JOHN\n1/DOE\n2/SOMEWHERE 1\n3/DE/BERLIN\n"
    ":52A:COBADEFF\n:57D:/123\nSOME BANK\nCITY\n"
    ":59F:/NL91ABNA0417164300\n1/ACME BV\n3/NL/AMSTERDAM\n"
    ":70:INVOICE 1\nINVOICE 2\n:71A:OUR\n-}";

TEST(Mt103Rules, MessageFieldsAndUetrAreRead) {
  StatementFile f = ReadMt103(kMessage);
  ASSERT_EQ(f.payments.size(), 1u) << Issues(f);
  EXPECT_TRUE(f.issues.empty()) << Issues(f);
  const PaymentMessage& p = f.payments[0];
  EXPECT_EQ(p.uetr, "8e0fe365-a88e-426b-8484-4e4a0c3e9da5");
  EXPECT_EQ(p.sender_bic, "BANKBEBB");       // input message: block 1 is the sender
  EXPECT_EQ(p.receiver_bic, "BANKDEFF123");  // branch kept when not XXX
  EXPECT_EQ(p.amount, 123456);
  EXPECT_EQ(p.instructed_amount, 135000);
  EXPECT_EQ(p.ordering_account, "DE89370400440532013000");
  EXPECT_EQ(p.ordering_name, "JOHN DOE");
  EXPECT_EQ(p.ordering_institution, "COBADEFF");
  EXPECT_EQ(p.beneficiary_institution, "SOME BANK");
  EXPECT_EQ(p.beneficiary_account, "NL91ABNA0417164300");
  EXPECT_EQ(p.beneficiary_name, "ACME BV");
  EXPECT_EQ(p.remittance, "INVOICE 1\nINVOICE 2");
  EXPECT_EQ(p.charges, "OUR");
}

TEST(Mt103Rules, RjeBatchWithThreeMessagesAndAnAckYieldsThreePayments) {
  std::string m = kMessage;
  std::string batch = "{1:F21BANKBEBBAXXX0000000000}{4:{177:2403151200}{451:0}}" + m + "\n$" + m +
                      "$\r\n" + m + "\n";
  StatementFile f = ReadMt103(batch);
  EXPECT_EQ(f.payments.size(), 3u) << Issues(f);
  EXPECT_TRUE(f.issues.empty()) << Issues(f);
  EXPECT_EQ(f.payments[1].line, 22u);  // kMessage has 21 lines
  EXPECT_TRUE(LooksLikeMt103(batch));
  EXPECT_FALSE(LooksLikeMt940(batch));
}

TEST(Mt103Rules, NakAndMalformedAckAreIssues) {
  std::string m = kMessage;
  StatementFile f = ReadMt103("{1:F21BANKBEBBAXXX0000000000}{4:{177:2403151200}{451:1}{405:H50}}" +
                              m + "$" + "{1:F21BANKBEBBAXXX0000000000}{4:{177:2403151200}}");
  EXPECT_EQ(f.payments.size(), 1u);
  EXPECT_TRUE(HasIssue(f, 1, "451", "NAK")) << Issues(f);
  EXPECT_TRUE(HasIssue(f, 21, "451", "without a readable {451:0}")) << Issues(f);
}

TEST(Mt103Rules, MissingOrUnreadable32ASkipsTheMessage) {
  StatementFile missing = ReadMt103(":20:X\n:23B:CRED\n:50K:A\n:59:B\n:71A:SHA\n");
  EXPECT_TRUE(missing.payments.empty());
  EXPECT_TRUE(missing.issues.empty() == false);
  StatementFile jpy = ReadMt103(
      "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:X\n:23B:CRED\n"
      ":32A:240315JPY1000,5\n:50K:A\n:59:B\n:71A:SHA\n-}");
  EXPECT_TRUE(jpy.payments.empty());
  EXPECT_TRUE(HasIssue(jpy, 4, "32A", "has 1 decimals; JPY has 0")) << Issues(jpy);
  StatementFile date = ReadMt103(":20:X\n:23B:CRED\n:32A:240230EUR1,\n:50K:A\n:59:B\n:71A:SHA\n");
  EXPECT_TRUE(HasIssue(date, 3, "32A", "'240230' is not a calendar date")) << Issues(date);
}

TEST(Mt103Rules, BareMessageWithoutBlocksIsRead) {
  StatementFile f =
      ReadMt103(":20:X\r\n:23B:CRED\r\n:32A:240315EUR1,\r\n:50K:/1\r\nA\r\n:59:B\r\n:71A:SHA\r\n");
  ASSERT_EQ(f.payments.size(), 1u) << Issues(f);
  EXPECT_EQ(f.payments[0].ordering_account, "1");
  EXPECT_EQ(f.payments[0].beneficiary_name, "B");
  EXPECT_TRUE(f.issues.empty()) << Issues(f);
}

TEST(Mt103Rules, MalformedUetrAndMissingMandatoryFieldsAreReported) {
  StatementFile f = ReadMt103(
      "{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{3:{121:not-a-uuid}}{4:\n"
      ":20:X\n:32A:240315EUR1,\n-}");
  ASSERT_EQ(f.payments.size(), 1u);
  EXPECT_EQ(f.payments[0].uetr, "");
  EXPECT_TRUE(HasIssue(f, 1, "121", "is not a UUID")) << Issues(f);
  for (const char* tag : {"23B", "50a", "59a", "71A"}) {
    EXPECT_TRUE(HasIssue(f, 1, tag, "missing")) << tag << "\n" << Issues(f);
  }
}

TEST(Mt103Rules, BlocksThatNeverCloseAndOverlongFieldsAreIssuesNotCrashes) {
  SwiftReadOptions small;
  small.max_field_bytes = 40;
  StatementFile f = ReadMt103(std::string(kMessage) + "{1:F01BANKBEBBAXXX00", small);
  ASSERT_EQ(f.payments.size(), 1u) << Issues(f);
  EXPECT_TRUE(HasIssue(f, 6, "50F", "over the limit of 40")) << Issues(f);
  EXPECT_TRUE(HasIssue(f, 1, "50a", "missing")) << Issues(f);
  EXPECT_TRUE(HasIssue(f, 21, "block 1", "never closes")) << Issues(f);
  StatementFile text = ReadMt103("{1:F01BANKBEBBAXXX0000000000}{2:I103BANKDEFFXXXXN}{4:\n:20:X\n");
  EXPECT_TRUE(HasIssue(text, 1, "block 4", "never ends")) << Issues(text);
}

}  // namespace
}  // namespace moneytrail::ingest::bank
