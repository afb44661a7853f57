// Helpers shared by the store's tests: records, opening, and writing behind
// the Store's back as damage or another version would.
#ifndef MONEYTRAIL_TESTS_STORAGE_STORE_TESTING_H_
#define MONEYTRAIL_TESTS_STORAGE_STORE_TESTING_H_

#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "engine/storage/store.h"

namespace moneytrail::storage::testing {

inline Currency Cur(const char* code) { return *Currency::FromCode(code); }

inline Transaction Tx(std::string id, int64_t micros, uint64_t seq, std::string from,
                      std::string to, int64_t minor = 100) {
  Transaction tx;
  tx.tx_id = std::move(id);
  tx.timestamp = Timestamp{micros};
  tx.seq = seq;
  tx.from_account = std::move(from);
  tx.to_account = std::move(to);
  tx.amount = Amount{minor, Cur("EUR")};
  tx.base_minor = minor;
  tx.provenance = {1, seq + 1};
  return tx;
}

inline std::unique_ptr<Store> OpenOrDie(const std::string& path, StoreOptions options = {}) {
  auto store = Store::Open(path, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

// Opens the closed store at `path` with RocksDB itself and calls fn with the
// database and the handle of `family` (nullptr when it has none).
inline void WithRawFamily(
    const std::string& path, const std::string& family,
    const std::function<void(rocksdb::DB*, rocksdb::ColumnFamilyHandle*)>& fn) {
  std::vector<std::string> names;
  ASSERT_TRUE(rocksdb::DB::ListColumnFamilies(rocksdb::DBOptions(), path, &names).ok());
  std::vector<rocksdb::ColumnFamilyDescriptor> descs;
  for (const auto& n : names) descs.emplace_back(n, rocksdb::ColumnFamilyOptions());
  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  ASSERT_TRUE(rocksdb::DB::Open(rocksdb::DBOptions(), path, descs, &handles, &raw).ok());
  std::unique_ptr<rocksdb::DB> db(raw);
  rocksdb::ColumnFamilyHandle* handle = nullptr;
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == family) handle = handles[i];
  }
  fn(db.get(), handle);
  for (auto* h : handles) ASSERT_TRUE(db->DestroyColumnFamilyHandle(h).ok());
  ASSERT_TRUE(db->Close().ok());
}

}  // namespace moneytrail::storage::testing

#endif  // MONEYTRAIL_TESTS_STORAGE_STORE_TESTING_H_
