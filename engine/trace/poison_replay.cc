// Poison for one claimant: the replay of the widest traces.
//
// A seed paid into a busy account poisons nearly every account of the store
// within days, and from then on nearly every transaction is a tainted step.
// The general Replayer keeps an account's balance in a slot and its taint in
// a record elsewhere, with claimant lists and scratch vectors that the
// splitting methods need; a tainted step there touches four or more cache
// lines in 30 MB of state. Under poison with one claimant an account is a
// balance, a flag and two sums, so here it is one 40-byte entry (8 MB for
// 200,000 accounts, which stays in the cache) and a tainted step touches two.
//
// The result is Replay()'s, field for field: the property tests hold this
// replay to the reference and to the general one.
#include <algorithm>
#include <climits>

#include "engine/trace/ledger.h"
#include "engine/trace/replay.h"

namespace moneytrail::trace::internal {
namespace {

constexpr int kNoHop = INT_MAX;
constexpr uint32_t kClaimant = 0;  // the only one

struct PoisonAccount {
  int64_t balance = 0;
  int64_t inferred = 0;  // rule 4
  // Whole amounts of the credits that carried the flag and of the debits
  // made since the account was poisoned.
  int64_t received = 0;
  int64_t sent = 0;
  int hop = kNoHop;  // kNoHop: not poisoned (yet)
};

class PoisonReplayer {
 public:
  PoisonReplayer(const TraceInput& input, const TraceOptions& options, const Prepared& prepared)
      : input_(input), options_(options), prepared_(prepared), accounts_(input.accounts.size()) {
    for (size_t i = 0; i < accounts_.size(); ++i)
      accounts_[i].balance = input.accounts[i].opening_balance;
    result_.by_claimant.resize(prepared.claimants.size());
    // Address space only: pages are touched as flows are written, and a
    // wide trace no longer copies hundreds of MB each time the vector grows.
    result_.flows.reserve(input.txs.size());
    result_.claimant_amounts.reserve(input.txs.size());
  }

  Status Run();
  Result<TraceResult> Finish();

 private:
  void Count(int64_t* total, int64_t v) { overflow_ |= __builtin_add_overflow(*total, v, total); }
  // Takes `amount` out of `a`; a shortfall is inferred clean money (rule 4).
  void Debit(PoisonAccount& a, int64_t amount) {
    if (amount > a.balance) {
      Count(&a.inferred, amount - a.balance);
      a.balance = 0;
    } else {
      a.balance -= amount;
    }
  }
  void Poison(uint32_t account, int64_t tainted, int hop) {
    PoisonAccount& a = accounts_[account];
    if (a.hop == kNoHop) poisoned_.push_back(account);
    a.hop = std::min(a.hop, hop);
    Count(&a.received, tainted);
  }
  // The claimant split of a flow or exit of `amount`: the one claimant, all of it.
  void Split(int64_t amount, uint32_t* begin, uint32_t* end) {
    *begin = static_cast<uint32_t>(result_.claimant_amounts.size());
    result_.claimant_amounts.push_back({kClaimant, amount});
    *end = *begin + 1;
  }
  Status Seed(const LedgerTx& tx, size_t seed_index);
  void Exit(size_t tx, ExitKind kind, uint32_t account, int hop, int64_t amount,
            std::string asset_id = {});

  const TraceInput& input_;
  const TraceOptions& options_;
  const Prepared& prepared_;
  std::vector<PoisonAccount> accounts_;
  std::vector<uint32_t> poisoned_;  // in the order they were poisoned
  TraceResult result_;
  bool overflow_ = false;
};

Status PoisonReplayer::Run() {
  const std::vector<LedgerTx>& txs = input_.txs;
  const std::vector<Special>& specials = prepared_.specials;
  size_t next = 0;
  size_t next_tx = specials.empty() ? SIZE_MAX : specials[0].tx;
  for (size_t i = 0; i < txs.size(); ++i) {
    if (constexpr size_t kAhead = 16; i + kAhead < txs.size()) {
      const LedgerTx& later = txs[i + kAhead];
      if (later.from != kCash) __builtin_prefetch(&accounts_[later.from], 1);
      if (later.to != kCash) __builtin_prefetch(&accounts_[later.to], 1);
    }
    const LedgerTx& tx = txs[i];
    if (options_.until && tx.timestamp > *options_.until) break;
    result_.replayed_txs = i + 1;
    const Special* special = nullptr;
    if (i == next_tx) {
      special = &specials[next++];
      next_tx = next < specials.size() ? specials[next].tx : SIZE_MAX;
      if (special->is_seed) {
        RETURN_IF_ERROR(Seed(tx, special->index));
        continue;
      }
    }
    if (tx.from == kCash) {
      if (tx.to != kCash) Count(&accounts_[tx.to].balance, tx.amount);
      continue;
    }
    PoisonAccount& from = accounts_[tx.from];
    const int hop = from.hop;
    Debit(from, tx.amount);
    if (hop != kNoHop) Count(&from.sent, tx.amount);
    if (tx.to == kCash) {
      if (hop != kNoHop) Exit(i, ExitKind::kCashWithdrawal, tx.from, hop, tx.amount);
      continue;
    }
    Count(&accounts_[tx.to].balance, tx.amount);
    if (hop == kNoHop) continue;
    if (special != nullptr) {  // an asset purchase: taint exits, the seller gets clean money
      Exit(i, ExitKind::kAssetPurchase, tx.from, hop, tx.amount,
           input_.asset_purchases[special->index].second);
    } else if (options_.max_hops && tx.to != tx.from && hop >= *options_.max_hops) {
      Exit(i, ExitKind::kHopLimit, tx.from, hop, tx.amount);
    } else {
      FlowResult& flow = result_.flows.emplace_back();
      flow.tx = i;
      flow.hop = hop + 1;
      flow.tainted_amount = tx.amount;
      Split(tx.amount, &flow.claimants_begin, &flow.claimants_end);
      Poison(tx.to, tx.amount, hop + 1);
    }
  }
  if (overflow_) return Status::DataError("amounts overflow 64-bit minor units during the replay");
  return Status::Ok();
}

Status PoisonReplayer::Seed(const LedgerTx& tx, size_t seed_index) {
  const SeedSpec& seed = input_.seeds[seed_index];
  if (tx.from != kCash) {
    if (accounts_[tx.from].hop != kNoHop) {
      return SeedFromTaintedSender(input_, seed, tx.from, /*poison=*/true);
    }
    Debit(accounts_[tx.from], tx.amount);
  }
  Count(&result_.by_claimant[prepared_.seed_claimant[seed_index]].seed_total, seed.tainted_amount);
  Count(&result_.seed_total, seed.tainted_amount);
  result_.seeds.push_back(seed_index);
  Count(&accounts_[tx.to].balance, tx.amount);  // Trace() refuses seeds paid to cash
  Poison(tx.to, seed.tainted_amount, 0);
  return Status::Ok();
}

void PoisonReplayer::Exit(size_t tx, ExitKind kind, uint32_t account, int hop, int64_t amount,
                          std::string asset_id) {
  ExitResult& e = result_.exits.emplace_back();
  e.tx = tx;
  e.kind = kind;
  e.account = account;
  e.hop = hop;
  e.asset_id = std::move(asset_id);
  e.tainted_amount = amount;
  Split(amount, &e.claimants_begin, &e.claimants_end);
}

Result<TraceResult> PoisonReplayer::Finish() {
  TraceResult& res = result_;
  for (const PoisonAccount& a : accounts_) {
    if (a.inferred == 0) continue;
    Count(&res.inferred_total, a.inferred);
    ++res.inferred_accounts;
  }
  res.accounts.reserve(poisoned_.size());
  for (uint32_t account : poisoned_) {
    const PoisonAccount& a = accounts_[account];
    AccountResult& r = res.accounts.emplace_back();
    r.account = account;
    r.hop = a.hop;
    r.tainted_received = a.received;
    r.tainted_sent = a.sent;
    r.tainted_balance = a.balance;  // the whole balance, once poisoned
    r.inferred_funds = a.inferred;
    r.by_claimant.push_back({kClaimant, a.received, a.sent, a.balance});
    Count(&res.by_claimant[kClaimant].held, a.balance);
    Count(&res.held, a.balance);
  }
  CompleteResult(input_, options_, prepared_, &res, &overflow_);
  if (overflow_) return Status::DataError("tainted totals overflow 64-bit minor units");
  return std::move(res);
}

}  // namespace

Result<TraceResult> ReplayPoisonOneClaimant(const TraceInput& input, const TraceOptions& options,
                                            const Prepared& prepared) {
  PoisonReplayer replayer(input, options, prepared);
  RETURN_IF_ERROR(replayer.Run());
  return replayer.Finish();
}

}  // namespace moneytrail::trace::internal
