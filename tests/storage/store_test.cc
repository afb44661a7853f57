#include "engine/storage/store.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <rocksdb/table_properties.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <string>
#include <vector>

#include "tests/storage/store_testing.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::storage {
namespace {

using ::moneytrail::storage::testing::Cur;
using ::moneytrail::storage::testing::OpenOrDie;
using ::moneytrail::storage::testing::Tx;
using ::moneytrail::storage::testing::WithRawFamily;
using ::moneytrail::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

SourceFile Source(uint32_t id, const std::string& sha, const std::string& loaded_at) {
  SourceFile s;
  s.source_id = id;
  s.name = "ledger.csv";
  s.size = 10;
  s.sha256 = sha;
  s.loaded_at = loaded_at;
  s.complete = true;
  s.loaded = 2;
  return s;
}

// A write set touching every column family.
WriteSet FullSet(const std::string& loaded_at) {
  WriteSet set;
  set.transactions = {Tx("T-1", 1'000, 1, "A1", "A10", 500), Tx("T-2", 2'000, 2, "CASH", "A1")};
  set.transactions[0].attributes = {{"memo", "rent"}};
  set.accounts = {Account{"A1",
                          "P-1",
                          "Ana",
                          "BANKESMM",
                          "ES",
                          "",
                          "10.00",
                          1000,
                          "2020-01-01",
                          "",
                          "bank",
                          {{"branch", "7"}},
                          {2, 2}}};
  set.parties = {Party{"P-1", "Ana", "person", "", "", "", "", "", "", "", {}, {3, 2}}};
  set.assets = {Asset{"AS-1", "vehicle", "car", "P-1", "", "", "", "T-1", "", "", {}, {4, 2}}};
  set.cases = {Case{"K-1", "case", "2024-03-01", "MX", {{"T-1", "", ""}}, {}, {5, 2}}};
  set.fx_rates = {FxRate{"USD", Timestamp{0}, Rate{1'100'000'000}}};
  set.source = Source(1, std::string(64, 'b'), loaded_at);
  set.next_seq = 3;
  set.next_source_id = 2;
  return set;
}

TEST(StoreTest, NewStoreHasDefaultsAndBaseCurrency) {
  TempDir dir;
  StoreOptions o;
  o.base_currency = "USD";
  auto store = OpenOrDie(dir.Sub("db"), o);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->base_currency().code(), "USD");
  EXPECT_EQ(store->next_seq(), 1u);
  EXPECT_EQ(store->next_source_id(), 1u);
  EXPECT_EQ(store->path(), dir.Sub("db"));
}

TEST(StoreTest, UnknownBaseCurrencyIsAUsageError) {
  TempDir dir;
  StoreOptions o;
  o.base_currency = "QQQ";
  auto store = Store::Open(dir.Sub("db"), o);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUsage);
}

TEST(StoreTest, CommitThenEveryGetterAndScanSeesTheRecords) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set = FullSet("2024-01-01T00:00:00Z");
  ASSERT_TRUE(store->Commit(set).ok());
  EXPECT_EQ(store->next_seq(), 3u);
  EXPECT_EQ(store->next_source_id(), 2u);

  auto tx = store->GetTransaction("T-1");
  ASSERT_TRUE(tx.ok());
  ASSERT_TRUE(tx->has_value());
  EXPECT_TRUE((*tx)->SameContent(set.transactions[0]));
  EXPECT_EQ((*tx)->timestamp, Timestamp{1'000});
  EXPECT_EQ((*tx)->seq, 1u);
  EXPECT_EQ((*tx)->provenance, set.transactions[0].provenance);
  auto missing = store->GetTransaction("T-404");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  for (const Transaction& t : set.transactions) {
    auto position = store->PositionOf(t.tx_id);
    ASSERT_TRUE(position.ok() && position->has_value()) << t.tx_id;
    EXPECT_EQ((*position)->timestamp, t.timestamp) << t.tx_id;
    EXPECT_EQ((*position)->seq, t.seq) << t.tx_id;
  }
  auto nowhere = store->PositionOf("T-404");
  ASSERT_TRUE(nowhere.ok());
  EXPECT_FALSE(nowhere->has_value());
  // Many at once: in the order asked (not the index's), a missing id empty,
  // an id asked twice answered twice.
  const std::vector<std::string> asked = {"T-2", "T-404", "T-1", "T-2"};
  std::vector<std::optional<Store::TxPosition>> positions;
  ASSERT_TRUE(store->PositionsOf(asked, &positions).ok());
  ASSERT_EQ(positions.size(), asked.size());
  for (size_t i = 0; i < asked.size(); ++i) {
    auto one = store->PositionOf(asked[i]);
    ASSERT_TRUE(one.ok());
    ASSERT_EQ(positions[i].has_value(), one->has_value()) << asked[i];
    if (!positions[i]) continue;
    EXPECT_EQ(positions[i]->timestamp, (*one)->timestamp) << asked[i];
    EXPECT_EQ(positions[i]->seq, (*one)->seq) << asked[i];
  }
  EXPECT_FALSE(positions[1].has_value());
  EXPECT_EQ(positions[0]->seq, 2u);
  EXPECT_EQ(positions[2]->seq, 1u);

  auto at = store->GetTransactionAt(Timestamp{2'000}, 2);
  ASSERT_TRUE(at.ok() && at->has_value());
  EXPECT_EQ((*at)->tx_id, "T-2");
  EXPECT_FALSE(store->GetTransactionAt(Timestamp{2'000}, 3)->has_value());

  EXPECT_EQ(store->GetAccount("A1")->value(), set.accounts[0]);
  EXPECT_EQ(store->GetParty("P-1")->value(), set.parties[0]);
  EXPECT_EQ(store->GetAsset("AS-1")->value(), set.assets[0]);
  EXPECT_EQ(store->GetCase("K-1")->value(), set.cases[0]);
  EXPECT_FALSE(store->GetAccount("A2")->has_value());
  EXPECT_FALSE(store->GetParty("P-2")->has_value());
  EXPECT_FALSE(store->GetAsset("AS-2")->has_value());
  EXPECT_FALSE(store->GetCase("K-2")->has_value());

  auto src = store->FindSourceBySha256(std::string(64, 'b'));
  ASSERT_TRUE(src.ok() && src->has_value());
  EXPECT_EQ((*src)->source_id, 1u);
  EXPECT_EQ((*src)->loaded_at, "2024-01-01T00:00:00Z");
  EXPECT_FALSE(store->FindSourceBySha256(std::string(64, 'c'))->has_value());
  auto sources = store->ListSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].name, "ledger.csv");

  std::vector<bool> found;
  ASSERT_TRUE(store->TransactionsExist({"T-2", "nope", "T-1"}, &found).ok());
  EXPECT_THAT(found, ElementsAre(true, false, true));

  std::vector<std::string> ids;
  ASSERT_TRUE(store
                  ->ForEachTransaction([&](const Transaction& t) {
                    ids.push_back(t.tx_id);
                    return true;
                  })
                  .ok());
  EXPECT_THAT(ids, ElementsAre("T-1", "T-2"));
  int n = 0;
  ASSERT_TRUE(store->ForEachAccount([&](const Account&) { return ++n, true; }).ok());
  ASSERT_TRUE(store->ForEachParty([&](const Party&) { return ++n, true; }).ok());
  ASSERT_TRUE(store->ForEachAsset([&](const Asset&) { return ++n, true; }).ok());
  ASSERT_TRUE(store->ForEachCase([&](const Case&) { return ++n, true; }).ok());
  EXPECT_EQ(n, 4);

  std::vector<AccountTxEntry> out, in;
  ASSERT_TRUE(store
                  ->ForEachAccountTx("A1", Direction::kOut,
                                     [&](const AccountTxEntry& e) {
                                       out.push_back(e);
                                       return true;
                                     })
                  .ok());
  ASSERT_TRUE(store
                  ->ForEachAccountTx("A1", Direction::kIn,
                                     [&](const AccountTxEntry& e) {
                                       in.push_back(e);
                                       return true;
                                     })
                  .ok());
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].counterparty, "A10");
  EXPECT_EQ(out[0].base_minor, 500);
  EXPECT_EQ(out[0].seq, 1u);
  ASSERT_EQ(in.size(), 1u);
  EXPECT_EQ(in[0].counterparty, "CASH");
  EXPECT_EQ(in[0].timestamp, Timestamp{2'000});

  auto fx = store->LoadFxRates();
  ASSERT_TRUE(fx.ok());
  EXPECT_EQ(fx->size(), 1u);
  EXPECT_EQ(fx->Find("USD", 5), Rate{1'100'000'000});

  auto st = store->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->transactions, 2u);
  EXPECT_EQ(st->accounts, 1u);
  EXPECT_EQ(st->parties, 1u);
  EXPECT_EQ(st->assets, 1u);
  EXPECT_EQ(st->cases, 1u);
  EXPECT_EQ(st->fx_rates, 1u);
  EXPECT_EQ(st->first, Timestamp{1'000});
  EXPECT_EQ(st->last, Timestamp{2'000});
  EXPECT_EQ(st->currencies.at("EUR"), 2u);
}

TEST(StoreTest, ScanStopsWhenTheCallbackReturnsFalse) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  for (int i = 0; i < 5; ++i)
    set.transactions.push_back(Tx("T" + std::to_string(i), i, i, "A", "B"));
  ASSERT_TRUE(store->Commit(set).ok());
  int seen = 0;
  ASSERT_TRUE(store->ForEachTransaction([&](const Transaction&) { return ++seen < 2; }).ok());
  EXPECT_EQ(seen, 2);
}

TEST(StoreTest, EmptyCommitIsANoOp) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->Commit(WriteSet()).ok());
  EXPECT_EQ(store->Stats()->transactions, 0u);
}

TEST(StoreTest, LaterCommitReplacesARecordWithTheSameKey) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet a;
  a.accounts = {Account{"A1", "", "old", "", "", "", "", 0, "", "", "", {}, {}}};
  ASSERT_TRUE(store->Commit(a).ok());
  a.accounts[0].holder_name = "new";
  ASSERT_TRUE(store->Commit(a).ok());
  EXPECT_EQ(store->GetAccount("A1")->value().holder_name, "new");
  EXPECT_EQ(store->Stats()->accounts, 1u);
}

// Fault injection: a directory where the commit's SST file for "cases" must go
// makes the commit fail after the SSTs of earlier families were written.
TEST(StoreTest, FailedMultiFamilyCommitWritesNothing) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  std::filesystem::create_directories(dir.Sub("db/ingest-tmp/1-cases.sst/blocker"));
  WriteSet set = FullSet("2024-01-01T00:00:00Z");
  Status s = store->Commit(set);
  ASSERT_FALSE(s.ok());
  EXPECT_FALSE(store->GetTransaction("T-1")->has_value());
  EXPECT_FALSE(store->GetAccount("A1")->has_value());
  EXPECT_FALSE(store->GetParty("P-1")->has_value());
  EXPECT_FALSE(store->GetAsset("AS-1")->has_value());
  EXPECT_FALSE(store->FindSourceBySha256(std::string(64, 'b'))->has_value());
  EXPECT_EQ(store->next_seq(), 1u);
  EXPECT_EQ(store->next_source_id(), 1u);
  auto st = store->Stats();
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->transactions + st->accounts + st->parties + st->assets + st->cases + st->fx_rates,
            0u);
  // The account numbers handed out for the failed commit are taken back.
  EXPECT_EQ(store->account_number_limit(), 2u);
  // The same set commits whole once the fault is gone (next commit, next file names).
  ASSERT_TRUE(store->Commit(set).ok());
  EXPECT_TRUE(store->GetTransaction("T-1")->has_value());
  EXPECT_TRUE(store->GetCase("K-1")->has_value());
  EXPECT_EQ(store->next_seq(), 3u);
  EXPECT_EQ(store->account_number_limit(), 4u);  // A1, A10
  EXPECT_EQ(*store->AccountIdOf(2), "A1");
  EXPECT_EQ(*store->AccountIdOf(3), "A10");
  std::vector<std::string> a1_in;
  ASSERT_TRUE(store
                  ->ForEachAccountTx("A1", Direction::kIn,
                                     [&](const AccountTxEntry& e) {
                                       a1_in.push_back(e.counterparty);
                                       return true;
                                     })
                  .ok());
  EXPECT_EQ(a1_in, std::vector<std::string>{"CASH"});
}

TEST(FxTableTest, FindReturnsTheLatestRateOnOrBeforeTheDay) {
  FxTable t;
  t.Add(FxRate{"USD", Timestamp{10 * Timestamp::kMicrosPerDay}, Rate{1}});
  t.Add(FxRate{"USD", Timestamp{20 * Timestamp::kMicrosPerDay}, Rate{2}});
  t.Add(FxRate{"JPY", Timestamp{15 * Timestamp::kMicrosPerDay}, Rate{3}});
  EXPECT_EQ(t.size(), 3u);
  EXPECT_EQ(t.Find("USD", 9), std::nullopt);
  EXPECT_EQ(t.Find("USD", 10), Rate{1});
  EXPECT_EQ(t.Find("USD", 19), Rate{1});
  EXPECT_EQ(t.Find("USD", 20), Rate{2});
  EXPECT_EQ(t.Find("USD", 10'000), Rate{2});
  EXPECT_EQ(t.Find("GBP", 20), std::nullopt);
  EXPECT_EQ(t.FindExact("USD", 19), std::nullopt);
  EXPECT_EQ(t.FindExact("USD", 20), Rate{2});
  EXPECT_EQ(t.FindExact("JPY", 15), Rate{3});
  EXPECT_EQ(t.FindExact("GBP", 15), std::nullopt);
}

TEST(FxTableTest, AddingTheSameDayReplacesTheRate) {
  FxTable t;
  t.Add(FxRate{"USD", Timestamp{0}, Rate{1}});
  t.Add(FxRate{"USD", Timestamp{5}, Rate{2}});  // same day 0
  EXPECT_EQ(t.size(), 1u);
  EXPECT_EQ(t.FindExact("USD", 0), Rate{2});
}

TEST(StoreTest, FxRatesBeforeTheEpochRoundTrip) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  set.fx_rates = {FxRate{"USD", Timestamp{-3 * Timestamp::kMicrosPerDay}, Rate{7}},
                  FxRate{"USD", Timestamp{4 * Timestamp::kMicrosPerDay}, Rate{8}}};
  ASSERT_TRUE(store->Commit(set).ok());
  auto fx = store->LoadFxRates();
  ASSERT_TRUE(fx.ok());
  EXPECT_EQ(fx->FindExact("USD", -3), Rate{7});
  EXPECT_EQ(fx->Find("USD", 0), Rate{7});
  EXPECT_EQ(fx->Find("USD", 4), Rate{8});
}

TEST(StoreTest, AccountPrefixScanDoesNotMatchLongerIds) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  set.transactions = {Tx("a", 1, 1, "A1", "B"), Tx("b", 2, 2, "A10", "B"),
                      Tx("c", 3, 3, "A1", "A10"), Tx("d", 4, 4, "A", "A1")};
  ASSERT_TRUE(store->Commit(set).ok());
  auto ids = [&](std::string_view account, Direction direction) {
    std::vector<uint64_t> seqs;
    EXPECT_TRUE(store
                    ->ForEachAccountTx(account, direction,
                                       [&](const AccountTxEntry& e) {
                                         seqs.push_back(e.seq);
                                         return true;
                                       })
                    .ok());
    return seqs;
  };
  EXPECT_THAT(ids("A1", Direction::kOut), ElementsAre(1u, 3u));
  EXPECT_THAT(ids("A10", Direction::kOut), ElementsAre(2u));
  EXPECT_THAT(ids("A", Direction::kOut), ElementsAre(4u));
  EXPECT_THAT(ids("A1", Direction::kIn), ElementsAre(4u));
  EXPECT_THAT(ids("A10", Direction::kIn), ElementsAre(3u));
  EXPECT_TRUE(ids("A100", Direction::kOut).empty());
}

TEST(StoreTest, CashSidesAreNotIndexed) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  set.transactions = {Tx("a", 1, 1, "", "A1"), Tx("b", 2, 2, "A1", "CASH")};
  ASSERT_TRUE(store->Commit(set).ok());
  int n = 0;
  for (auto account : {"", "CASH"}) {
    for (auto d : {Direction::kOut, Direction::kIn}) {
      ASSERT_TRUE(
          store->ForEachAccountTx(account, d, [&](const AccountTxEntry&) { return ++n, true; })
              .ok());
    }
  }
  EXPECT_EQ(n, 0);
}

TEST(StoreTest, AccountHistoryByNumberMatchesTheHistoryById) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  set.transactions = {Tx("a", 1, 1, "A1", "B2", 300), Tx("b", 2, 2, "A1", "CASH", 40),
                      Tx("c", 3, 3, "B2", "A1", 5)};
  ASSERT_TRUE(store->Commit(set).ok());
  auto a1 = store->AccountNumberOf("A1");
  ASSERT_TRUE(a1.ok());
  ASSERT_TRUE(a1->has_value());
  EXPECT_EQ(store->AccountNumberOf("NOPE")->has_value(), false);
  EXPECT_EQ(store->AccountNumberOf("CASH").value(), std::optional<uint32_t>(1));
  for (auto d : {Direction::kOut, Direction::kIn}) {
    std::vector<std::string> by_id, by_number;
    ASSERT_TRUE(store
                    ->ForEachAccountTx("A1", d,
                                       [&](const AccountTxEntry& e) {
                                         by_id.push_back(std::to_string(e.timestamp.micros) + " " +
                                                         e.counterparty + " " +
                                                         std::to_string(e.base_minor));
                                         return true;
                                       })
                    .ok());
    ASSERT_TRUE(store
                    ->ForEachAccountTxRef(**a1, d,
                                          [&](const Store::AccountTxRef& e) {
                                            by_number.push_back(
                                                std::to_string(e.timestamp.micros) + " " +
                                                store->AccountIdOf(e.counterparty).value() + " " +
                                                std::to_string(e.base_minor));
                                            return true;
                                          })
                    .ok());
    EXPECT_EQ(by_id, by_number);
    EXPECT_EQ(by_id.size(), d == Direction::kOut ? 2u : 1u);
  }
  int n = 0;
  ASSERT_TRUE(
      store->ForEachAccountTxRef(1, Direction::kIn, [&](const auto&) { return ++n, true; }).ok());
  EXPECT_EQ(n, 0);  // cash has no history
}

TEST(StoreTest, TransactionsReplayInTimestampThenSequenceOrder) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet first, second;
  // Committed out of order, across two commits, with ties and pre-1970 instants.
  first.transactions = {Tx("late", 5'000, 1, "A", "B"), Tx("tie-b", 100, 7, "A", "B"),
                        Tx("pre-epoch", -86'400'000'000, 9, "A", "B")};
  second.transactions = {Tx("tie-a", 100, 3, "A", "B"), Tx("zero", 0, 10, "A", "B"),
                         Tx("minus-one", -1, 2, "A", "B")};
  ASSERT_TRUE(store->Commit(first).ok());
  ASSERT_TRUE(store->Commit(second).ok());
  std::vector<std::string> order;
  ASSERT_TRUE(store
                  ->ForEachTransaction([&](const Transaction& t) {
                    order.push_back(t.tx_id);
                    return true;
                  })
                  .ok());
  EXPECT_THAT(order, ElementsAre("pre-epoch", "minus-one", "zero", "tie-a", "tie-b", "late"));
  std::vector<uint64_t> seqs;
  ASSERT_TRUE(store
                  ->ForEachAccountTx("A", Direction::kOut,
                                     [&](const AccountTxEntry& e) {
                                       seqs.push_back(e.seq);
                                       return true;
                                     })
                  .ok());
  EXPECT_THAT(seqs, ElementsAre(9u, 2u, 10u, 3u, 7u, 1u));
}

TEST(StoreTest, TheLedgerInPartsIsTheLedgerCutInTimeOrder) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  // Pre-1970 instants, ties, and a gap: the cuts fall anywhere.
  for (uint64_t seq = 1; seq <= 300; ++seq) {
    int64_t micros = (static_cast<int64_t>(seq % 97) - 40) * 86'400'000'000 + (seq % 3);
    set.transactions.push_back(Tx("T" + std::to_string(seq), micros, seq,
                                  "A" + std::to_string(seq % 7),
                                  seq % 11 ? "B" + std::to_string(seq % 5) : "CASH", 100 + seq));
  }
  ASSERT_TRUE(store->Commit(set).ok());
  auto key = [](const Store::LedgerEntry& e) {
    return std::to_string(e.timestamp.micros) + "/" + std::to_string(e.seq) + "/" +
           std::string(e.tx_id) + "/" + std::to_string(e.from) + ">" + std::to_string(e.to) + "/" +
           std::to_string(e.base_minor);
  };
  std::vector<std::string> whole;
  ASSERT_TRUE(store
                  ->ForEachLedgerEntry([&](const Store::LedgerEntry& e) {
                    whole.push_back(key(e));
                    return true;
                  })
                  .ok());
  ASSERT_EQ(whole.size(), 300u);
  for (size_t parts : {1u, 2u, 3u, 4u, 16u}) {
    std::vector<std::vector<std::string>> cut(parts);
    std::mutex mu;
    ASSERT_TRUE(store
                    ->ForEachLedgerEntryInParts(parts,
                                                [&](size_t part, const Store::LedgerEntry& e) {
                                                  std::lock_guard lock(mu);
                                                  EXPECT_LT(part, parts);
                                                  cut[part].push_back(key(e));
                                                  return true;
                                                })
                    .ok());
    std::vector<std::string> joined;
    size_t nonempty = 0;
    for (const auto& c : cut) {
      joined.insert(joined.end(), c.begin(), c.end());
      nonempty += !c.empty();
    }
    EXPECT_EQ(joined, whole) << parts << " parts";
    if (parts > 1) {
      EXPECT_GT(nonempty, 1u) << "the scan was not cut at all";
    }
  }
}

TEST(StoreTest, ReopenedReadOnlySeesCommittedDataAndRefusesWrites) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Commit(FullSet("x")).ok());
  }
  StoreOptions ro;
  ro.read_only = true;
  auto store = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(store);
  EXPECT_TRUE(store->GetTransaction("T-2")->has_value());
  EXPECT_EQ(store->next_seq(), 3u);
  EXPECT_EQ(store->next_source_id(), 2u);
  // Two readers at once are fine.
  auto second = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->Stats()->transactions, 2u);
  Status s = store->Commit(FullSet("y"));
  EXPECT_FALSE(s.ok());
}

// The txid family's tables are written with a partitioned index and filter
// (see CfOptions), the tx family's with one index block; and lookups by id,
// single and batched, through a block cache far smaller than the partitions
// still find every id and no other.
TEST(StoreTest, TheTxIdIndexIsPartitionedAndFindsEveryIdThroughASmallCache) {
  TempDir dir;
  constexpr int kCount = 60'000;  // a few 4 KiB index partitions
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    WriteSet set;
    for (int i = 0; i < kCount; ++i) {
      set.transactions.push_back(Tx("T-" + std::to_string(i), 1'000 + i, i + 1, "A1", "A2"));
    }
    set.source = Source(1, std::string(64, 'b'), "x");
    set.next_seq = kCount + 1;
    set.next_source_id = 2;
    ASSERT_TRUE(store->Commit(set).ok());
  }
  struct Table {
    uint64_t index_partitions = 0;
    bool partitioned_filter = false;
  };
  auto tables_of = [&](const std::string& family) {
    std::vector<Table> tables;
    WithRawFamily(dir.Sub("db"), family, [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
      rocksdb::TablePropertiesCollection properties;
      ASSERT_TRUE(db->GetPropertiesOfAllTables(h, &properties).ok());
      for (const auto& [file, p] : properties) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        // A table's meta-index names its filter "partitionedfilter.<policy>"
        // or "fullfilter.<policy>".
        tables.push_back(
            {p->index_partitions, bytes.find("partitionedfilter.") != std::string::npos});
      }
    });
    return tables;
  };
  const std::vector<Table> txid = tables_of("txid");
  ASSERT_FALSE(txid.empty());
  for (const Table& t : txid) {
    EXPECT_GT(t.index_partitions, 1u);
    EXPECT_TRUE(t.partitioned_filter);
  }
  const std::vector<Table> tx = tables_of("tx");
  ASSERT_FALSE(tx.empty());
  for (const Table& t : tx) EXPECT_EQ(t.index_partitions, 0u);

  StoreOptions ro;
  ro.read_only = true;
  ro.block_cache_bytes = 16 << 10;
  auto store = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(store);
  std::vector<std::string> ids;
  for (int i = 0; i < kCount; i += 997) {
    ids.push_back("T-" + std::to_string(i));
    auto got = store->GetTransaction(ids.back());
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    ASSERT_TRUE(got->has_value()) << ids.back();
    EXPECT_EQ((*got)->seq, static_cast<uint64_t>(i + 1));
  }
  ids.push_back("T-" + std::to_string(kCount));
  ids.push_back("U-1");
  EXPECT_FALSE(store->GetTransaction("U-1")->has_value());
  std::vector<bool> found;
  ASSERT_TRUE(store->TransactionsExist(ids, &found).ok());
  ASSERT_EQ(found.size(), ids.size());
  EXPECT_EQ(std::count(found.begin(), found.end(), true), static_cast<long>(ids.size()) - 2);
  EXPECT_FALSE(found[ids.size() - 2]);
  EXPECT_FALSE(found[ids.size() - 1]);
}

TEST(StoreTest, ReadOnlyOpenOfAMissingStoreIsNotFound) {
  TempDir dir;
  StoreOptions ro;
  ro.read_only = true;
  auto store = Store::Open(dir.Sub("nothing"), ro);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store.status().ExitCode(), 66);
  EXPECT_FALSE(std::filesystem::exists(dir.Sub("nothing")));
  StoreOptions no_create;
  no_create.create_if_missing = false;
  EXPECT_EQ(Store::Open(dir.Sub("nothing"), no_create).status().code(), StatusCode::kNotFound);
}

TEST(StoreTest, FingerprintIgnoresLoadTimeButSeesOneChangedRecord) {
  TempDir dir;
  auto a = OpenOrDie(dir.Sub("a"));
  auto b = OpenOrDie(dir.Sub("b"));
  auto c = OpenOrDie(dir.Sub("c"));
  ASSERT_TRUE(a && b && c);
  ASSERT_TRUE(a->Commit(FullSet("2024-01-01T00:00:00Z")).ok());
  // Same content, committed in two steps and at another wall-clock time.
  WriteSet b1 = FullSet("2025-06-30T12:00:00Z"), b2;
  b2.transactions = {b1.transactions[1]};
  b1.transactions.pop_back();
  ASSERT_TRUE(b->Commit(b2).ok());
  ASSERT_TRUE(b->Commit(b1).ok());
  WriteSet changed = FullSet("2024-01-01T00:00:00Z");
  changed.transactions[1].reference = "x";
  ASSERT_TRUE(c->Commit(changed).ok());
  auto fa = a->Fingerprint(), fb = b->Fingerprint(), fc = c->Fingerprint();
  ASSERT_TRUE(fa.ok() && fb.ok() && fc.ok());
  EXPECT_EQ(fa->size(), 64u);
  EXPECT_EQ(*fa, *fb);
  EXPECT_NE(*fa, *fc);

  // Any one further change moves the fingerprint, including a source's counts.
  WriteSet more;
  more.source = FullSet("z").source;
  more.source->duplicates = 1;
  ASSERT_TRUE(b->Commit(more).ok());
  EXPECT_NE(*fa, *b->Fingerprint());
}

TEST(StoreTest, CompactingChangesNothingStoredAndNeedsWriteAccess) {
  TempDir dir;
  std::string before;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    WriteSet first = FullSet("2024-01-01T00:00:00Z"), second;
    second.transactions = {first.transactions[1]};
    first.transactions.pop_back();
    ASSERT_TRUE(store->Commit(first).ok());
    ASSERT_TRUE(store->Commit(second).ok());  // two overlapping files per family
    before = store->Fingerprint().value();
    Status s = store->Compact();
    ASSERT_TRUE(s.ok()) << s.ToString();
    EXPECT_EQ(store->Fingerprint().value(), before);
    EXPECT_TRUE(store->GetTransaction("T-2")->has_value());
  }
  StoreOptions ro;
  ro.read_only = true;
  ro.block_cache_bytes = 64 << 20;  // a shared cache opens the same store
  auto reader = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(reader);
  EXPECT_EQ(reader->Fingerprint().value(), before);
  EXPECT_EQ(reader->Compact().code(), StatusCode::kUsage);
}

TEST(StoreTest, ASnapshotIsTheStoreAsItWasAndOpensOnItsOwn) {
  TempDir dir;
  WriteSet first = FullSet("2024-01-01T00:00:00Z"), second;
  second.transactions = {first.transactions[1]};
  first.transactions.pop_back();
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit(first).ok());
  const std::string at_snapshot = store->Fingerprint().value();
  Status s = store->Checkpoint(dir.Sub("snap"));
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(store->Checkpoint(dir.Sub("snap")).code(), StatusCode::kUsage);  // exists
  ASSERT_TRUE(store->Commit(second).ok());  // later writes are not in the copy

  // A secondary sees what was committed when it opened, while the primary stays open.
  StoreOptions follow;
  follow.secondary_dir = dir.Sub("secondary");
  auto secondary = OpenOrDie(dir.Sub("db"), follow);
  ASSERT_TRUE(secondary);
  EXPECT_EQ(secondary->Fingerprint().value(), store->Fingerprint().value());
  EXPECT_TRUE(secondary->GetTransaction("T-2")->has_value());
  EXPECT_EQ(secondary->Checkpoint(dir.Sub("snap2")).code(), StatusCode::kUsage);
  store.reset();
  secondary.reset();

  std::filesystem::remove_all(dir.Sub("db"));  // the copy stands alone
  StoreOptions ro;
  ro.read_only = true;
  auto copy = OpenOrDie(dir.Sub("snap"), ro);
  ASSERT_TRUE(copy);
  EXPECT_EQ(copy->Fingerprint().value(), at_snapshot);
  EXPECT_FALSE(copy->GetTransaction("T-2")->has_value());
}

TEST(StoreTest, FingerprintOfAnEmptyStoreIsStable) {
  TempDir dir;
  auto a = OpenOrDie(dir.Sub("a"));
  auto b = OpenOrDie(dir.Sub("b"));
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a->Fingerprint(), *b->Fingerprint());
}

// Writes meta "format_version" behind the Store's back, as a later version would.
void WriteFormatVersion(const std::string& path, const std::string& version) {
  storage::testing::WithRawFamily(path, "meta",
                                  [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta) {
                                    ASSERT_NE(meta, nullptr);
                                    rocksdb::WriteOptions wo;
                                    wo.sync = true;
                                    ASSERT_TRUE(db->Put(wo, meta, "format_version", version).ok());
                                  });
}

TEST(StoreTest, StoreOfAnotherFormatVersionIsRefusedWithAClearMessage) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Commit(FullSet("x")).ok());
  }
  WriteFormatVersion(dir.Sub("db"), "999");
  for (bool read_only : {false, true}) {
    StoreOptions o;
    o.read_only = read_only;
    auto store = Store::Open(dir.Sub("db"), o);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kFormatVersion);
    EXPECT_EQ(store.status().ExitCode(), 78);
    EXPECT_THAT(store.status().message(), HasSubstr("format version 999"));
    EXPECT_THAT(store.status().message(), HasSubstr("version " + std::to_string(kFormatVersion)));
  }
}

TEST(StoreTest, NonEmptyDirectoryThatIsNoStoreIsRefused) {
  TempDir dir;
  std::filesystem::create_directories(dir.Sub("photos"));
  std::ofstream(dir.Sub("photos/holiday.jpg")) << "not a database";
  auto store = Store::Open(dir.Sub("photos"), StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUsage);
  EXPECT_THAT(store.status().message(), HasSubstr("not a moneytrail store"));
  // And nothing was written into it.
  int entries = 0;
  for (auto& e : std::filesystem::directory_iterator(dir.Sub("photos"))) (void)e, ++entries;
  EXPECT_EQ(entries, 1);
}

TEST(StoreTest, EmptyExistingDirectoryBecomesAStore) {
  TempDir dir;
  std::filesystem::create_directories(dir.Sub("empty"));
  auto store = OpenOrDie(dir.Sub("empty"));
  EXPECT_TRUE(store);
}

TEST(StoreTest, PlainRocksDbDatabaseIsRefused) {
  TempDir dir;
  {
    rocksdb::Options o;
    o.create_if_missing = true;
    rocksdb::DB* raw = nullptr;
    ASSERT_TRUE(rocksdb::DB::Open(o, dir.Sub("other"), &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), "k", "v").ok());
    ASSERT_TRUE(db->Close().ok());
  }
  auto store = Store::Open(dir.Sub("other"), StoreOptions());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kUsage);
  EXPECT_THAT(store.status().message(), HasSubstr("not a moneytrail store"));
}

TEST(StoreTest, CommittedDataSurvivesReopen) {
  TempDir dir;
  std::string fp;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Commit(FullSet("x")).ok());
    fp = *store->Fingerprint();
  }
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  EXPECT_EQ(*store->Fingerprint(), fp);
  EXPECT_EQ(store->next_seq(), 3u);
}

// A process killed after RocksDB linked a commit's SSTs in, but before it
// removed the originals, leaves ingest-tmp/<n>-<family>.sst hard-linked to live
// table files. The next process counts commits from 1 again: it must not write
// its new SSTs through those links and so overwrite committed data.
TEST(StoreCrashTest, LeftoverHardLinksInIngestTmpDoNotCorruptCommittedData) {
  TempDir dir;
  const std::string db_path = dir.Sub("db");
  std::string fingerprint_before;
  {
    auto store = OpenOrDie(db_path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Commit(FullSet("x")).ok());
    fingerprint_before = *store->Fingerprint();
  }
  {
    rocksdb::DB* raw = nullptr;
    std::vector<std::string> names;
    ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), db_path, &names).ok());
    std::vector<rocksdb::ColumnFamilyDescriptor> descs;
    for (const auto& n : names) descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
    std::vector<rocksdb::ColumnFamilyHandle*> handles;
    ASSERT_TRUE(
        rocksdb::DB::OpenForReadOnly(rocksdb::DBOptions(), db_path, descs, &handles, &raw).ok());
    std::unique_ptr<rocksdb::DB> db(raw);
    std::vector<rocksdb::LiveFileMetaData> live;
    db->GetLiveFilesMetaData(&live);
    ASSERT_FALSE(live.empty());
    std::filesystem::create_directories(db_path + "/ingest-tmp");
    for (const auto& f : live) {
      // One link per family name (a family may have more than one table file).
      std::string link = db_path + "/ingest-tmp/1-" + f.column_family_name + ".sst";
      if (!std::filesystem::exists(link)) std::filesystem::create_hard_link(db_path + f.name, link);
    }
    for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  }
  {
    auto store = OpenOrDie(db_path);
    ASSERT_TRUE(store);
    WriteSet more;
    more.transactions = {Tx("T-9", 9'000, 3, "A1", "A2")};
    more.accounts = {Account{"A9", "", "", "", "", "", "", 0, "", "", "", {}, {}}};
    more.source = Source(2, std::string(64, 'c'), "y");
    more.next_seq = 4;
    ASSERT_TRUE(store->Commit(more).ok());
    auto old_tx = store->GetTransaction("T-1");
    ASSERT_TRUE(old_tx.ok()) << old_tx.status().ToString();
    EXPECT_TRUE(old_tx->has_value());
    EXPECT_TRUE(store->GetAccount("A1")->has_value());
  }
  auto reopened = Store::Open(db_path, StoreOptions());
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_TRUE((*reopened)->GetTransaction("T-1")->has_value());
  EXPECT_TRUE((*reopened)->GetTransaction("T-9")->has_value());
  EXPECT_EQ((*reopened)->Stats()->transactions, 3u);
}

TEST(StoreTest, AHistoryWindowHoldsExactlyTheEntriesInItsBounds) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet set;
  set.transactions = {Tx("a", 10, 1, "A1", "B"), Tx("b", 20, 2, "A1", "B"),
                      Tx("c", 20, 3, "A1", "C"), Tx("d", 30, 4, "A1", "B"),
                      Tx("e", 25, 5, "A10", "B")};
  ASSERT_TRUE(store->Commit(set).ok());
  auto window = [&](int64_t from, int64_t until) {
    std::vector<uint64_t> seqs;
    EXPECT_TRUE(store
                    ->ForEachAccountTxBetween("A1", Direction::kOut, Timestamp{from},
                                              Timestamp{until},
                                              [&](const AccountTxEntry& e) {
                                                seqs.push_back(e.seq);
                                                return true;
                                              })
                    .ok());
    return seqs;
  };
  EXPECT_THAT(window(20, 20), ElementsAre(2u, 3u)) << "both bounds are inclusive";
  EXPECT_THAT(window(11, 29), ElementsAre(2u, 3u));
  EXPECT_THAT(window(INT64_MIN, INT64_MAX), ElementsAre(1u, 2u, 3u, 4u)) << "not A10's";
  EXPECT_THAT(window(31, INT64_MAX), ElementsAre());
  EXPECT_THAT(window(30, 10), ElementsAre()) << "an empty window";
}

}  // namespace
}  // namespace moneytrail::storage

namespace moneytrail::storage {
namespace {

// A hub that 3,000 transactions pay into, among 600 accounts with a few each.
WriteSet HubSet() {
  WriteSet set;
  for (int i = 0; i < 3000; ++i) {
    const std::string payer = "P" + std::to_string(i % 600);
    set.transactions.push_back(
        Tx("H" + std::to_string(i), 1'000 + i, static_cast<uint64_t>(i + 1), payer, "HUB"));
  }
  set.transactions.push_back(Tx("X", 9'000, 3001, "P1", "P2"));
  set.next_seq = 3002;
  return set;
}

TEST(StoreTest, ApproximateHistoryLengthTellsAHubFromAnOrdinaryAccount) {
  TempDir dir;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Commit(HubSet()).ok());
  }
  // Read-only, as traces open it: the entries are in files, not memtables.
  StoreOptions ro;
  ro.read_only = true;
  auto store = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(store);
  auto hub = store->AccountNumberOf("HUB");
  auto payer = store->AccountNumberOf("P1");
  ASSERT_TRUE(hub.ok() && hub->has_value());
  ASSERT_TRUE(payer.ok() && payer->has_value());
  auto hub_length = store->ApproximateHistoryLength(**hub);
  auto payer_length = store->ApproximateHistoryLength(**payer);
  ASSERT_TRUE(hub_length.ok()) << hub_length.status().ToString();
  ASSERT_TRUE(payer_length.ok()) << payer_length.status().ToString();
  EXPECT_GT(*hub_length, 1500u) << "3,000 entries";
  EXPECT_LT(*hub_length, 6000u) << "3,000 entries";
  EXPECT_LT(*payer_length, 500u) << "7 entries";
  EXPECT_EQ(store->ApproximateHistoryLength(1).value(), 0u) << "cash has no history";
  EXPECT_EQ(store->ApproximateHistoryLength(0).value(), 0u);
}

TEST(StoreTest, TransactionIdsAtKeysInAnyOrderSkipMissingKeys) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit(HubSet()).ok());
  // Transaction i (0-based) is H<i> at time 1000 + i with sequence i + 1.
  auto at = [](int i) { return Store::TxAt{Timestamp{1'000 + i}, static_cast<uint64_t>(i + 1)}; };
  std::vector<Store::TxAt> keys = {at(0),
                                   at(1),
                                   at(2),
                                   at(40),
                                   at(41),
                                   at(2999),
                                   at(1500),
                                   at(7),
                                   at(7),
                                   Store::TxAt{Timestamp{1'005}, 99},   // no such transaction
                                   Store::TxAt{Timestamp{99'999}, 1}};  // past the end
  std::vector<std::pair<size_t, std::string>> got;
  ASSERT_TRUE(
      store
          ->ForEachTransactionIdAt(
              keys, [&](size_t i, std::string_view id) { got.emplace_back(i, std::string(id)); })
          .ok());
  EXPECT_THAT(
      got, ElementsAre(
               std::pair<size_t, std::string>{0, "H0"}, std::pair<size_t, std::string>{1, "H1"},
               std::pair<size_t, std::string>{2, "H2"}, std::pair<size_t, std::string>{3, "H40"},
               std::pair<size_t, std::string>{4, "H41"}, std::pair<size_t, std::string>{5, "H2999"},
               std::pair<size_t, std::string>{6, "H1500"}, std::pair<size_t, std::string>{7, "H7"},
               std::pair<size_t, std::string>{8, "H7"}));
  got.clear();
  ASSERT_TRUE(store->ForEachTransactionIdAt({}, [&](size_t, std::string_view) {}).ok());
}

}  // namespace
}  // namespace moneytrail::storage

namespace moneytrail::storage {
namespace {

TEST(StoreTest, AReaderNamingManyAccountsGetsTheSameIdsAfterSwitchingToAScan) {
  // Past a twentieth of the accounts named by point reads (600 of 12,000
  // here), a read-only store reads all the names at once; every id must
  // still be the one its number stands for.
  TempDir dir;
  constexpr int kAccounts = 12'000;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    WriteSet set;
    for (int i = 0; i < kAccounts; ++i) {
      set.transactions.push_back(Tx("T" + std::to_string(i), i, static_cast<uint64_t>(i + 1),
                                    "A" + std::to_string(i), "CASH"));
    }
    ASSERT_TRUE(store->Commit(set).ok());
  }
  StoreOptions ro;
  ro.read_only = true;
  std::vector<uint32_t> numbers;
  {
    // Looking a number up caches its id too: the numbers come from another
    // reader, so that the one below names every account by a miss.
    auto lookup = OpenOrDie(dir.Sub("db"), ro);
    ASSERT_TRUE(lookup);
    for (int i = 0; i < kAccounts; ++i) {
      auto n = lookup->AccountNumberOf("A" + std::to_string(i));
      ASSERT_TRUE(n.ok() && n->has_value()) << i;
      numbers.push_back(**n);
    }
  }
  auto store = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(store);
  // Named in reverse, so that the switch happens midway through.
  for (int i = kAccounts - 1; i >= 0; --i) {
    auto id = store->AccountIdOf(numbers[static_cast<size_t>(i)]);
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    ASSERT_EQ(*id, "A" + std::to_string(i));
  }
  EXPECT_EQ(store->AccountIdOf(1).value(), "CASH");
  EXPECT_FALSE(store->AccountIdOf(kAccounts + 100).ok()) << "no account has that number";
}

TEST(StoreTest, AReaderReadsEveryNameAtTheTwentiethOfThemReadOneByOne) {
  // 1,000 accounts: all names are read at the 50th single read. The store is
  // damaged behind its back (an id under a second number) so that reading
  // every name shows: it fails, where single reads do not.
  TempDir dir;
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    WriteSet set;
    for (int i = 0; i < 1'000; ++i) {
      set.transactions.push_back(Tx("T" + std::to_string(i), i, static_cast<uint64_t>(i + 1),
                                    "A" + std::to_string(i), "CASH"));
    }
    ASSERT_TRUE(store->Commit(set).ok());
  }
  storage::testing::WithRawFamily(
      dir.Sub("db"), "account_names", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* h) {
        std::string key;
        for (uint32_t n = 50'000; n > 0; n >>= 8) key.insert(key.begin(), static_cast<char>(n));
        key.insert(key.begin(), 4 - key.size(), '\0');
        ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), h, key, "A7").ok());
      });
  StoreOptions ro;
  ro.read_only = true;
  auto store = OpenOrDie(dir.Sub("db"), ro);
  ASSERT_TRUE(store);
  for (uint32_t n = 2; n < 2 + 49; ++n) {
    auto id = store->AccountIdOf(n);
    ASSERT_TRUE(id.ok()) << n << ": " << id.status().ToString();
    EXPECT_EQ(*id, "A" + std::to_string(n - 2));
  }
  auto all = store->AccountIdOf(51);  // the 50th: every name, now
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kCorruption) << all.status().ToString();
  EXPECT_NE(all.status().message().find("50000"), std::string::npos) << all.status().message();
  EXPECT_EQ(store->AccountIdOf(52).value(), "A50") << "single reads go on";
}

TEST(StoreTest, ALargeCommitStoresExactlyWhatSmallCommitsStore) {
  // Past 10,000 transactions a commit encodes and writes its families on
  // three threads; a small one does the same work on one. Both must store the
  // same bytes, including the account numbers handed out in first-seen order
  // (repeated accounts, cash and empty sides among them).
  constexpr int kTransactions = 30'000, kPerSmallCommit = 1'000;
  std::vector<Transaction> txs;
  for (int i = 0; i < kTransactions; ++i) {
    std::string from = i % 7 == 0 ? "CASH" : "A" + std::to_string((i * 31) % 4'001);
    std::string to = i % 11 == 0 ? "" : "B" + std::to_string((i * 17) % 3'001);
    txs.push_back(Tx("T" + std::to_string(i), 1'000 * i, static_cast<uint64_t>(i + 1), from, to,
                     i % 500 + 1));
  }
  TempDir dir;
  auto large = OpenOrDie(dir.Sub("large"));
  auto small = OpenOrDie(dir.Sub("small"));
  ASSERT_TRUE(large && small);
  WriteSet all;
  all.transactions = txs;
  ASSERT_TRUE(large->Commit(all).ok());
  for (int first = 0; first < kTransactions; first += kPerSmallCommit) {
    WriteSet part;
    part.transactions.assign(txs.begin() + first, txs.begin() + first + kPerSmallCommit);
    ASSERT_TRUE(small->Commit(part).ok());
  }
  EXPECT_EQ(large->Stats()->transactions, static_cast<uint64_t>(kTransactions));
  EXPECT_EQ(*large->Fingerprint(), *small->Fingerprint());
  for (const char* account : {"A0", "A31", "B17"}) {
    auto large_number = large->AccountNumberOf(account);
    auto small_number = small->AccountNumberOf(account);
    ASSERT_TRUE(large_number.ok() && large_number->has_value()) << account;
    ASSERT_TRUE(small_number.ok() && small_number->has_value()) << account;
    EXPECT_EQ(**large_number, **small_number) << account;
  }
  // A31 pays where (31 i) mod 4001 = 31 and i is not a multiple of 7: the
  // out index lists each of those, in time order.
  std::vector<uint64_t> paid;  // their sequences, i + 1
  ASSERT_TRUE(large
                  ->ForEachAccountTx("A31", Direction::kOut,
                                     [&](const AccountTxEntry& e) {
                                       paid.push_back(e.seq);
                                       return true;
                                     })
                  .ok());
  std::vector<uint64_t> expected;
  for (int i = 0; i < kTransactions; ++i) {
    if (i % 7 != 0 && (i * 31) % 4'001 == 31) expected.push_back(static_cast<uint64_t>(i + 1));
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(paid, expected);
}

}  // namespace
}  // namespace moneytrail::storage
