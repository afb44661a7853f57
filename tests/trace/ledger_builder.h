// Test helper: builds a TraceInput by name, one transaction per hour from
// 2024-03-01T00:00:00Z, and reads results back by account id and claimant.
#ifndef MONEYTRAIL_TESTS_TRACE_LEDGER_BUILDER_H_
#define MONEYTRAIL_TESTS_TRACE_LEDGER_BUILDER_H_

#include <string>
#include <vector>

#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::trace::testing {

// Euros to cents.
constexpr int64_t Eur(int64_t euros) { return euros * 100; }

class LedgerBuilder {
 public:
  explicit LedgerBuilder(std::string case_id = "K-1") { input.case_id = std::move(case_id); }

  uint32_t Account(const std::string& id, int64_t opening = 0) {
    input.accounts.push_back({id, opening});
    return static_cast<uint32_t>(input.accounts.size() - 1);
  }
  // Returns the tx index. `hours` is the offset from the start; -1 = one hour after the last.
  size_t Tx(const std::string& tx_id, uint32_t from, uint32_t to, int64_t amount,
            int64_t hours = -1) {
    next_hour_ = hours >= 0 ? hours : next_hour_ + 1;
    LedgerTx tx;
    tx.ref = tx_ids.size();
    tx.timestamp = Timestamp{kStart + next_hour_ * 3600 * Timestamp::kMicrosPerSecond};
    tx.from = from;
    tx.to = to;
    tx.amount = amount;
    input.txs.push_back(tx);
    tx_ids.push_back(tx_id);
    return input.txs.size() - 1;
  }
  // Seeds tx `tx`: the whole amount unless `tainted` > 0; claimant defaults to the case id.
  void Seed(size_t tx, int64_t tainted = 0, const std::string& claimant = "") {
    input.seeds.push_back({tx, tx_ids[tx], tainted > 0 ? tainted : input.txs[tx].amount,
                           claimant.empty() ? input.case_id : claimant});
  }
  void Asset(size_t tx, const std::string& asset_id) {
    input.asset_purchases.push_back({tx, asset_id});
  }
  TraceLabels Labels() const {
    TraceLabels labels;
    labels.tx_id = [ids = tx_ids](uint64_t ref) { return ids.at(ref); };
    return labels;
  }
  Timestamp At(int64_t hours) const {
    return Timestamp{kStart + hours * 3600 * Timestamp::kMicrosPerSecond};
  }

  TraceInput input;
  std::vector<std::string> tx_ids;

 private:
  static constexpr int64_t kStart = 1709251200LL * Timestamp::kMicrosPerSecond;  // 2024-03-01
  int64_t next_hour_ = -1;
};

inline const AccountResult* FindById(const TraceResult& r, const TraceInput& in,
                                     const std::string& id) {
  for (const AccountResult& a : r.accounts) {
    if (in.accounts[a.account].id == id) return &a;
  }
  return nullptr;
}

// Tainted balance of an account (0 if it never held taint).
inline int64_t Held(const TraceResult& r, const TraceInput& in, const std::string& id) {
  const AccountResult* a = FindById(r, in, id);
  return a ? a->tainted_balance : 0;
}

inline int64_t HeldBy(const TraceResult& r, const TraceInput& in, const std::string& id,
                      const std::string& claimant) {
  const AccountResult* a = FindById(r, in, id);
  if (!a) return 0;
  for (const ClaimantAccountTotals& c : a->by_claimant) {
    if (r.claimants[c.claimant] == claimant) return c.balance;
  }
  return 0;
}

// Amount of `claimant` in a flow's or exit's split.
template <typename T>
int64_t SplitOf(const TraceResult& r, const T& item, const std::string& claimant) {
  for (const ClaimantAmount& ca : r.ByClaimant(item)) {
    if (r.claimants[ca.claimant] == claimant) return ca.amount;
  }
  return 0;
}

}  // namespace moneytrail::trace::testing

#endif  // MONEYTRAIL_TESTS_TRACE_LEDGER_BUILDER_H_
