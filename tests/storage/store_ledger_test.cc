// The ledger snapshot as the store keeps it: the same entries as the
// transactions give, dropped by commits of transactions, refused when damaged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/storage/ledger_snapshot.h"
#include "engine/storage/store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::storage {
namespace {

using ::moneytrail::storage::testing::OpenOrDie;
using ::moneytrail::storage::testing::Tx;
using ::moneytrail::storage::testing::WithRawFamily;
using ::moneytrail::testing::TempDir;
using ::testing::HasSubstr;

// `count` transactions with seqs from `first_seq`: ties, instants before
// 1970, ids that share long prefixes, cash on either side.
WriteSet Transactions(uint64_t first_seq, uint64_t count) {
  WriteSet set;
  for (uint64_t seq = first_seq; seq < first_seq + count; ++seq) {
    const int64_t micros = (static_cast<int64_t>(seq % 997) - 400) * 86'400'000'000 + (seq % 3);
    set.transactions.push_back(Tx("TX-2024-" + std::to_string(seq * 7919 % 100'003), micros, seq,
                                  "A" + std::to_string(seq % 311),
                                  seq % 13 ? "B" + std::to_string(seq % 97) : "CASH",
                                  static_cast<int64_t>(seq % 50'000) - 7));
  }
  set.next_seq = first_seq + count;
  return set;
}

std::string Describe(const Store::LedgerEntry& e) {
  return std::to_string(e.timestamp.micros) + "/" + std::to_string(e.seq) + "/" +
         std::string(e.tx_id) + "/" + std::to_string(e.from) + ">" + std::to_string(e.to) + "/" +
         std::to_string(e.base_minor);
}

// The ledger in `parts`, joined in part order, or the scan's error.
Result<std::vector<std::string>> Ledger(const Store& store, size_t parts = 1) {
  std::vector<std::vector<std::string>> cut(parts);
  std::mutex mu;
  Status s = store.ForEachLedgerEntryInParts(parts, [&](size_t part, const Store::LedgerEntry& e) {
    std::lock_guard lock(mu);
    cut.at(part).push_back(Describe(e));
    return true;
  });
  if (!s.ok()) return s;
  std::vector<std::string> joined;
  for (const auto& c : cut) joined.insert(joined.end(), c.begin(), c.end());
  return joined;
}

StoreOptions ReadOnly(bool read_snapshot) {
  StoreOptions o;
  o.read_only = true;
  o.read_ledger_snapshot = read_snapshot;
  return o;
}

// Builds a store of `count` transactions in two commits, and its snapshot.
void BuildStore(const std::string& path, uint64_t count) {
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->Commit(Transactions(1, count / 2)).ok());
  ASSERT_TRUE(store->Commit(Transactions(1 + count / 2, count - count / 2)).ok());
  EXPECT_FALSE(*store->LedgerSnapshotCurrent());
  auto packed = store->BuildLedgerSnapshot();
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  EXPECT_EQ(packed->entries, count);
  EXPECT_EQ(packed->repacked, count);
  EXPECT_TRUE(*store->LedgerSnapshotCurrent());
}

// The key of the snapshot's first block, read behind the store's back.
std::string FirstBlockKey(rocksdb::DB* db, rocksdb::ColumnFamilyHandle* ledger) {
  std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), ledger));
  it->Seek("b");
  EXPECT_TRUE(it->Valid());
  return it->Valid() ? it->key().ToString() : "";
}

// Deletes the snapshot's first block from the closed store at `path`.
void DeleteFirstBlock(const std::string& path) {
  WithRawFamily(path, "ledger", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* ledger) {
    ASSERT_NE(ledger, nullptr);
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), ledger, FirstBlockKey(db, ledger)).ok());
  });
}

TEST(StoreLedgerTest, TheSnapshotGivesTheLedgerTheTransactionsGiveInEveryCut) {
  TempDir dir;
  // Several blocks in each of the build's two parts.
  BuildStore(dir.Sub("db"), 70'000);
  auto from_snapshot = OpenOrDie(dir.Sub("db"), ReadOnly(true));
  auto from_transactions = OpenOrDie(dir.Sub("db"), ReadOnly(false));
  ASSERT_TRUE(from_snapshot && from_transactions);
  EXPECT_TRUE(*from_snapshot->LedgerSnapshotCurrent());
  auto truth = Ledger(*from_transactions);
  ASSERT_TRUE(truth.ok());
  ASSERT_EQ(truth->size(), 70'000u);
  for (size_t parts : {1u, 2u, 3u, 4u, 16u}) {
    auto got = Ledger(*from_snapshot, parts);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(*got, *truth) << parts << " parts";
  }
}

TEST(StoreLedgerTest, CommittingTransactionsDropsTheSnapshotAndOtherRecordsDoNot) {
  TempDir dir;
  BuildStore(dir.Sub("db"), 1'000);
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet accounts_only;
  accounts_only.accounts.push_back(Account{});
  accounts_only.accounts.back().account_id = "A1";
  ASSERT_TRUE(store->Commit(accounts_only).ok());
  EXPECT_TRUE(*store->LedgerSnapshotCurrent());

  ASSERT_TRUE(store->Commit(Transactions(1'001, 10)).ok());
  EXPECT_FALSE(*store->LedgerSnapshotCurrent());
  auto got = Ledger(*store, 2);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->size(), 1'010u);  // the new transactions are read, from the tx family
  auto packed = store->BuildLedgerSnapshot();
  ASSERT_TRUE(packed.ok());
  EXPECT_EQ(packed->entries, 1'010u);
  auto again = Ledger(*store, 2);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, *got);
}

// `count` transactions one second apart from seq `first_seq` on, at second
// `second` + i: later loads append, or land among the earlier ones.
WriteSet InTimeOrder(uint64_t first_seq, uint64_t count, int64_t second) {
  WriteSet set;
  for (uint64_t i = 0; i < count; ++i) {
    const uint64_t seq = first_seq + i;
    set.transactions.push_back(Tx("TO-" + std::to_string(seq),
                                  (second + static_cast<int64_t>(i)) * 1'000'000, seq,
                                  "A" + std::to_string(seq % 101), "B" + std::to_string(seq % 37),
                                  static_cast<int64_t>(seq % 9'000)));
  }
  set.next_seq = first_seq + count;
  return set;
}

// The ledger from the snapshot, which must be current, and from the
// transactions, of the closed store at `path`, in `parts`.
void ExpectSnapshotEqualsTransactions(const std::string& path, size_t parts) {
  auto from_snapshot = OpenOrDie(path, ReadOnly(true));
  auto from_transactions = OpenOrDie(path, ReadOnly(false));
  ASSERT_TRUE(from_snapshot && from_transactions);
  EXPECT_TRUE(*from_snapshot->LedgerSnapshotCurrent());
  auto a = Ledger(*from_snapshot, parts);
  auto b = Ledger(*from_transactions, parts);
  ASSERT_TRUE(a.ok() && b.ok()) << a.status().ToString() << b.status().ToString();
  EXPECT_EQ(*a, *b);
}

// The ledger family of the closed store at `path` holds the blocks its
// header counts, and no stale mark.
void ExpectFamilyMatchesHeader(const std::string& path) {
  WithRawFamily(path, "ledger", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* ledger) {
    ASSERT_NE(ledger, nullptr);
    uint64_t blocks = 0;
    bool header_seen = false, stale_seen = false;
    LedgerSnapshotHeader header;
    std::unique_ptr<rocksdb::Iterator> it(db->NewIterator(rocksdb::ReadOptions(), ledger));
    for (it->SeekToFirst(); it->Valid(); it->Next()) {
      const std::string key = it->key().ToString();
      if (key[0] == kLedgerBlockPrefix) ++blocks;
      if (key == kLedgerHeaderKey)
        header_seen = DecodeLedgerSnapshotHeader(it->value().ToString(), &header);
      if (key == kLedgerStaleKey) stale_seen = true;
    }
    ASSERT_TRUE(it->status().ok());
    EXPECT_TRUE(header_seen);
    EXPECT_FALSE(stale_seen);
    EXPECT_EQ(blocks, header.blocks);
  });
}

// Commits `sets` to the store at `path`, builds the snapshot and closes the
// store; then the snapshot must give the transactions' ledger.
Store::LedgerSnapshotBuild LoadAndBuild(const std::string& path, std::vector<WriteSet> sets) {
  Store::LedgerSnapshotBuild built;
  {
    auto store = OpenOrDie(path);
    EXPECT_TRUE(store);
    if (!store) return built;
    for (const WriteSet& set : sets) EXPECT_TRUE(store->Commit(set).ok());
    EXPECT_FALSE(*store->LedgerSnapshotCurrent());
    auto b = store->BuildLedgerSnapshot();
    EXPECT_TRUE(b.ok()) << b.status().ToString();
    if (b.ok()) built = *b;
  }
  ExpectSnapshotEqualsTransactions(path, 3);
  ExpectFamilyMatchesHeader(path);
  return built;
}

TEST(StoreLedgerTest, LaterLoadsRepackOnlyTheBlocksFromTheirFirstTransactionOn) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  EXPECT_EQ(LoadAndBuild(path, {InTimeOrder(1, 70'000, 0)}).repacked, 70'000u);

  // Appended: only the last block and the new transactions are packed.
  auto appended = LoadAndBuild(path, {InTimeOrder(70'001, 100, 80'000)});
  EXPECT_EQ(appended.entries, 70'100u);
  EXPECT_GT(appended.repacked, 100u);
  EXPECT_LE(appended.repacked, kLedgerBlockEntries + 100);

  // Two loads before a build, the second earlier: packing starts at the
  // earlier, among the last blocks, whose keys all move.
  auto among = LoadAndBuild(path, {InTimeOrder(70'101, 5, 79'000), InTimeOrder(70'106, 5, 60'000)});
  EXPECT_EQ(among.entries, 70'110u);
  EXPECT_GT(among.repacked, 10u);
  EXPECT_LT(among.repacked, 70'110u / 2);

  // Before most blocks: the whole snapshot is built again.
  EXPECT_EQ(LoadAndBuild(path, {InTimeOrder(70'111, 1, 10)}).repacked, 70'111u);
  ExpectSnapshotEqualsTransactions(path, 16);
}

// A re-run of a load that had committed everything commits transactions
// without a new next_seq: the stamp cannot tell, the drop must.
TEST(StoreLedgerTest, ACommitOfTransactionsDropsTheSnapshotEvenWithTheSameNextSeq) {
  TempDir dir;
  BuildStore(dir.Sub("db"), 1'000);
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  WriteSet more = Transactions(1'001, 5);
  more.next_seq.reset();
  ASSERT_TRUE(store->Commit(more).ok());
  EXPECT_FALSE(*store->LedgerSnapshotCurrent());
  auto got = Ledger(*store);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->size(), 1'005u);
}

TEST(StoreLedgerTest, ADamagedBlockIsAnErrorThatNamesTheRemedy) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  BuildStore(path, 5'000);
  std::vector<std::string> truth;
  {
    auto store = OpenOrDie(path, ReadOnly(false));
    ASSERT_TRUE(store);
    truth = *Ledger(*store);
  }
  WithRawFamily(path, "ledger", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* ledger) {
    ASSERT_NE(ledger, nullptr);
    ASSERT_TRUE(
        db->Put(rocksdb::WriteOptions(), ledger, FirstBlockKey(db, ledger), "\x05garbage").ok());
  });
  {
    auto store = OpenOrDie(path, ReadOnly(true));
    ASSERT_TRUE(store);
    auto got = Ledger(*store);
    EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
    EXPECT_THAT(got.status().message(), HasSubstr("malformed block"));
    EXPECT_THAT(got.status().message(), HasSubstr("moneytrail compact --db '" + path + "'"));
  }
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->BuildLedgerSnapshot().ok());
  auto repaired = Ledger(*store, 3);
  ASSERT_TRUE(repaired.ok()) << repaired.status().ToString();
  EXPECT_EQ(*repaired, truth);
}

TEST(StoreLedgerTest, AMissingBlockIsCaughtByTheHeadersCounts) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  BuildStore(path, 40'000);
  DeleteFirstBlock(path);
  auto store = OpenOrDie(path, ReadOnly(true));
  ASSERT_TRUE(store);
  auto got = Ledger(*store, 2);
  EXPECT_EQ(got.status().code(), StatusCode::kCorruption);
  EXPECT_THAT(got.status().message(), HasSubstr("where its header says 40000 in"));
  // A scan its caller stopped early has no count to check.
  size_t seen = 0;
  EXPECT_TRUE(
      store->ForEachLedgerEntry([&](const Store::LedgerEntry&) { return ++seen < 10; }).ok());
  EXPECT_EQ(seen, 10u);
}

TEST(StoreLedgerTest, ASnapshotStampedWithAnotherNextSeqIsNotRead) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  BuildStore(path, 2'000);
  // As if transactions had been committed by something that did not drop it.
  DeleteFirstBlock(path);
  WithRawFamily(path, "meta", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* meta) {
    ASSERT_NE(meta, nullptr);
    std::string v(8, '\0');
    v[7] = 1;  // next_seq 1
    ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), meta, "next_seq", v).ok());
  });
  {
    auto store = OpenOrDie(path, ReadOnly(true));
    ASSERT_TRUE(store);
    EXPECT_FALSE(*store->LedgerSnapshotCurrent());
    auto got = Ledger(*store);
    ASSERT_TRUE(got.ok()) << got.status().ToString();  // the damaged snapshot is not read
    EXPECT_EQ(got->size(), 2'000u);
  }
  // Nor are its blocks kept by the next load's build.
  EXPECT_EQ(LoadAndBuild(path, {Transactions(2'001, 1)}).repacked, 2'001u);
}

TEST(StoreLedgerTest, AStoreFromBeforeTheSnapshotOpensReadOnlyWithoutIt) {
  TempDir dir;
  const std::string path = dir.Sub("db");
  {
    auto store = OpenOrDie(path);
    ASSERT_TRUE(store);
    ASSERT_TRUE(store->Commit(Transactions(1, 100)).ok());
  }
  WithRawFamily(path, "ledger", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* ledger) {
    ASSERT_NE(ledger, nullptr);
    ASSERT_TRUE(db->DropColumnFamily(ledger).ok());
  });
  {
    auto store = OpenOrDie(path, ReadOnly(true));
    ASSERT_TRUE(store);
    EXPECT_FALSE(*store->LedgerSnapshotCurrent());
    auto got = Ledger(*store, 2);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->size(), 100u);
    EXPECT_EQ(store->BuildLedgerSnapshot().status().code(), StatusCode::kUsage);
    auto stats = store->Stats();
    ASSERT_TRUE(stats.ok());
    EXPECT_GT(stats->bytes_on_disk, 0u);
  }
  auto store = OpenOrDie(path);  // a writer adds the family
  ASSERT_TRUE(store);
  auto packed = store->BuildLedgerSnapshot();
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  EXPECT_EQ(packed->entries, 100u);
  EXPECT_TRUE(*store->LedgerSnapshotCurrent());
}

TEST(StoreLedgerTest, AnEmptyStoreHasAnEmptySnapshotAndACheckpointCarriesIt) {
  TempDir dir;
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  auto packed = store->BuildLedgerSnapshot();
  ASSERT_TRUE(packed.ok()) << packed.status().ToString();
  EXPECT_EQ(packed->entries, 0u);
  EXPECT_TRUE(*store->LedgerSnapshotCurrent());
  EXPECT_TRUE(Ledger(*store)->empty());

  ASSERT_TRUE(store->Commit(Transactions(1, 300)).ok());
  ASSERT_TRUE(store->BuildLedgerSnapshot().ok());
  ASSERT_TRUE(store->Checkpoint(dir.Sub("copy")).ok());
  auto copy = OpenOrDie(dir.Sub("copy"), ReadOnly(true));
  ASSERT_TRUE(copy);
  EXPECT_TRUE(*copy->LedgerSnapshotCurrent());
  EXPECT_EQ(*Ledger(*copy, 2), *Ledger(*store));
}

}  // namespace
}  // namespace moneytrail::storage
