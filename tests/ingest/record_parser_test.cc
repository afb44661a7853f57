#include "ingest/record_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace moneytrail::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::vector<std::string> H(std::initializer_list<const char*> names) {
  return std::vector<std::string>(names.begin(), names.end());
}

std::vector<std::string_view> F(const std::vector<std::string>& fields) {
  return std::vector<std::string_view>(fields.begin(), fields.end());
}

const std::vector<std::string> kTxHeader =
    H({"tx_id", "timestamp", "from_account", "to_account", "amount", "currency"});

TEST(InferKindTest, NamesTheKindOfEveryHeaderOfOurs) {
  EXPECT_EQ(InferKind(kTxHeader), RecordKind::kTransactions);
  EXPECT_EQ(InferKind(H({"account_id", "holder_id"})), RecordKind::kAccounts);
  EXPECT_EQ(InferKind(H({"party_id", "name"})), RecordKind::kParties);
  EXPECT_EQ(InferKind(H({"asset_id", "kind", "description", "account_id"})), RecordKind::kAssets);
  EXPECT_EQ(InferKind(H({"date", "currency", "rate"})), RecordKind::kFxRates);
  EXPECT_EQ(InferKind(H({"Date", "USD", "JPY", ""})), RecordKind::kFxRates);
  EXPECT_EQ(InferKind(H({"id", "when", "what"})), std::nullopt);
  EXPECT_EQ(InferKind(H({})), std::nullopt);
}

TEST(InferKindTest, EcbHeaderAllowsOnlyTheTrailingEmptyColumn) {
  EXPECT_TRUE(IsEcbHeader(H({"Date", "USD", ""})));
  EXPECT_FALSE(IsEcbHeader(H({"Date", "", "USD"})));
  EXPECT_FALSE(IsEcbHeader(H({"Date"})));
  EXPECT_FALSE(IsEcbHeader(H({"date", "USD"})));
  EXPECT_FALSE(IsEcbHeader(H({"Date", "Dollar"})));
}

TEST(RowParserTest, MissingRequiredColumnNamesItAndTheFile) {
  auto p = RowParser::ForHeader(RecordKind::kTransactions,
                                H({"tx_id", "timestamp", "from_account", "to_account", "amount"}),
                                "ledger.csv");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.status().code(), StatusCode::kDataError);
  EXPECT_THAT(p.status().message(),
              HasSubstr("ledger.csv:1: header: missing required column 'currency'"));
}

TEST(RowParserTest, DuplicateAndUnnamedColumnsAreRefused) {
  auto twice = RowParser::ForHeader(RecordKind::kParties, H({"party_id", "name", "name"}), "p.csv");
  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.status().message(), HasSubstr("'name' appears twice"));
  auto unnamed = RowParser::ForHeader(RecordKind::kParties, H({"party_id", "", "name"}), "p.csv");
  ASSERT_FALSE(unnamed.ok());
  EXPECT_THAT(unnamed.status().message(), HasSubstr("column 2 has no name"));
}

TEST(RowParserTest, ParsesATransactionInAnyColumnOrderKeepingUnknownColumns) {
  auto p = RowParser::ForHeader(RecordKind::kTransactions,
                                H({"memo", "currency", "amount", "to_account", "tx_id", "branch",
                                   "from_account", "timestamp", "uetr"}),
                                "t.csv");
  ASSERT_TRUE(p.ok());
  std::vector<std::string> row = {
      "rent", "EUR", "1234.56", "B", "T-1", "7", "A", "2024-03-01T11:15:00+01:00", "u-1"};
  Transaction tx;
  FieldError e;
  ParseContext ctx{*Currency::FromCode("EUR"), nullptr};
  ASSERT_TRUE(p->ParseTransaction(F(row), ctx, &tx, &e)) << e.field << ": " << e.reason;
  EXPECT_EQ(tx.tx_id, "T-1");
  EXPECT_EQ(FormatTimestamp(tx.timestamp), "2024-03-01T10:15:00Z");
  EXPECT_EQ(tx.from_account, "A");
  EXPECT_EQ(tx.to_account, "B");
  EXPECT_EQ(tx.amount.minor_units, 123456);
  EXPECT_EQ(tx.base_minor, 123456);
  EXPECT_EQ(tx.uetr, "u-1");
  EXPECT_THAT(tx.attributes, ElementsAre(Pair("memo", "rent"), Pair("branch", "7")));
}

TEST(RowParserTest, BothSidesCashIsRefused) {
  auto p = RowParser::ForHeader(RecordKind::kTransactions, kTxHeader, "t.csv");
  ASSERT_TRUE(p.ok());
  std::vector<std::string> row = {"T-1", "2024-03-01", "CASH", "", "5", "EUR"};
  Transaction tx;
  FieldError e;
  EXPECT_FALSE(p->ParseTransaction(F(row), {*Currency::FromCode("EUR"), nullptr}, &tx, &e));
  EXPECT_EQ(e.field, "to_account");
}

TEST(RowParserTest, ForeignCurrencyConvertsAtTheRateOfItsDate) {
  auto p = RowParser::ForHeader(RecordKind::kTransactions, kTxHeader, "t.csv");
  ASSERT_TRUE(p.ok());
  storage::FxTable fx;
  fx.Add(FxRate{"USD", *ParseDate("2024-03-01"), *ParseRate("1.25")});
  fx.Add(FxRate{"USD", *ParseDate("2024-03-05"), *ParseRate("2")});
  ParseContext ctx{*Currency::FromCode("EUR"), &fx};
  Transaction tx;
  FieldError e;
  std::vector<std::string> row = {"T-1", "2024-03-04T23:59:59Z", "A", "B", "100.00", "USD"};
  ASSERT_TRUE(p->ParseTransaction(F(row), ctx, &tx, &e)) << e.reason;
  EXPECT_EQ(tx.base_minor, 8000);
  EXPECT_EQ(tx.amount.minor_units, 10000);
  row[1] = "2024-03-05";
  ASSERT_TRUE(p->ParseTransaction(F(row), ctx, &tx, &e));
  EXPECT_EQ(tx.base_minor, 5000);
}

TEST(RowParserTest, MissingRateNamesTheCurrencyAndTheDate) {
  auto p = RowParser::ForHeader(RecordKind::kTransactions, kTxHeader, "t.csv");
  ASSERT_TRUE(p.ok());
  storage::FxTable fx;
  fx.Add(FxRate{"USD", *ParseDate("2024-03-02"), *ParseRate("1.25")});
  ParseContext ctx{*Currency::FromCode("EUR"), &fx};
  Transaction tx;
  FieldError e;
  std::vector<std::string> row = {"T-1", "2024-03-01T10:00:00Z", "A", "B", "100.00", "USD"};
  ASSERT_FALSE(p->ParseTransaction(F(row), ctx, &tx, &e));
  EXPECT_EQ(e.field, "currency");
  EXPECT_THAT(e.reason, HasSubstr("USD"));
  EXPECT_THAT(e.reason, HasSubstr("2024-03-01"));
}

TEST(RowParserTest, AccountCountryAndCurrencyAreChecked) {
  auto p = RowParser::ForHeader(RecordKind::kAccounts,
                                H({"account_id", "country", "currency", "opening_balance", "x"}),
                                "a.csv");
  ASSERT_TRUE(p.ok());
  ParseContext ctx{*Currency::FromCode("EUR"), nullptr};
  Account a;
  FieldError e;
  std::vector<std::string> ok = {"ACC-1", "ES", "", "10.50", "kept"};
  ASSERT_TRUE(p->ParseAccount(F(ok), ctx, &a, &e)) << e.reason;
  EXPECT_EQ(a.opening_balance_base, 1050);
  EXPECT_THAT(a.attributes, ElementsAre(Pair("x", "kept")));
  std::vector<std::string> bad_country = {"ACC-1", "Spain", "", "", ""};
  EXPECT_FALSE(p->ParseAccount(F(bad_country), ctx, &a, &e));
  EXPECT_EQ(e.field, "country");
  std::vector<std::string> bad_currency = {"ACC-1", "ES", "QQQ", "", ""};
  EXPECT_FALSE(p->ParseAccount(F(bad_currency), ctx, &a, &e));
  EXPECT_EQ(e.field, "currency");
  std::vector<std::string> cash = {"CASH", "", "", "", ""};
  EXPECT_FALSE(p->ParseAccount(F(cash), ctx, &a, &e));
  EXPECT_EQ(e.field, "account_id");
}

TEST(RowParserTest, PartyAndAssetRequiredFieldsAreChecked) {
  auto party =
      RowParser::ForHeader(RecordKind::kParties, H({"party_id", "name", "birth_date"}), "p");
  ASSERT_TRUE(party.ok());
  Party p;
  FieldError e;
  EXPECT_TRUE(party->ParseParty(F({"P-1", "Ana", "1980-02-29"}), &p, &e));
  EXPECT_FALSE(party->ParseParty(F({"P-1", "", ""}), &p, &e));
  EXPECT_EQ(e.field, "name");
  EXPECT_FALSE(party->ParseParty(F({"P-1", "Ana", "1981-02-29"}), &p, &e));
  EXPECT_EQ(e.field, "birth_date");

  auto asset = RowParser::ForHeader(RecordKind::kAssets,
                                    H({"asset_id", "kind", "description", "value"}), "a");
  ASSERT_TRUE(asset.ok());
  ParseContext ctx{*Currency::FromCode("EUR"), nullptr};
  Asset a;
  EXPECT_TRUE(asset->ParseAsset(F({"AS-1", "vehicle", "car", "100.00"}), ctx, &a, &e));
  EXPECT_FALSE(asset->ParseAsset(F({"AS-1", "yacht", "boat", ""}), ctx, &a, &e));
  EXPECT_EQ(e.field, "kind");
  EXPECT_FALSE(asset->ParseAsset(F({"AS-1", "vehicle", "car", "1,5"}), ctx, &a, &e));
  EXPECT_EQ(e.field, "value");
}

TEST(RowParserTest, EcbRowSkipsGapsAndTheTrailingColumn) {
  auto h = H({"Date", "USD", "CYP", "JPY", ""});
  auto p = RowParser::ForHeader(RecordKind::kFxRates, h, "ecb.csv");
  ASSERT_TRUE(p.ok());
  std::vector<FxRate> rates;
  FieldError e;
  ASSERT_TRUE(p->ParseFxRates(F({"2025-05-09", "1.1252", "N/A", "163.36", ""}), &rates, &e));
  ASSERT_EQ(rates.size(), 2u);
  EXPECT_EQ(rates[0].currency, "USD");
  EXPECT_EQ(rates[0].rate, *ParseRate("1.1252"));
  EXPECT_EQ(rates[1].currency, "JPY");
  EXPECT_EQ(FormatDate(rates[1].date), "2025-05-09");
  EXPECT_FALSE(p->ParseFxRates(F({"2025-05-09", "1,1252", "", "", ""}), &rates, &e));
  EXPECT_EQ(e.field, "USD");
}

TEST(RowParserTest, PlainFxRowsAreChecked) {
  auto p = RowParser::ForHeader(RecordKind::kFxRates, H({"date", "currency", "rate"}), "fx.csv");
  ASSERT_TRUE(p.ok());
  std::vector<FxRate> rates;
  FieldError e;
  ASSERT_TRUE(p->ParseFxRates(F({"2024-03-01", "USD", "1.08"}), &rates, &e));
  ASSERT_EQ(rates.size(), 1u);
  EXPECT_FALSE(p->ParseFxRates(F({"2024-03-01", "USD", "0"}), &rates, &e));
  EXPECT_EQ(e.field, "rate");
  EXPECT_FALSE(p->ParseFxRates(F({"2024-02-30", "USD", "1"}), &rates, &e));
  EXPECT_EQ(e.field, "date");
  EXPECT_FALSE(p->ParseFxRates(F({"2024-03-01", "QQQ", "1"}), &rates, &e));
  EXPECT_EQ(e.field, "currency");
}

}  // namespace
}  // namespace moneytrail::ingest
