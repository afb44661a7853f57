#include "engine/trace/trace.h"

#include <algorithm>

#include "engine/trace/replay.h"

namespace moneytrail::trace {
namespace {

std::string TxLabel(const TraceInput& input, size_t i) {
  return "transaction at replay position " + std::to_string(i) + " (ref " +
         std::to_string(input.txs[i].ref) + ")";
}

Status CheckTransactions(const TraceInput& input) {
  const uint32_t n = static_cast<uint32_t>(input.accounts.size());
  for (size_t i = 0; i < input.accounts.size(); ++i) {
    if (input.accounts[i].opening_balance < 0) {
      return Status::DataError("account " + input.accounts[i].id +
                               ": negative opening balance; the tracing contract starts "
                               "every ledger with clean money >= 0 (rule 2)");
    }
  }
  for (size_t i = 0; i < input.txs.size(); ++i) {
    const LedgerTx& tx = input.txs[i];
    if ((tx.from != kCash && tx.from >= n) || (tx.to != kCash && tx.to >= n)) {
      return Status::DataError(TxLabel(input, i) + ": account index out of range");
    }
    if (tx.amount <= 0) {
      return Status::DataError(TxLabel(input, i) + ": amount " + std::to_string(tx.amount) +
                               " is not positive");
    }
    if (i > 0 && tx.timestamp < input.txs[i - 1].timestamp) {
      return Status::DataError(TxLabel(input, i) +
                               ": transactions are not in replay order (timestamp goes back)");
    }
  }
  return Status::Ok();
}

Result<internal::Prepared> Prepare(const TraceInput& input) {
  internal::Prepared p;
  for (const SeedSpec& seed : input.seeds) {
    std::string name = "seed " + seed.tx_id;
    if (seed.tx >= input.txs.size()) {
      return Status::DataError(name + ": transaction index out of range");
    }
    const LedgerTx& tx = input.txs[seed.tx];
    if (seed.tainted_amount <= 0 || seed.tainted_amount > tx.amount) {
      return Status::DataError(name + ": tainted amount " + std::to_string(seed.tainted_amount) +
                               " is not within (0, " + std::to_string(tx.amount) +
                               "] minor units of the transaction");
    }
    if (seed.claimant.empty()) return Status::DataError(name + ": no claimant");
    if (tx.to == kCash) {
      return Status::DataError(name + ": paid to cash; a seed needs a receiving account");
    }
    p.claimants.push_back(seed.claimant);
  }
  std::sort(p.claimants.begin(), p.claimants.end());
  p.claimants.erase(std::unique(p.claimants.begin(), p.claimants.end()), p.claimants.end());
  for (size_t k = 0; k < input.seeds.size(); ++k) {
    auto it = std::lower_bound(p.claimants.begin(), p.claimants.end(), input.seeds[k].claimant);
    p.seed_claimant.push_back(static_cast<uint32_t>(it - p.claimants.begin()));
    p.specials.push_back({input.seeds[k].tx, true, k});
  }
  for (size_t k = 0; k < input.asset_purchases.size(); ++k) {
    const auto& [tx, asset_id] = input.asset_purchases[k];
    if (asset_id.empty()) return Status::DataError("asset purchase with an empty asset id");
    if (tx >= input.txs.size()) {
      return Status::DataError("asset " + asset_id + ": acquired_tx index out of range");
    }
    p.specials.push_back({tx, false, k});
  }
  std::sort(p.specials.begin(), p.specials.end(),
            [](const internal::Special& a, const internal::Special& b) {
              return a.tx != b.tx ? a.tx < b.tx : a.is_seed > b.is_seed;
            });
  for (size_t k = 1; k < p.specials.size(); ++k) {
    const internal::Special& a = p.specials[k - 1];
    const internal::Special& b = p.specials[k];
    if (a.tx != b.tx) continue;
    auto name = [&](const internal::Special& s) {
      return s.is_seed ? "seed " + input.seeds[s.index].tx_id
                       : "asset " + input.asset_purchases[s.index].second;
    };
    // Sorting puts seeds first, so `a` is a seed whenever either is.
    std::string why = a.is_seed && b.is_seed ? "the same transaction is named as a seed twice"
                      : a.is_seed            ? "a seed cannot be an asset purchase (rule 7)"
                                             : "two assets name the same acquired_tx";
    return Status::DataError(name(a) + ", " + name(b) + ": " + why + " (" + TxLabel(input, a.tx) +
                             ")");
  }
  return p;
}

}  // namespace

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kFifo:
      return "fifo";
    case Method::kLifo:
      return "lifo";
    case Method::kProRata:
      return "pro-rata";
    case Method::kLibr:
      return "libr";
    case Method::kTaintedFirst:
      return "tainted-first";
    case Method::kPoison:
      return "poison";
  }
  return "?";
}

std::optional<Method> MethodFromName(std::string_view name) {
  for (Method m : kAllMethods) {
    if (MethodName(m) == name) return m;
  }
  return std::nullopt;
}

std::string_view ExitKindName(ExitKind kind) {
  switch (kind) {
    case ExitKind::kCashWithdrawal:
      return "cash_withdrawal";
    case ExitKind::kAssetPurchase:
      return "asset_purchase";
    case ExitKind::kHopLimit:
      return "hop_limit";
  }
  return "?";
}

const AccountResult* TraceResult::FindAccount(uint32_t account) const {
  for (const AccountResult& a : accounts) {
    if (a.account == account) return &a;
  }
  return nullptr;
}

Result<TraceResult> Trace(const TraceInput& input, const TraceOptions& options) {
  if (options.max_hops && *options.max_hops < 0) {
    return Status::Usage("max_hops must not be negative, got " + std::to_string(*options.max_hops));
  }
  if (input.accounts.size() >= kCash) return Status::DataError("too many accounts");
  RETURN_IF_ERROR(CheckTransactions(input));
  ASSIGN_OR_RETURN(internal::Prepared prepared, Prepare(input));
  return internal::Replay(input, options, prepared);
}

}  // namespace moneytrail::trace
