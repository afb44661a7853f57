// A tiny store built in a temp directory for query tests: accounts, parties
// with identifiers, and transactions, written with one Commit().
#ifndef MONEYTRAIL_TESTS_QUERY_TEST_STORE_H_
#define MONEYTRAIL_TESTS_QUERY_TEST_STORE_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "engine/core/amount.h"
#include "engine/core/timestamp.h"
#include "engine/storage/store.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::query::testing {

inline int64_t Cents(const std::string& euros) { return ParseMinorUnits(euros, 2, true).value(); }

// Hours after 2024-03-01T00:00:00Z.
inline Timestamp At(int hours) {
  return Timestamp{ParseTimestamp("2024-03-01T00:00:00Z").value().micros +
                   int64_t{hours} * 3600 * Timestamp::kMicrosPerSecond};
}

struct Ids {
  std::string national_id = {};
  std::string phone = {};
  std::string email = {};
  std::string address = {};
  std::string device = {};
};

class TestStore {
 public:
  TestStore& Account(const std::string& id, const std::string& holder = "",
                     const std::string& opening = "0.00") {
    moneytrail::Account a;
    a.account_id = id;
    a.holder_id = holder;
    a.holder_name = holder.empty() ? "" : "name of " + holder;
    a.opening_balance = opening;
    a.opening_balance_base = Cents(opening);
    set_.accounts.push_back(a);
    return *this;
  }
  TestStore& Party(const std::string& id, const Ids& ids = {}) {
    moneytrail::Party p;
    p.party_id = id;
    p.name = "Party " + id;
    p.kind = "person";
    p.national_id = ids.national_id;
    p.phone = ids.phone;
    p.email = ids.email;
    p.address = ids.address;
    p.device = ids.device;
    set_.parties.push_back(p);
    return *this;
  }
  // from/to "" = cash.
  TestStore& Tx(const std::string& id, int hours, const std::string& from, const std::string& to,
                const std::string& euros) {
    Transaction t;
    t.tx_id = id;
    t.timestamp = At(hours);
    t.seq = set_.transactions.size() + 1;
    t.from_account = from.empty() ? "CASH" : from;
    t.to_account = to.empty() ? "CASH" : to;
    t.amount = {Cents(euros), Currency()};
    t.base_minor = Cents(euros);
    set_.transactions.push_back(t);
    return *this;
  }

  // A case whose one seed is the whole of transaction `seed_tx`.
  TestStore& Case(const std::string& id, const std::string& seed_tx) {
    moneytrail::Case c;
    c.case_id = id;
    c.title = "Case " + id;
    c.jurisdiction = "ES";
    c.seeds.push_back(Seed{seed_tx, "", ""});
    set_.cases.push_back(c);
    return *this;
  }

  const storage::Store& Build() {
    set_.next_seq = set_.transactions.size() + 1;
    auto s = storage::Store::Open(dir_.Sub("store"), {});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    Status c = store_->Commit(set_);
    EXPECT_TRUE(c.ok()) << c.ToString();
    return *store_;
  }
  // Builds, closes, and returns the directory (for tests that run the binary).
  std::string BuildDir() {
    Build();
    store_.reset();
    return dir_.Sub("store");
  }
  const moneytrail::testing::TempDir& dir() const { return dir_; }

 private:
  moneytrail::testing::TempDir dir_;
  storage::WriteSet set_;
  std::unique_ptr<storage::Store> store_;
};

// The small neighbourhood the walk tests share: A pays B twice and C, D
// pays A, A withdraws cash; B and C pay E, C pays F, B pays C, E pays G, G
// pays A.
inline TestStore& AddSmallNeighbourhood(TestStore& t) {
  return t.Tx("T1", 1, "A", "B", "10.00")
      .Tx("T2", 5, "A", "B", "20.00")
      .Tx("T3", 2, "A", "C", "5.00")
      .Tx("T4", 3, "D", "A", "7.00")
      .Tx("T5", 4, "A", "", "3.00")
      .Tx("T6", 6, "B", "E", "4.00")
      .Tx("T7", 7, "C", "E", "9.00")
      .Tx("T8", 8, "C", "F", "1.00")
      .Tx("T9", 9, "B", "C", "2.00")
      .Tx("T10", 10, "E", "G", "1.00")
      .Tx("T11", 11, "G", "A", "1.00");
}

}  // namespace moneytrail::query::testing

#endif  // MONEYTRAIL_TESTS_QUERY_TEST_STORE_H_
