// A tiny store built in a temp directory for one rules scenario: accounts,
// parties, assets, transactions and a case, written with one Commit().
#ifndef MONEYTRAIL_TESTS_RULES_SCENARIO_H_
#define MONEYTRAIL_TESTS_RULES_SCENARIO_H_

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "engine/core/amount.h"
#include "engine/core/timestamp.h"
#include "engine/storage/store.h"
#include "rules/flags.h"
#include "rules/rulebook.h"
#include "tests/testing/temp_dir.h"

namespace moneytrail::rules::testing {

inline int64_t Cents(const std::string& euros) { return ParseMinorUnits(euros, 2).value(); }

// Hours after 2024-03-01T00:00:00Z.
inline Timestamp At(double hours) {
  return Timestamp{ParseTimestamp("2024-03-01T00:00:00Z").value().micros +
                   static_cast<int64_t>(hours * 3600) * Timestamp::kMicrosPerSecond};
}

class Scenario {
 public:
  Scenario() { kase_.case_id = "K-1", kase_.jurisdiction = "ES", kase_.title = "test"; }

  Scenario& Account(const std::string& id, const std::string& holder,
                    const std::string& country = "ES", const std::string& opening = "0.00") {
    moneytrail::Account a;
    a.account_id = id;
    a.holder_id = holder;
    a.country = country;
    a.institution = "BANK" + country;
    a.opening_balance = opening;
    a.opening_balance_base = Cents(opening);
    set_.accounts.push_back(a);
    return *this;
  }
  Scenario& Party(const std::string& id, const std::string& kind = "person") {
    moneytrail::Party p;
    p.party_id = id;
    p.name = id;
    p.kind = kind;
    set_.parties.push_back(p);
    return *this;
  }
  // from/to "" = cash.
  Scenario& Tx(const std::string& id, double hours, const std::string& from, const std::string& to,
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
  Scenario& Asset(const std::string& id, const std::string& tx, const std::string& value,
                  const std::string& owner) {
    moneytrail::Asset a;
    a.asset_id = id;
    a.kind = "vehicle";
    a.description = id;
    a.owner_id = owner;
    a.value = value;
    a.currency = "EUR";
    a.acquired_tx = tx;
    set_.assets.push_back(a);
    return *this;
  }
  Scenario& Seed(const std::string& tx) {
    kase_.seeds.push_back({tx, "", ""});
    return *this;
  }

  storage::Store& Build() {
    set_.cases = {kase_};
    set_.next_seq = set_.transactions.size() + 1;
    auto s = storage::Store::Open(dir_.Sub("store"), {});
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    Status c = store_->Commit(set_);
    EXPECT_TRUE(c.ok()) << c.ToString();
    return *store_;
  }

  // Flags of the case under `book` (default rulebook when null).
  FlagReport Flag(const Rulebook* book = nullptr) {
    if (!store_) Build();
    Rulebook def = ParseRulebook(DefaultRulebookJson()).value();
    auto r = FlagCase(*store_, kase_, book ? *book : def, {});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : FlagReport{};
  }
  FlagReport Typologies(const Rulebook* book = nullptr) {
    if (!store_) Build();
    Rulebook def = ParseRulebook(DefaultRulebookJson()).value();
    auto r = FlagTypologies(*store_, book ? *book : def);
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? std::move(r).value() : FlagReport{};
  }

 private:
  moneytrail::testing::TempDir dir_;
  storage::WriteSet set_;
  Case kase_;
  std::unique_ptr<storage::Store> store_;
};

// The flags of one rule, in output order.
inline std::vector<Flag> Of(const FlagReport& r, const std::string& rule_id) {
  std::vector<Flag> out;
  for (const Flag& f : r.flags) {
    if (f.rule_id == rule_id) out.push_back(f);
  }
  return out;
}

inline const Value* FactOf(const Flag& f, const std::string& name) {
  for (const ShownFact& s : f.facts) {
    if (s.name == name) return &s.value;
  }
  return nullptr;
}

}  // namespace moneytrail::rules::testing

#endif  // MONEYTRAIL_TESTS_RULES_SCENARIO_H_
