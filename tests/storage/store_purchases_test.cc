// The asset purchases' places: the same from the index as looked up, the
// index read when current and passed over when a load has made it stale.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <optional>
#include <string>
#include <vector>

#include "engine/storage/store.h"
#include "tests/storage/store_testing.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::storage {
namespace {

using ::moneytrail::storage::testing::OpenOrDie;
using ::moneytrail::storage::testing::Tx;
using ::moneytrail::storage::testing::WithRawFamily;
using ::moneytrail::testing::TempDir;

Asset BoughtBy(std::string id, std::string tx_id) {
  Asset a;
  a.asset_id = std::move(id);
  a.kind = "vehicle";
  a.acquired_tx = std::move(tx_id);
  return a;
}

// "asset_id@micros/seq", or "asset_id@-" when the store lacks the purchase.
std::vector<std::string> Describe(const Store& store) {
  auto got = store.AssetPurchases();
  EXPECT_TRUE(got.ok()) << got.status().ToString();
  std::vector<std::string> out;
  if (!got.ok()) return out;
  for (const Store::AssetPurchase& p : *got) {
    out.push_back(
        p.asset_id + "@" +
        (p.at ? std::to_string(p.at->timestamp.micros) + "/" + std::to_string(p.at->seq) : "-"));
  }
  return out;
}

StoreOptions ReadOnly() {
  StoreOptions o;
  o.read_only = true;
  return o;
}

// Three transactions; assets bought by the second, by one not in the store,
// by the third, and one with no purchase named.
void BuildStore(const std::string& path) {
  auto store = OpenOrDie(path);
  ASSERT_TRUE(store);
  WriteSet set;
  set.transactions = {Tx("T-1", 1'000, 1, "A", "B"), Tx("T-2", 2'000, 2, "B", "SHOP"),
                      Tx("T-3", 3'000, 3, "B", "DEALER")};
  set.next_seq = 4;
  set.assets = {BoughtBy("AS-1", "T-2"), BoughtBy("AS-2", "T-9"), BoughtBy("AS-3", "T-3"),
                BoughtBy("AS-4", "")};
  ASSERT_TRUE(store->Commit(set).ok());
}

const std::vector<std::string> kBuilt = {"AS-1@2000/2", "AS-2@-", "AS-3@3000/3"};

TEST(StorePurchasesTest, WithoutAnIndexThePlacesAreLookedUp) {
  TempDir dir;
  BuildStore(dir.Sub("db"));
  auto store = OpenOrDie(dir.Sub("db"), ReadOnly());
  ASSERT_TRUE(store);
  EXPECT_EQ(Describe(*store), kBuilt);
}

TEST(StorePurchasesTest, TheIndexIsBuiltOnceAndThenRead) {
  TempDir dir;
  BuildStore(dir.Sub("db"));
  {
    auto store = OpenOrDie(dir.Sub("db"));
    ASSERT_TRUE(store);
    EXPECT_FALSE(*store->PurchaseIndexCurrent());
    auto built = store->BuildPurchaseIndex();
    ASSERT_TRUE(built.ok()) << built.status().ToString();
    EXPECT_TRUE(*built);
    built = store->BuildPurchaseIndex();
    ASSERT_TRUE(built.ok());
    EXPECT_FALSE(*built);  // current
    EXPECT_TRUE(*store->PurchaseIndexCurrent());
    EXPECT_EQ(Describe(*store), kBuilt);
  }
  // T-2 goes from the id index behind the store's back: only the purchase
  // index still knows its place.
  WithRawFamily(dir.Sub("db"), "txid", [](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* txid) {
    ASSERT_TRUE(db->Delete(rocksdb::WriteOptions(), txid, "T-2").ok());
  });
  auto store = OpenOrDie(dir.Sub("db"), ReadOnly());
  ASSERT_TRUE(store);
  EXPECT_FALSE(store->PositionOf("T-2")->has_value());
  EXPECT_EQ(Describe(*store), kBuilt);
  EXPECT_EQ(store->BuildPurchaseIndex().status().code(), StatusCode::kUsage);
}

TEST(StorePurchasesTest, ALoadOfAssetsOrTransactionsMakesTheIndexStaleNeverWrong) {
  TempDir dir;
  BuildStore(dir.Sub("db"));
  auto store = OpenOrDie(dir.Sub("db"));
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->BuildPurchaseIndex().ok());

  // The missing purchase arrives: a transaction load.
  WriteSet late;
  late.transactions = {Tx("T-9", 9'000, 4, "B", "BOATYARD")};
  late.next_seq = 5;
  ASSERT_TRUE(store->Commit(late).ok());
  EXPECT_FALSE(*store->PurchaseIndexCurrent());
  EXPECT_EQ(Describe(*store),
            (std::vector<std::string>{"AS-1@2000/2", "AS-2@9000/4", "AS-3@3000/3"}));
  EXPECT_TRUE(*store->BuildPurchaseIndex());

  // An asset now names another purchase, and one more is bought: an asset load.
  WriteSet assets;
  assets.assets = {BoughtBy("AS-3", "T-1"), BoughtBy("AS-5", "T-3")};
  ASSERT_TRUE(store->Commit(assets).ok());
  EXPECT_FALSE(*store->PurchaseIndexCurrent());
  const std::vector<std::string> now = {"AS-1@2000/2", "AS-2@9000/4", "AS-3@1000/1", "AS-5@3000/3"};
  EXPECT_EQ(Describe(*store), now);
  EXPECT_TRUE(*store->BuildPurchaseIndex());
  EXPECT_TRUE(*store->PurchaseIndexCurrent());
  EXPECT_EQ(Describe(*store), now);
}

TEST(StorePurchasesTest, ADamagedIndexIsPassedOver) {
  TempDir dir;
  BuildStore(dir.Sub("db"));
  ASSERT_TRUE(OpenOrDie(dir.Sub("db"))->BuildPurchaseIndex().ok());
  std::string index;
  WithRawFamily(dir.Sub("db"), "ledger", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* ledger) {
    ASSERT_NE(ledger, nullptr);
    ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), ledger, "p", &index).ok());
  });
  ASSERT_GT(index.size(), 70u);
  // Cut short, or of another version: refused, and the places looked up.
  for (const std::string& damaged :
       {index.substr(0, index.size() - 3), std::string(1, '\x7f') + index.substr(1)}) {
    WithRawFamily(dir.Sub("db"), "ledger", [&](rocksdb::DB* db, rocksdb::ColumnFamilyHandle* l) {
      ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), l, "p", damaged).ok());
    });
    auto store = OpenOrDie(dir.Sub("db"), ReadOnly());
    ASSERT_TRUE(store);
    EXPECT_EQ(Describe(*store), kBuilt);
  }
}

}  // namespace
}  // namespace moneytrail::storage
