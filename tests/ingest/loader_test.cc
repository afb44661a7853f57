#include "ingest/loader.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "engine/core/sha256.h"
#include "tests/ingest/loader_fixture.h"
#include "tests/testing/paths.h"

namespace moneytrail::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

using LoaderTest = LoaderFixture;

std::string Ledger(int rows, int first = 1) {
  std::string s = std::string(kTxHeader) + "\n";
  for (int i = first; i < first + rows; ++i) s += GoodRow(i) + "\n";
  return s;
}

TEST_F(LoaderTest, EveryRecordKeepsItsSourceAndLine) {
  std::string bytes =
      std::string(kTxHeader) + ",memo\n" + GoodRow(1) + ",\"two\nlines\"\n" + GoodRow(2) + ",x\n";
  LoadReport r = LoadOk("ledger.csv", bytes);
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.source_id, 1u);
  EXPECT_EQ(r.sha256, Sha256::Of(bytes));
  ASSERT_TRUE(Tx("T-1") && Tx("T-2"));
  EXPECT_EQ(Tx("T-1")->provenance, (Provenance{1, 2}));
  EXPECT_EQ(Tx("T-2")->provenance, (Provenance{1, 4}));
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 1u);
  const SourceFile& s = (*sources)[0];
  EXPECT_EQ(s.name, "ledger.csv");
  EXPECT_EQ(s.size, bytes.size());
  EXPECT_EQ(s.sha256, Sha256::Of(bytes));
  EXPECT_EQ(s.kind, RecordKind::kTransactions);
  EXPECT_TRUE(s.complete);
  EXPECT_EQ(s.loaded, 2u);
  EXPECT_FALSE(s.loaded_at.empty());
}

TEST_F(LoaderTest, SecondFileGetsTheNextSourceIdAndLaterSequences) {
  LoadOk("a.csv", Ledger(2, 1));
  LoadReport r = LoadOk("b.csv", Ledger(2, 3));
  EXPECT_EQ(r.source_id, 2u);
  EXPECT_EQ(Tx("T-3")->provenance.source_id, 2u);
  EXPECT_GT(Tx("T-3")->seq, Tx("T-2")->seq);
  EXPECT_GT(Tx("T-2")->seq, Tx("T-1")->seq);
}

TEST_F(LoaderTest, UnknownColumnsAreKeptAsAttributesInInputOrder) {
  LoadReport r = LoadOk("ledger.csv",
                        "branch,amount,tx_id,currency,timestamp,from_account,to_account,memo\n"
                        "7,5.00,T-1,EUR,2024-03-01,A1,A2,\"rent, March\"\n");
  EXPECT_EQ(r.loaded, 1u);
  ASSERT_TRUE(Tx("T-1"));
  EXPECT_THAT(Tx("T-1")->attributes, ElementsAre(Pair("branch", "7"), Pair("memo", "rent, March")));
  EXPECT_EQ(Tx("T-1")->amount.minor_units, 500);
}

TEST_F(LoaderTest, OptionalColumnsAreReadIntoTheirFields) {
  LoadOk("ledger.csv", std::string(kTxHeader) + ",channel,reference,end_to_end_id,uetr\n" +
                           GoodRow(1) + ",wire,INV-9,E2E-1,u-1\n");
  auto tx = Tx("T-1");
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->channel, "wire");
  EXPECT_EQ(tx->reference, "INV-9");
  EXPECT_EQ(tx->end_to_end_id, "E2E-1");
  EXPECT_EQ(tx->uetr, "u-1");
  EXPECT_TRUE(tx->attributes.empty());
}

TEST_F(LoaderTest, ReloadingTheSameFileCountsDuplicatesAndChangesNothing) {
  LoadOk("ledger.csv", Ledger(3));
  std::string before = *store_->Fingerprint();
  LoadReport again = LoadOk("ledger.csv", Ledger(3));
  EXPECT_TRUE(again.already_loaded);
  EXPECT_EQ(again.loaded, 0u);
  EXPECT_EQ(again.duplicates, 3u);
  EXPECT_EQ(again.conflicts, 0u);
  EXPECT_EQ(*store_->Fingerprint(), before);
  EXPECT_EQ(store_->ListSources()->size(), 1u);
}

TEST_F(LoaderTest, OtherFileWithTheSameIdsCountsDuplicatesAndReportsConflicts) {
  LoadOk("a.csv", Ledger(2));
  const std::string changed = "T-2,2024-03-01T10:00:00Z,A1,A2,2.50,EUR";
  LoadReport r = LoadOk("b.csv", std::string(kTxHeader) + "\n" + GoodRow(1) + "\n" + changed +
                                     "\n" + GoodRow(9) + "\n");
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.duplicates, 1u);
  EXPECT_EQ(r.conflicts, 1u);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_THAT(r.messages[0], HasSubstr("b.csv:3: tx_id: conflict"));
  EXPECT_THAT(r.messages[0], HasSubstr("source #1 line 3"));
  EXPECT_THAT(r.messages[0], HasSubstr("amount"));
  auto rejects = testing::ReadRejects(r.rejects_path);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0]["record"], changed);
  EXPECT_EQ(Tx("T-2")->amount.minor_units, 200);  // the stored record wins
  EXPECT_EQ(Tx("T-2")->provenance.source_id, 1u);
}

TEST_F(LoaderTest, FxFileThenForeignAmountsConvertAtTheRateOfTheirDate) {
  LoadReport fx = LoadOk("fx.csv", "date,currency,rate\n2024-03-01,USD,1.25\n2024-03-04,USD,2\n");
  EXPECT_EQ(fx.kind, RecordKind::kFxRates);
  EXPECT_EQ(fx.loaded, 2u);
  LoadReport r = LoadOk("ledger.csv", std::string(kTxHeader) +
                                          "\nT-1,2024-03-03T23:00:00-02:00,A,B,100.00,USD\n"
                                          "T-2,2024-03-04,A,B,100.00,USD\n"
                                          "T-3,2024-02-29,A,B,100.00,USD\n");
  EXPECT_EQ(r.loaded, 2u);
  EXPECT_EQ(r.rejected, 1u);
  EXPECT_EQ(Tx("T-1")->base_minor, 5000);  // 01:00Z on 2024-03-04
  EXPECT_EQ(Tx("T-2")->base_minor, 5000);
  EXPECT_EQ(Tx("T-1")->amount.minor_units, 10000);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_THAT(r.messages[0],
              HasSubstr("ledger.csv:4: currency: no FX rate for USD on or before 2024-02-29"));
}

TEST_F(LoaderTest, ConflictingFxRateForTheSameDayKeepsTheFirst) {
  LoadOk("fx1.csv", "date,currency,rate\n2024-03-01,USD,1.25\n");
  LoadReport r =
      LoadOk("fx2.csv", "date,currency,rate\n2024-03-01,USD,1.25\n2024-03-01,USD,1.30\n");
  EXPECT_EQ(r.duplicates, 1u);
  EXPECT_EQ(r.conflicts, 1u);
  EXPECT_EQ(store_->LoadFxRates()->FindExact("USD", ParseDate("2024-03-01")->Day()),
            *ParseRate("1.25"));
}

TEST_F(LoaderTest, EcbHistoryFileIsAcceptedAsIs) {
  std::string path = testing::SharedDir() + "/data/fx/eurofxref-hist.csv";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "no ECB history at " << path << "; set MONEYTRAIL_SHARED to the shared dir";
  }
  auto r = Load(path, "eurofxref-hist.csv");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->kind, RecordKind::kFxRates);
  EXPECT_EQ(r->rejected, 0u) << (r->messages.empty() ? "" : r->messages[0]);
  EXPECT_EQ(r->conflicts, 0u);
  EXPECT_GT(r->loaded, 100'000u);
  auto fx = store_->LoadFxRates();
  ASSERT_TRUE(fx.ok());
  EXPECT_EQ(fx->size(), r->loaded);
  int64_t day = ParseDate("2025-05-09")->Day();
  EXPECT_EQ(fx->FindExact("USD", day), *ParseRate("1.1252"));
  EXPECT_EQ(fx->FindExact("JPY", day), *ParseRate("163.36"));
  EXPECT_EQ(fx->FindExact("CYP", day), std::nullopt);  // N/A is a gap
  // Saturday uses Friday's rate: 112.52 USD = 100.00 EUR.
  LoadReport tx = LoadOk("ledger.csv", std::string(kTxHeader) +
                                           "\nT-1,2025-05-10T12:00:00Z,A,B,112.52,USD\n"
                                           "T-2,2025-05-09,A,B,16336,JPY\n");
  EXPECT_EQ(tx.loaded, 2u) << (tx.messages.empty() ? "" : tx.messages[0]);
  EXPECT_EQ(Tx("T-1")->base_minor, 10000);
  EXPECT_EQ(Tx("T-2")->base_minor, 10000);
}

TEST_F(LoaderTest, AccountsPartiesAssetsAndCasesLoadWithTheirProvenance) {
  LoadReport a =
      LoadOk("accounts.csv",
             "account_id,holder_id,country,opening_balance,iban\nACC-1,P-1,ES,10.00,ES76\n");
  EXPECT_EQ(a.kind, RecordKind::kAccounts);
  LoadReport p = LoadOk("parties.csv", "party_id,name,phone\nP-1,Ana,+34 600\n");
  EXPECT_EQ(p.kind, RecordKind::kParties);
  LoadReport s = LoadOk("assets.csv", "asset_id,kind,description,owner_id\nAS-1,vehicle,car,P-1\n");
  EXPECT_EQ(s.kind, RecordKind::kAssets);
  LoadReport c =
      LoadOk("cases.json",
             "{\"cases\": [\n  {\"case_id\": \"K-1\", \"seeds\": [{\"tx_id\": \"T-1\"}]},\n"
             "  {\"case_id\": \"K-2\", \"seeds\": []}\n]}\n");
  EXPECT_EQ(c.kind, RecordKind::kCases);
  EXPECT_EQ(c.loaded, 1u);
  EXPECT_EQ(c.rejected, 1u);
  ASSERT_EQ(c.messages.size(), 1u);
  EXPECT_THAT(c.messages[0], HasSubstr("cases.json:3: seeds:"));
  auto account = store_->GetAccount("ACC-1");
  ASSERT_TRUE(account.ok() && account->has_value());
  EXPECT_EQ((*account)->opening_balance_base, 1000);
  EXPECT_THAT((*account)->attributes, ElementsAre(Pair("iban", "ES76")));
  EXPECT_EQ((*account)->provenance, (Provenance{a.source_id, 2}));
  EXPECT_EQ(store_->GetParty("P-1")->value().phone, "+34 600");
  EXPECT_EQ(store_->GetAsset("AS-1")->value().owner_id, "P-1");
  auto k = store_->GetCase("K-1");
  ASSERT_TRUE(k.ok() && k->has_value());
  EXPECT_EQ((*k)->provenance, (Provenance{c.source_id, 2}));
  auto rejects = testing::ReadRejects(c.rejects_path);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0]["record"], R"({"case_id": "K-2", "seeds": []})");
}

TEST_F(LoaderTest, KeyedRecordWithDifferentContentIsAConflictAndTheStoredOneWins) {
  LoadOk("p1.csv", "party_id,name\nP-1,Ana\n");
  LoadReport r = LoadOk("p2.csv", "party_id,name\nP-1,Ana\nP-1,Anna\n");
  EXPECT_EQ(r.duplicates, 1u);
  EXPECT_EQ(r.conflicts, 1u);
  EXPECT_EQ(store_->GetParty("P-1")->value().name, "Ana");
  auto rejects = testing::ReadRejects(r.rejects_path);
  ASSERT_EQ(rejects.size(), 1u);
  EXPECT_EQ(rejects[0]["line"], 3);
  EXPECT_EQ(rejects[0]["record"], "P-1,Anna");
}

TEST_F(LoaderTest, JsonLinesKeepExactDecimalsAndUnknownKeys) {
  LoadReport r = LoadOk(
      "ledger.jsonl",
      "\xEF\xBB\xBF"
      R"({"tx_id":"T-1","timestamp":"2024-03-01T10:00:00Z","from_account":"A1","to_account":"","amount":0.10,"currency":"EUR","note":"x","n":7})"
      "\r\n\n"
      R"({"tx_id":"T-2","timestamp":"2024-03-01","from_account":null,"to_account":"A1","amount":"1000","currency":"JPY"})"
      "\n");
  EXPECT_EQ(r.loaded, 1u);
  EXPECT_EQ(r.rejected, 1u);  // JPY has no rate in an EUR store
  ASSERT_TRUE(Tx("T-1"));
  EXPECT_EQ(Tx("T-1")->amount.minor_units, 10);
  EXPECT_THAT(Tx("T-1")->attributes, ElementsAre(Pair("note", "x"), Pair("n", "7")));
  EXPECT_EQ(Tx("T-1")->provenance.line, 1u);
  ASSERT_EQ(r.messages.size(), 1u);
  EXPECT_THAT(r.messages[0], HasSubstr("ledger.jsonl:3: currency: no FX rate for JPY"));
}

TEST_F(LoaderTest, ProvenanceOptionsAreRecordedWithTheSource) {
  LoadOptions o;
  o.origin = "FIU Y";
  o.handling = Handling::kIntelligence;
  o.consent = true;
  LoadOk("ledger.csv", Ledger(1), o);
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok() && sources->size() == 1);
  EXPECT_EQ((*sources)[0].origin, "FIU Y");
  EXPECT_EQ((*sources)[0].handling, Handling::kIntelligence);
  EXPECT_TRUE((*sources)[0].consent);
}

TEST_F(LoaderTest, RejectsGoToTheRequestedDirectory) {
  LoadOptions o;
  o.rejects_dir = dir_.Sub("rej");
  LoadReport r = LoadOk("ledger.csv", Ledger(1) + "T-2,bad,A,B,1,EUR\n", o);
  EXPECT_EQ(r.rejected, 1u);
  EXPECT_EQ(std::filesystem::path(r.rejects_path).parent_path(),
            std::filesystem::path(dir_.Sub("rej")));
  EXPECT_EQ(testing::ReadRejects(r.rejects_path).size(), 1u);
}

TEST_F(LoaderTest, SameBytesAsAnotherKindAreRefused) {
  std::string bytes = "party_id,name,account_id\nP-1,Ana,A\n";
  LoadOptions parties;
  parties.kind = RecordKind::kParties;
  LoadOk("x.csv", bytes, parties);
  LoadOptions accounts;
  accounts.kind = RecordKind::kAccounts;
  auto r = Load(Write("x.csv", bytes), "x.csv", accounts);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDataError);
  EXPECT_THAT(r.status().message(), HasSubstr("loaded before as parties"));
}

TEST_F(LoaderTest, MissingFileIsNotFound) {
  auto r = Load(dir_.Sub("nope.csv"), "nope.csv");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(r.status().ExitCode(), 66);
}

struct SimulatedCrash {};

// A load that dies after some committed batches resumes where the last one
// ended and ends with exactly the store a clean load gives.
TEST_F(LoaderTest, InterruptedLoadResumesAndEqualsACleanLoad) {
  std::string bytes = std::string(kTxHeader) + "\n";
  for (int i = 1; i <= 50; ++i) {
    bytes +=
        (i % 7 == 0) ? "T-" + std::to_string(i) + ",2024-02-30,A,B,1,EUR\n" : GoodRow(i) + "\n";
  }
  bytes += GoodRow(3) + "\n";  // a duplicate near the end
  std::string path = Write("ledger.csv", bytes);
  LoadOptions crashing;
  crashing.batch_records = 4;
  int calls = 0;
  crashing.progress = [&calls](uint64_t, uint64_t) {
    if (++calls == 5) throw SimulatedCrash();
  };
  EXPECT_THROW((void)Load(path, "ledger.csv", crashing), SimulatedCrash);
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok() && sources->size() == 1);
  EXPECT_FALSE((*sources)[0].complete);
  EXPECT_EQ((*sources)[0].loaded, 20u);
  ASSERT_GT((*sources)[0].resume_line, 2u);

  Reopen();
  LoadOptions resume;
  resume.batch_records = 4;
  auto r = Load(path, "ledger.csv", resume);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_GT(r->resumed_at_line, 2u);
  EXPECT_FALSE(r->already_loaded);
  EXPECT_EQ(r->loaded, 43u - 20u);
  EXPECT_EQ(r->duplicates, 1u);
  auto rejects = testing::ReadRejects(r->rejects_path);
  ASSERT_EQ(rejects.size(), 7u) << "each reject once, none lost, none twice";
  for (size_t i = 0; i < rejects.size(); ++i) EXPECT_EQ(rejects[i]["line"], 8 + 7 * i);

  auto clean_store = storage::Store::Open(dir_.Sub("clean"), storage::StoreOptions());
  ASSERT_TRUE(clean_store.ok());
  LoadOptions clean;
  clean.batch_records = 4;
  auto c = Loader(clean_store->get()).LoadFile(path, "ledger.csv", clean);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->loaded, 43u);
  EXPECT_EQ(*(*clean_store)->Fingerprint(), *store_->Fingerprint());
  EXPECT_EQ(TxCount(), 43u);
}

// The loader parses into one batch while the other commits, and reuses them:
// nothing a batch counted may carry over into the next.
TEST_F(LoaderTest, ReusedBatchesCountEachRowOnce) {
  std::string bytes = std::string(kTxHeader) + "\n";
  for (int i = 1; i <= 40; ++i) {
    bytes +=
        (i % 5 == 0) ? "T-" + std::to_string(i) + ",2024-02-30,A,B,1,EUR\n" : GoodRow(i) + "\n";
  }
  bytes += GoodRow(2) + "\n" + GoodRow(41) + "\n";  // a repeat of a row three batches back
  LoadOptions o;
  o.batch_records = 3;
  LoadReport r = LoadOk("ledger.csv", bytes, o);
  EXPECT_EQ(r.loaded, 33u);
  EXPECT_EQ(r.rejected, 8u);
  EXPECT_EQ(r.duplicates, 1u);
  EXPECT_EQ(r.conflicts, 0u);
  EXPECT_EQ(testing::ReadRejects(r.rejects_path).size(), 8u);
  auto sources = store_->ListSources();
  ASSERT_TRUE(sources.ok() && sources->size() == 1);
  EXPECT_EQ((*sources)[0].loaded, 33u);
  EXPECT_EQ((*sources)[0].rejected, 8u);
  EXPECT_EQ((*sources)[0].duplicates, 1u);
  EXPECT_EQ(TxCount(), 33u);
}

TEST_F(LoaderTest, SmallReusedBatchesStoreWhatOneBatchStores) {
  // With small batches, each is sealed (its repeats found) while the one
  // before commits, and a committed batch is refilled. The store and the
  // report must be those of a load in one batch.
  std::string bytes = std::string(kTxHeader) + "\n";
  for (int i = 1; i <= 30; ++i) {
    bytes += GoodRow(i) + "\n";
    if (i == 3) bytes += GoodRow(3) + "\n";                               // same batch, same
    if (i == 6) bytes += "T-6,2024-03-01T10:00:00Z,A1,A9,6.00,EUR\n";     // same batch, other
    if (i == 20) bytes += GoodRow(2) + "\n";                              // batches back, same
    if (i == 25) bytes += "T-11,2024-03-01T10:00:00Z,A1,A2,99.00,EUR\n";  // batches back, other
  }
  LoadOptions small;
  small.batch_records = 4;
  LoadReport in_small = LoadOk("ledger.csv", bytes, small);
  auto other = storage::Store::Open(dir_.Sub("db-one-batch"), storage::StoreOptions());
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  auto in_one = Loader(other->get()).LoadFile(dir_.Sub("ledger.csv"), "ledger.csv", {});
  ASSERT_TRUE(in_one.ok()) << in_one.status().ToString();

  EXPECT_EQ(in_small.loaded, 30u);
  EXPECT_EQ(in_small.duplicates, 2u);
  EXPECT_EQ(in_small.conflicts, 2u);
  EXPECT_EQ(in_one->loaded, in_small.loaded);
  EXPECT_EQ(in_one->duplicates, in_small.duplicates);
  EXPECT_EQ(in_one->conflicts, in_small.conflicts);
  // The same conflicts, worded by where the first read was found: this
  // batch, or the store (an earlier batch).
  for (const LoadReport* r : {&in_small, &*in_one}) {
    ASSERT_EQ(r->messages.size(), 2u);
    EXPECT_THAT(r->messages[0], HasSubstr("ledger.csv:9: tx_id: conflict: tx_id 'T-6' already read "
                                          "at line 8 with a different to_account"));
    EXPECT_THAT(r->messages[1], HasSubstr("ledger.csv:30: tx_id: conflict: tx_id 'T-11'"));
  }
  EXPECT_THAT(in_one->messages[1], HasSubstr("already read at line 14"));
  EXPECT_THAT(in_small.messages[1], HasSubstr("is stored (source #1 line 14)"));
  EXPECT_EQ(Tx("T-6")->to_account, "A2");  // the first read is kept
  EXPECT_EQ(Tx("T-11")->amount.minor_units, 1100);
  EXPECT_EQ(TxCount(), 30u);
  EXPECT_EQ(*store_->Fingerprint(), *(*other)->Fingerprint());
}

TEST(AutoBatchRecordsTest, ATenthOfTheRowsBetweenTheBounds) {
  constexpr uint64_t kRow = 120;  // bytes a row, as AutoBatchRecords() reckons
  EXPECT_EQ(AutoBatchRecords(0), 100'000u);
  EXPECT_EQ(AutoBatchRecords(1'000'000 * kRow), 100'000u);
  EXPECT_EQ(AutoBatchRecords(3'000'000 * kRow), 300'000u);
  EXPECT_EQ(AutoBatchRecords(5'000'000 * kRow), 500'000u);
  EXPECT_EQ(AutoBatchRecords(100'000'000 * kRow), 500'000u);
}

TEST_F(LoaderTest, DetectKindReadsTheHeaderOnly) {
  EXPECT_EQ(*DetectKind(Write("t.csv", Ledger(1)), "t.csv"), RecordKind::kTransactions);
  EXPECT_EQ(*DetectKind(Write("fx.csv", "Date,USD,\n2024-01-01,1.1,\n"), "fx.csv"),
            RecordKind::kFxRates);
  EXPECT_EQ(*DetectKind(Write("c.json", R"({"cases": []})"), "c.json"), RecordKind::kCases);
  EXPECT_EQ(*DetectKind(Write("p.jsonl", R"({"party_id":"P","name":"A"})"), "p.jsonl"),
            RecordKind::kParties);
  auto unknown = DetectKind(Write("u.csv", "a,b\n"), "u.csv");
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.status().message(), HasSubstr("u.csv:1: header"));
}

TEST_F(LoaderTest, CleanLoadLeavesNoRejectsFile) {
  std::string path =
      Write("clean.csv", std::string(kTxHeader) + "\n" + GoodRow(1) + "\n" + GoodRow(2) + "\n");
  auto r = Load(path, "clean.csv", LoadOptions());
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->loaded, 2u);
  EXPECT_TRUE(r->rejects_path.empty());
  std::filesystem::path rejects_dir = std::filesystem::path(dir_.Sub("db")) / "rejects";
  EXPECT_TRUE(!std::filesystem::exists(rejects_dir) || std::filesystem::is_empty(rejects_dir));
}

}  // namespace
}  // namespace moneytrail::ingest
