// A store in a temp directory and a Loader on it, for end-to-end ingest tests.
#ifndef MONEYTRAIL_TESTS_INGEST_LOADER_FIXTURE_H_
#define MONEYTRAIL_TESTS_INGEST_LOADER_FIXTURE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/storage/store.h"
#include "ingest/loader.h"
#include "tests/ingest/test_files.h"

namespace moneytrail::ingest {

inline constexpr const char* kTxHeader = "tx_id,timestamp,from_account,to_account,amount,currency";

// "T-<n>,2024-03-01T10:00:00Z,A1,A2,<n>.00,EUR"
inline std::string GoodRow(int n) {
  return "T-" + std::to_string(n) + ",2024-03-01T10:00:00Z,A1,A2," + std::to_string(n) + ".00,EUR";
}

class LoaderFixture : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }

  void Reopen() {
    store_.reset();
    auto s = storage::Store::Open(dir_.Sub("db"), storage::StoreOptions());
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
  }

  std::string Write(const std::string& name, const std::string& bytes) {
    return dir_.Write(name, bytes);
  }

  Result<LoadReport> Load(const std::string& path, const std::string& name,
                          LoadOptions options = {}) {
    return Loader(store_.get()).LoadFile(path, name, options);
  }

  // Writes and loads `name`; the load itself must succeed.
  LoadReport LoadOk(const std::string& name, const std::string& bytes, LoadOptions options = {}) {
    auto report = Load(Write(name, bytes), name, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : LoadReport();
  }

  std::optional<Transaction> Tx(const std::string& id) {
    auto tx = store_->GetTransaction(id);
    EXPECT_TRUE(tx.ok()) << tx.status().ToString();
    return tx.ok() ? *tx : std::nullopt;
  }

  uint64_t TxCount() { return store_->Stats()->transactions; }

  testing::TempDir dir_;
  std::unique_ptr<storage::Store> store_;
};

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_TESTS_INGEST_LOADER_FIXTURE_H_
