#include "ingest/json_records.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace moneytrail::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(ParseFlatObjectTest, KeepsNumbersAsTheirLiteralText) {
  std::vector<std::string> keys, values;
  std::string error;
  ASSERT_TRUE(ParseFlatObject(
      R"({"a":"x","b":0.10,"c":12,"d":-3,"e":true,"f":null,"g":1.5e2,"h":18446744073709551615})",
      &keys, &values, &error))
      << error;
  EXPECT_THAT(keys, ElementsAre("a", "b", "c", "d", "e", "f", "g", "h"));
  EXPECT_THAT(values,
              ElementsAre("x", "0.10", "12", "-3", "true", "", "1.5e2", "18446744073709551615"));
}

TEST(ParseFlatObjectTest, NumberOutOfRangeIsRefusedNotMadeInfinite) {
  std::vector<std::string> keys, values;
  std::string error;
  EXPECT_FALSE(ParseFlatObject(R"({"amount":1E999})", &keys, &values, &error));
  EXPECT_THAT(error, HasSubstr("out of range"));
}

TEST(ParseFlatObjectTest, NonObjectsAndNestingAreRefusedWithAReason) {
  std::vector<std::string> keys, values;
  for (const char* text : {"[1,2]", "42", "\"text\"", "", "   ", "null"}) {
    std::string error;
    EXPECT_FALSE(ParseFlatObject(text, &keys, &values, &error)) << text;
    EXPECT_THAT(error, HasSubstr("object")) << text;
  }
  std::string error;
  EXPECT_FALSE(ParseFlatObject(R"({"a":{"b":1}})", &keys, &values, &error));
  EXPECT_THAT(error, HasSubstr("'a' has a nested object"));
  EXPECT_FALSE(ParseFlatObject(R"({"a":[1]})", &keys, &values, &error));
  EXPECT_THAT(error, HasSubstr("'a' has a nested array"));
  error.clear();
  EXPECT_FALSE(ParseFlatObject(R"({"a":1)", &keys, &values, &error));
  EXPECT_THAT(error, HasSubstr("not valid JSON"));
  error.clear();
  EXPECT_FALSE(ParseFlatObject(R"({"a":1} {"b":2})", &keys, &values, &error));
  EXPECT_FALSE(error.empty());
}

TEST(CasesDocumentTest, RecognisesACasesDocumentByItsFirstKey) {
  EXPECT_TRUE(LooksLikeCasesDocument(" \n{\n  \"cases\": []}"));
  EXPECT_FALSE(LooksLikeCasesDocument(R"({"case_id":"K"})"));
  EXPECT_FALSE(LooksLikeCasesDocument("[]"));
}

TEST(CasesDocumentTest, SplitsElementsWithTheirLinesAndRawText) {
  std::string doc =
      "{\"cases\": [\n"
      "  {\"case_id\": \"K-1\", \"seeds\": [{\"tx_id\": \"T-1\"}]},\n"
      "  {\"case_id\": \"K-2\",\n"
      "   \"title\": \"a } in a string\", \"seeds\": [{\"tx_id\": \"T-2\"}]},\n"
      "  42\n"
      "]}\n";
  auto elements = SplitCasesDocument(doc, "cases.json");
  ASSERT_TRUE(elements.ok()) << elements.status().ToString();
  ASSERT_EQ(elements->size(), 3u);
  EXPECT_EQ((*elements)[0].line, 2u);
  EXPECT_EQ((*elements)[0].raw, R"({"case_id": "K-1", "seeds": [{"tx_id": "T-1"}]})");
  EXPECT_EQ((*elements)[1].line, 3u);
  EXPECT_THAT(std::string((*elements)[1].raw), HasSubstr("a } in a string"));
  EXPECT_EQ((*elements)[2].line, 5u);
}

TEST(CasesDocumentTest, InvalidOrWrongDocumentIsADataError) {
  auto bad = SplitCasesDocument("{\"cases\": [", "c.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kDataError);
  EXPECT_THAT(bad.status().message(), HasSubstr("c.json"));
  auto wrong = SplitCasesDocument(R"({"cases": 3})", "c.json");
  ASSERT_FALSE(wrong.ok());
  EXPECT_THAT(wrong.status().message(), HasSubstr("c.json:1"));
  auto huge = SplitCasesDocument(R"({"cases": [1E999]})", "c.json");
  EXPECT_FALSE(huge.ok());
}

TEST(ParseCaseTest, ReadsSeedsAndKeepsOtherKeys) {
  Case c;
  std::string field, reason;
  ASSERT_TRUE(ParseCase(
      R"({"case_id":"K-1","title":"t","opened":"2024-03-01","jurisdiction":"MX","seeds":[{"tx_id":"T-1"},{"tx_id":"T-7","amount":"5000.00","claimant":"V2"},{"tx_id":"T-8","amount":12.5}],"notes":{"a":1}})",
      &c, &field, &reason))
      << field << ": " << reason;
  EXPECT_EQ(c.case_id, "K-1");
  ASSERT_EQ(c.seeds.size(), 3u);
  EXPECT_EQ(c.seeds[1].amount, "5000.00");
  EXPECT_EQ(c.seeds[1].claimant, "V2");
  EXPECT_EQ(c.seeds[2].amount, "12.5");
  ASSERT_EQ(c.attributes.size(), 1u);
  EXPECT_EQ(c.attributes[0].first, "notes");
  EXPECT_EQ(c.attributes[0].second, R"({"a":1})");
}

TEST(ParseCaseTest, NamesTheFieldOfEveryMistake) {
  struct Bad {
    const char* json;
    const char* field;
  };
  for (const Bad& b :
       {Bad{R"({"seeds":[{"tx_id":"T"}]})", "case_id"}, Bad{R"({"case_id":"K"})", "seeds"},
        Bad{R"({"case_id":"K","seeds":[]})", "seeds"},
        Bad{R"({"case_id":"K","seeds":[{}]})", "seeds[0].tx_id"},
        Bad{R"({"case_id":"K","seeds":[{"tx_id":"T"},{"tx_id":"U","amount":"-1"}]})",
            "seeds[1].amount"},
        Bad{R"({"case_id":"K","seeds":[{"tx_id":"T","amount":"0"}]})", "seeds[0].amount"},
        Bad{R"({"case_id":"K","opened":"2024-02-30","seeds":[{"tx_id":"T"}]})", "opened"},
        Bad{R"({"case_id":7,"seeds":[{"tx_id":"T"}]})", "case_id"}, Bad{R"([1])", "case"},
        Bad{R"({"case_id":)", "case"}}) {
    Case c;
    std::string field, reason;
    EXPECT_FALSE(ParseCase(b.json, &c, &field, &reason)) << b.json;
    EXPECT_EQ(field, b.field) << b.json;
    EXPECT_FALSE(reason.empty()) << b.json;
  }
}

}  // namespace
}  // namespace moneytrail::ingest
