#include "engine/storage/record_codec.h"

#include <gtest/gtest.h>

#include <string>

namespace moneytrail::storage {
namespace {

Transaction SampleTransaction() {
  Transaction tx;
  tx.tx_id = "T-1";
  tx.timestamp = Timestamp{123};
  tx.seq = 9;
  tx.from_account = "ES76 2077";
  tx.to_account = "CASH";
  tx.amount = Amount{-150, *Currency::FromCode("JPY")};
  tx.base_minor = -95;
  tx.channel = "wire";
  tx.reference = "ref \"quoted\", with comma";
  tx.end_to_end_id = "E2E";
  tx.uetr = "9a0b1c2d-0000-4000-8000-000000000000";
  tx.attributes = {
      {"memo", "Zahlung für Müller"}, {"", "empty name"}, {"nul", std::string("a\0b", 3)}};
  tx.provenance = {4'000'000'000u, 1'234'567'890'123ull};
  return tx;
}

TEST(RecordCodecTest, TransactionRoundTripsEverythingButKeyFields) {
  Transaction tx = SampleTransaction();
  std::string bytes;
  EncodeTransaction(tx, &bytes);
  Transaction back;
  ASSERT_TRUE(DecodeTransaction(bytes, &back).ok());
  EXPECT_TRUE(back.SameContent(Transaction{tx.tx_id,
                                           back.timestamp,
                                           0,
                                           tx.from_account,
                                           tx.to_account,
                                           tx.amount,
                                           tx.base_minor,
                                           tx.channel,
                                           tx.reference,
                                           tx.end_to_end_id,
                                           tx.uetr,
                                           tx.attributes,
                                           {}}));
  EXPECT_EQ(back.amount.currency.code(), "JPY");
  EXPECT_EQ(back.amount.minor_units, -150);
  EXPECT_EQ(back.provenance, tx.provenance);
  EXPECT_EQ(back.attributes, tx.attributes);
  // Timestamp and seq live in the key, not the value.
  EXPECT_EQ(back.timestamp, Timestamp{});
  EXPECT_EQ(back.seq, 0u);
}

TEST(RecordCodecTest, EmptyTransactionRoundTrips) {
  Transaction tx;
  std::string bytes;
  EncodeTransaction(tx, &bytes);
  Transaction back;
  ASSERT_TRUE(DecodeTransaction(bytes, &back).ok());
  EXPECT_TRUE(back.SameContent(tx));
}

TEST(RecordCodecTest, AccountRoundTrips) {
  Account a{"ACC-1",      "P-1", "Ana Pérez", "CAIXESBBXXX",          "ES",   "USD", "100.50", 9312,
            "2020-01-01", "",    "bank",      {{"iban_check", "ok"}}, {3, 17}};
  std::string bytes;
  EncodeAccount(a, &bytes);
  Account back;
  ASSERT_TRUE(DecodeAccount(bytes, &back).ok());
  EXPECT_EQ(back, a);
}

TEST(RecordCodecTest, PartyRoundTrips) {
  Party p{"P-1",
          "Ana",
          "person",
          "X123",
          "+34 600",
          "a@example.org",
          "Calle 1",
          "dev-7",
          "ES",
          "1980-05-06",
          {{"alias", "La Jefa"}, {"alias2", ""}},
          {1, 2}};
  std::string bytes;
  EncodeParty(p, &bytes);
  Party back;
  ASSERT_TRUE(DecodeParty(bytes, &back).ok());
  EXPECT_EQ(back, p);
}

TEST(RecordCodecTest, AssetRoundTrips) {
  Asset a{"AS-1",
          "vehicle",
          "Black SUV",
          "P-1",
          "45000.00",
          "EUR",
          "REG-9",
          "T-7",
          "2024-03-02",
          "ACC-1",
          {{"plate", "1234 ABC"}},
          {5, 99}};
  std::string bytes;
  EncodeAsset(a, &bytes);
  Asset back;
  ASSERT_TRUE(DecodeAsset(bytes, &back).ok());
  EXPECT_EQ(back, a);
}

TEST(RecordCodecTest, CaseRoundTripsWithSeeds) {
  Case c{"K-1",
         "Kidnapping",
         "2024-03-01",
         "MX",
         {{"T-1", "", ""}, {"T-7", "5000.00", "V2"}},
         {{"notes", "[1,2]"}},
         {2, 1}};
  std::string bytes;
  EncodeCase(c, &bytes);
  Case back;
  ASSERT_TRUE(DecodeCase(bytes, &back).ok());
  EXPECT_EQ(back, c);
}

TEST(RecordCodecTest, SourceFileRoundTripsEveryField) {
  SourceFile s;
  s.source_id = 7;
  s.name = "ledger.csv";
  s.size = 1ull << 40;
  s.sha256 = std::string(64, 'a');
  s.loaded_at = "2024-03-01T10:00:00Z";
  s.kind = RecordKind::kFxRates;
  s.origin = "Bank X";
  s.handling = Handling::kIntelligence;
  s.consent = true;
  s.complete = true;
  s.loaded = 1;
  s.duplicates = 2;
  s.conflicts = 3;
  s.rejected = 4;
  s.resume_line = 5;
  s.resume_offset = 6;
  std::string bytes;
  EncodeSourceFile(s, &bytes);
  SourceFile b;
  ASSERT_TRUE(DecodeSourceFile(bytes, &b).ok());
  EXPECT_EQ(b.source_id, s.source_id);
  EXPECT_EQ(b.name, s.name);
  EXPECT_EQ(b.size, s.size);
  EXPECT_EQ(b.sha256, s.sha256);
  EXPECT_EQ(b.loaded_at, s.loaded_at);
  EXPECT_EQ(b.kind, s.kind);
  EXPECT_EQ(b.origin, s.origin);
  EXPECT_EQ(b.handling, s.handling);
  EXPECT_EQ(b.consent, s.consent);
  EXPECT_EQ(b.complete, s.complete);
  EXPECT_EQ(b.loaded, 1u);
  EXPECT_EQ(b.duplicates, 2u);
  EXPECT_EQ(b.conflicts, 3u);
  EXPECT_EQ(b.rejected, 4u);
  EXPECT_EQ(b.resume_line, 5u);
  EXPECT_EQ(b.resume_offset, 6u);
}

TEST(RecordCodecTest, EveryTruncationIsCorruptionNotACrash) {
  Transaction tx = SampleTransaction();
  std::string bytes;
  EncodeTransaction(tx, &bytes);
  for (size_t n = 0; n < bytes.size(); ++n) {
    Transaction back;
    Status s = DecodeTransaction(std::string_view(bytes).substr(0, n), &back);
    EXPECT_EQ(s.code(), StatusCode::kCorruption) << "prefix of " << n << " bytes";
  }
  Account a{"ACC-1", "", "", "", "", "", "", 0, "", "", "", {{"k", "v"}}, {1, 1}};
  std::string abytes;
  EncodeAccount(a, &abytes);
  for (size_t n = 0; n < abytes.size(); ++n) {
    Account back;
    EXPECT_EQ(DecodeAccount(std::string_view(abytes).substr(0, n), &back).code(),
              StatusCode::kCorruption);
  }
}

TEST(RecordCodecTest, TrailingBytesAreCorruption) {
  Party p;
  p.party_id = "P";
  std::string bytes;
  EncodeParty(p, &bytes);
  bytes += "x";
  Party back;
  EXPECT_EQ(DecodeParty(bytes, &back).code(), StatusCode::kCorruption);
}

TEST(RecordCodecTest, UnknownStoredCurrencyIsCorruption) {
  Transaction tx = SampleTransaction();
  std::string bytes;
  EncodeTransaction(tx, &bytes);
  size_t at = bytes.find("JPY");
  ASSERT_NE(at, std::string::npos);
  bytes.replace(at, 3, "QQQ");
  Transaction back;
  EXPECT_EQ(DecodeTransaction(bytes, &back).code(), StatusCode::kCorruption);
}

TEST(RecordCodecTest, SourceFileWithUnknownKindIsCorruption) {
  SourceFile s;
  std::string bytes;
  EncodeSourceFile(s, &bytes);
  // Byte layout: id, 4 strings (1 byte each when empty), size, kind.
  ASSERT_GT(bytes.size(), 6u);
  bytes[6] = 42;
  SourceFile back;
  EXPECT_EQ(DecodeSourceFile(bytes, &back).code(), StatusCode::kCorruption);
}

}  // namespace
}  // namespace moneytrail::storage
