// The tracing engine: a pure, time-ordered replay of a ledger that follows
// tainted money (ransom proceeds) through accounts by one of six methods.
// This is the implementation of /work/shared/spec/TRACING.md (contract v1);
// the rule numbers in comments refer to that document.
//
// The engine knows nothing about the store, file formats or the command line:
// the caller loads transactions, converts them to the base currency, orders
// them, and maps accounts and transactions to dense indices. Trace() returns
// plain data that the renderers (trace_json.h, trace_table.h), the comparison
// (compare.h) and the chain finder (engine/graph/chains.h) turn into output.
//
// Money is int64 minor units with checked arithmetic; there is no floating
// point anywhere. Working memory is O(accounts + tainted ledger segments): an
// account that holds no taint is a balance and nothing else.
//
// Thread safety: Trace() is a pure function of its arguments and may run
// concurrently on the same TraceInput (it only reads it). An observer is
// called on the calling thread.
#ifndef MONEYTRAIL_ENGINE_TRACE_TRACE_H_
#define MONEYTRAIL_ENGINE_TRACE_TRACE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/core/status.h"
#include "engine/core/timestamp.h"

namespace moneytrail::trace {

// How a debit takes money out of a mixed account (TRACING.md, "Methods").
enum class Method { kFifo, kLifo, kProRata, kLibr, kTaintedFirst, kPoison };

// "fifo", "lifo", "pro-rata", "libr", "tainted-first", "poison".
std::string_view MethodName(Method method);
// The method with that exact name, std::nullopt for anything else.
std::optional<Method> MethodFromName(std::string_view name);
inline constexpr Method kAllMethods[] = {Method::kFifo, Method::kLifo,         Method::kProRata,
                                         Method::kLibr, Method::kTaintedFirst, Method::kPoison};

// `from`/`to` of a cash deposit/withdrawal (rule 6).
inline constexpr uint32_t kCash = UINT32_MAX;

// One transaction, already converted to the store's base currency.
struct LedgerTx {
  uint64_t ref = 0;  // opaque to the engine: the caller maps it back to a tx_id
  Timestamp timestamp;
  uint32_t from = kCash;  // index into TraceInput::accounts, or kCash
  uint32_t to = kCash;    // index into TraceInput::accounts, or kCash
  int64_t amount = 0;     // minor units, > 0
};

struct LedgerAccount {
  std::string id;
  int64_t opening_balance = 0;  // clean (rule 2); must not be negative
};

// A transaction named by the case as proceeds.
struct SeedSpec {
  size_t tx = 0;           // index into TraceInput::txs
  std::string tx_id;       // for messages
  int64_t tainted_amount;  // 0 < tainted_amount <= txs[tx].amount; comes first in the credit
  std::string claimant;    // never empty (the caller defaults it to the case id)
};

struct TraceInput {
  std::string case_id;
  std::vector<LedgerAccount> accounts;
  // Replay order: (timestamp, ingest sequence). The caller guarantees it; Trace()
  // refuses timestamps that go backwards.
  std::vector<LedgerTx> txs;
  std::vector<SeedSpec> seeds;
  // Transactions that an asset names as `acquired_tx` (rule 7): tx index -> asset_id.
  std::vector<std::pair<size_t, std::string>> asset_purchases;
};

// Amount of one claimant. `claimant` indexes TraceResult::claimants.
struct ClaimantAmount {
  uint32_t claimant = 0;
  int64_t amount = 0;
  friend bool operator==(const ClaimantAmount&, const ClaimantAmount&) = default;
};

// What a TraceObserver sees of one account after a step.
struct AccountSnapshot {
  uint32_t account = 0;
  int64_t balance = 0;
  // Taint it holds (poison: the whole balance once poisoned).
  int64_t tainted = 0;
  // Taint credited to it by this step (a seed's tainted part included).
  int64_t tainted_credited = 0;
  // Sum of its ledger segments (fifo/lifo with taint); equals `balance` unless
  // the engine is broken. Other methods report `balance`.
  int64_t ledger_total = 0;
  std::vector<ClaimantAmount> tainted_by_claimant;  // sorted by claimant, nonzero only
};

// After every replayed transaction: the accounts it touched (none for cash to
// cash, one for a deposit, a withdrawal or a self-transfer, else two).
struct StepEvent {
  size_t tx = 0;
  std::vector<AccountSnapshot> accounts;
};

// A hook for tests and diagnostics. Setting one makes the replay slower.
class TraceObserver {
 public:
  virtual ~TraceObserver() = default;
  // Called once per replayed transaction, in replay order, with the state
  // after it. Not called for the transaction that fails a trace (rule 11).
  virtual void OnStep(const StepEvent& event) = 0;
};

struct TraceOptions {
  Method method = Method::kLibr;
  // Replay stops after the last transaction at or before this instant (rule 8).
  // Seeds after it are not replayed and count nowhere.
  std::optional<Timestamp> until;
  // With a value N: taint that would leave an account whose hop is >= N for
  // another account does not travel; it becomes a hop_limit exit and the
  // receiver gets clean money. Cash withdrawals and asset purchases from such
  // an account stay what they are (the trail ends there anyway), and a
  // self-transfer reaches no new account, so neither is limited. Must be >= 0.
  std::optional<int> max_hops;
  // Not owned; nullptr for none.
  TraceObserver* observer = nullptr;
};

enum class ExitKind { kCashWithdrawal, kAssetPurchase, kHopLimit };
// "cash_withdrawal", "asset_purchase", "hop_limit".
std::string_view ExitKindName(ExitKind kind);

struct ClaimantAccountTotals {
  uint32_t claimant = 0;
  int64_t received = 0;
  int64_t sent = 0;
  int64_t balance = 0;  // poison: the account's whole balance
};

// An account that ever held taint. tainted_received counts every tainted
// credit (a seed's tainted part included); tainted_sent every tainted debit,
// exits included; for every method but poison, balance = received - sent.
// Under poison, received and sent are the whole amounts of the credits and
// debits that carried the flag, and the balance is the whole balance.
struct AccountResult {
  uint32_t account = 0;  // index into TraceInput::accounts
  int hop = 0;           // final (minimum) hop
  int64_t tainted_received = 0;
  int64_t tainted_sent = 0;
  int64_t tainted_balance = 0;                     // poison: the whole balance
  int64_t inferred_funds = 0;                      // rule 4, over the whole replay
  std::vector<ClaimantAccountTotals> by_claimant;  // sorted by claimant; claimants it received
};

// A transaction that carried taint from one account to another, or to itself
// (rule 10). Exits (cash, assets, hop limits) are not flows, nor are seeds.
// The claimant split is TraceResult::ByClaimant(flow), nonzero amounts only;
// under poison each flagged claimant gets the whole amount.
struct FlowResult {
  size_t tx = 0;  // index into TraceInput::txs
  int hop = 0;    // the sender's hop + 1 at that moment
  int64_t tainted_amount = 0;
  uint32_t claimants_begin = 0;  // range in TraceResult::claimant_amounts
  uint32_t claimants_end = 0;
};

// Taint that left the traced accounts: a cash withdrawal, an asset purchase
// (rule 7), or the hop limit. Each transaction is at most one flow or one exit.
struct ExitResult {
  size_t tx = 0;
  ExitKind kind = ExitKind::kCashWithdrawal;
  uint32_t account = 0;  // the account the taint left
  int hop = 0;           // that account's hop at that moment
  std::string asset_id;  // kAssetPurchase only
  int64_t tainted_amount = 0;
  uint32_t claimants_begin = 0;
  uint32_t claimants_end = 0;
};

struct ClaimantSummary {
  int64_t seed_total = 0;
  int64_t held = 0;
  int64_t exited = 0;
};

struct TraceResult {
  Method method = Method::kLibr;
  std::optional<Timestamp> until;
  std::optional<int> max_hops;
  // Claimant ids, sorted; a claimant number is an index here. Claimants of
  // seeds after `until` are included (with zero totals).
  std::vector<std::string> claimants;
  std::vector<ClaimantSummary> by_claimant;  // parallel to `claimants`
  int64_t seed_total = 0;
  int64_t held = 0;    // Σ tainted_balance of `accounts`
  int64_t exited = 0;  // Σ tainted_amount of `exits`
  // Per claimant, seed_total == held + exited (and so for the totals). Computed
  // for every method; for poison it need not hold and usually does not.
  bool conserved = false;

  std::vector<AccountResult> accounts;           // sorted by account id
  std::vector<FlowResult> flows;                 // replay order
  std::vector<ExitResult> exits;                 // replay order
  std::vector<ClaimantAmount> claimant_amounts;  // backing store of flow/exit splits

  // The replayed seeds: indices into TraceInput::seeds, in replay order.
  std::vector<size_t> seeds;
  size_t replayed_txs = 0;
  // Rule 4 over all accounts, tainted or not: total and number of accounts.
  int64_t inferred_total = 0;
  size_t inferred_accounts = 0;

  std::span<const ClaimantAmount> ByClaimant(const FlowResult& f) const {
    return Slice(f.claimants_begin, f.claimants_end);
  }
  std::span<const ClaimantAmount> ByClaimant(const ExitResult& e) const {
    return Slice(e.claimants_begin, e.claimants_end);
  }
  // The AccountResult of an account, nullptr if it never held taint.
  const AccountResult* FindAccount(uint32_t account) const;

 private:
  std::span<const ClaimantAmount> Slice(uint32_t b, uint32_t e) const {
    return std::span<const ClaimantAmount>(claimant_amounts).subspan(b, e - b);
  }
};

// Replays `input` by `options.method`.
//
// Fails, never crashes, with:
//  - DataError for bad input: an account index out of range, an amount <= 0,
//    timestamps going backwards, a negative opening balance, a seed index out
//    of range, named twice, with tainted_amount outside (0, amount], without a
//    claimant, paid to cash or being an asset purchase; an asset purchase index
//    out of range, named twice or without an asset id; a balance that overflows.
//  - DataError naming the seed's tx_id when its sender holds taint of the case
//    at that moment (rule 11; under poison: when the sender is poisoned).
//  - Usage when max_hops is negative.
Result<TraceResult> Trace(const TraceInput& input, const TraceOptions& options);

}  // namespace moneytrail::trace

#endif  // MONEYTRAIL_ENGINE_TRACE_TRACE_H_
