// Test helper: a deliberately naive second implementation of TRACING.md.
//
// Every account keeps its full segment list (clean money included), every
// method works on that list directly, nothing is sparse or merged. It is slow
// and obviously shaped like the spec; the property tests check that the real
// engine, with its balances-only clean accounts and colour totals, agrees with
// it to the cent on random ledgers.
#ifndef MONEYTRAIL_TESTS_TRACE_REFERENCE_TRACE_H_
#define MONEYTRAIL_TESTS_TRACE_REFERENCE_TRACE_H_

#include <algorithm>
#include <climits>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "engine/trace/trace.h"

namespace moneytrail::trace::testing {

struct RefMove {
  size_t tx;
  ExitKind kind;  // exits only
  uint32_t account;
  int hop;
  std::map<uint32_t, int64_t> by;  // claimant -> amount, nonzero
  int64_t total;
};

struct RefResult {
  bool refused = false;                           // rule 11
  std::vector<std::map<uint32_t, int64_t>> held;  // non-poison: account -> claimant -> amount
  std::vector<std::set<uint32_t>> poisoned;
  std::vector<int64_t> balance;
  std::vector<int64_t> inferred;
  std::vector<int> hop;  // INT_MAX: never tainted
  std::vector<RefMove> flows;
  std::vector<RefMove> exits;
};

inline std::vector<int64_t> RefLargestRemainder(int64_t amount, const std::vector<int64_t>& w) {
  __extension__ typedef __int128 I128;
  I128 total = 0;
  for (int64_t x : w) total += x;
  std::vector<int64_t> share(w.size(), 0);
  if (amount == 0) return share;
  std::vector<std::pair<int64_t, size_t>> rem;  // (-remainder, index): sorts as the spec says
  int64_t given = 0;
  for (size_t i = 0; i < w.size(); ++i) {
    I128 p = static_cast<I128>(amount) * w[i];
    share[i] = static_cast<int64_t>(p / total);
    given += share[i];
    rem.push_back({-static_cast<int64_t>(p % total), i});
  }
  std::sort(rem.begin(), rem.end());
  for (int64_t k = 0; k < amount - given; ++k) ++share[rem[static_cast<size_t>(k)].second];
  return share;
}

inline RefResult ReferenceTrace(const TraceInput& in, const TraceOptions& opt) {
  using Seg = std::pair<int64_t, uint32_t>;  // (amount, colour); colour 0 clean, c+1 claimant c
  const size_t n = in.accounts.size();
  std::vector<std::string> ids;
  for (const SeedSpec& s : in.seeds) ids.push_back(s.claimant);
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  const uint32_t colours = static_cast<uint32_t>(ids.size()) + 1;
  auto claimant_of = [&](const std::string& id) {
    return static_cast<uint32_t>(std::lower_bound(ids.begin(), ids.end(), id) - ids.begin());
  };
  std::vector<std::vector<Seg>> led(n);
  RefResult out;
  out.poisoned.resize(n);
  out.balance.assign(n, 0);
  out.inferred.assign(n, 0);
  out.hop.assign(n, INT_MAX);
  for (size_t a = 0; a < n; ++a) {
    if (in.accounts[a].opening_balance > 0) led[a].push_back({in.accounts[a].opening_balance, 0});
    out.balance[a] = in.accounts[a].opening_balance;
  }
  auto total_of = [&](uint32_t a, uint32_t colour) {
    int64_t t = 0;
    for (const Seg& s : led[a]) t += s.second == colour ? s.first : 0;
    return t;
  };
  auto debit = [&](uint32_t x, int64_t amount) {
    std::vector<Seg> parts;
    int64_t bal = out.balance[x];
    if (amount > bal) {
      out.inferred[x] += amount - bal;
      led[x].insert(led[x].begin(), Seg{amount - bal, 0});
    }
    out.balance[x] = std::max<int64_t>(bal, amount) - amount;
    Method m = opt.method;
    if (m == Method::kFifo || m == Method::kLifo) {
      int64_t need = amount;
      while (need > 0) {
        Seg& s = m == Method::kFifo ? led[x].front() : led[x].back();
        int64_t take = std::min(need, s.first);
        parts.push_back({take, s.second});
        s.first -= take;
        need -= take;
        if (s.first == 0) led[x].erase(m == Method::kFifo ? led[x].begin() : led[x].end() - 1);
      }
      if (m == Method::kLifo) std::reverse(parts.begin(), parts.end());
      return parts;
    }
    std::vector<int64_t> tot(colours);
    for (uint32_t c = 0; c < colours; ++c) tot[c] = total_of(x, c);
    std::vector<int64_t> share(colours, 0);
    std::vector<int64_t> tainted_tot(tot.begin() + 1, tot.end());
    int64_t tainted = 0;
    for (int64_t t : tainted_tot) tainted += t;
    if (m == Method::kProRata) {
      share = RefLargestRemainder(amount, tot);
    } else {
      int64_t from_taint =
          m == Method::kLibr ? amount - std::min(amount, tot[0]) : std::min(amount, tainted);
      std::vector<int64_t> s = RefLargestRemainder(from_taint, tainted_tot);
      share[0] = amount - from_taint;
      std::copy(s.begin(), s.end(), share.begin() + 1);
    }
    for (uint32_t c = 0; c < colours; ++c) {
      if (share[c] > 0) parts.push_back({share[c], c});
      int64_t need = share[c];
      for (size_t k = 0; k < led[x].size() && need > 0; ++k) {
        if (led[x][k].second != c) continue;
        int64_t take = std::min(need, led[x][k].first);
        led[x][k].first -= take;
        need -= take;
      }
    }
    std::erase_if(led[x], [](const Seg& s) { return s.first == 0; });
    return parts;
  };
  std::map<size_t, const SeedSpec*> seeds;
  for (const SeedSpec& s : in.seeds) seeds[s.tx] = &s;
  std::map<size_t, std::string> assets(in.asset_purchases.begin(), in.asset_purchases.end());
  const bool poison = opt.method == Method::kPoison;
  for (size_t i = 0; i < in.txs.size(); ++i) {
    const LedgerTx& tx = in.txs[i];
    if (opt.until && tx.timestamp > *opt.until) break;
    auto seed = seeds.find(i);
    bool is_seed = seed != seeds.end();
    std::vector<Seg> parts = {{tx.amount, 0}};
    std::set<uint32_t> flags;
    int from_hop = INT_MAX;
    if (tx.from != kCash) {
      bool holds =
          poison ? !out.poisoned[tx.from].empty() : total_of(tx.from, 0) != out.balance[tx.from];
      if (is_seed && holds) {
        out.refused = true;
        return out;
      }
      from_hop = out.hop[tx.from];
      parts = debit(tx.from, tx.amount);
      if (poison) {
        out.balance[tx.from] = std::max<int64_t>(0, out.balance[tx.from]);
        flags = out.poisoned[tx.from];
      }
    }
    std::map<uint32_t, int64_t> by;
    int64_t moved = 0;
    if (is_seed) {
      uint32_t c = claimant_of(seed->second->claimant);
      parts = {{seed->second->tainted_amount, c + 1},
               {tx.amount - seed->second->tainted_amount, 0}};
      from_hop = -1;
    } else if (poison) {
      for (uint32_t c : flags) by[c] = tx.amount;
      moved = flags.empty() ? 0 : tx.amount;
    } else {
      for (const Seg& p : parts) {
        if (p.second != 0 && p.first > 0) by[p.second - 1] += p.first;
        if (p.second != 0) moved += p.first;
      }
    }
    auto credit = [&](bool clean_only) {
      if (tx.to == kCash) return;
      out.balance[tx.to] += tx.amount;
      for (const Seg& p : parts) {
        if (p.first > 0) led[tx.to].push_back({p.first, clean_only ? 0 : p.second});
      }
      if (clean_only) return;
      bool tainted = false;
      for (const Seg& p : parts) tainted = tainted || (p.second != 0 && p.first > 0);
      if (poison && !is_seed) {
        tainted = !flags.empty();
        out.poisoned[tx.to].insert(flags.begin(), flags.end());
      }
      if (poison && is_seed) out.poisoned[tx.to].insert(parts[0].second - 1);
      if (tainted) out.hop[tx.to] = std::min(out.hop[tx.to], from_hop + 1);
    };
    if (is_seed || moved == 0) {
      credit(false);
      continue;
    }
    RefMove mv{i, ExitKind::kCashWithdrawal, tx.from, from_hop, by, moved};
    if (tx.to == kCash) {
      out.exits.push_back(mv);
    } else if (assets.count(i)) {
      mv.kind = ExitKind::kAssetPurchase;
      out.exits.push_back(mv);
      credit(true);
    } else if (opt.max_hops && tx.to != tx.from && from_hop >= *opt.max_hops) {
      mv.kind = ExitKind::kHopLimit;
      out.exits.push_back(mv);
      credit(true);
    } else {
      mv.hop = from_hop + 1;
      out.flows.push_back(mv);
      credit(false);
    }
  }
  out.held.resize(n);
  for (uint32_t a = 0; a < n; ++a) {
    for (const Seg& s : led[a]) {
      if (s.second != 0 && s.first > 0) out.held[a][s.second - 1] += s.first;
    }
  }
  return out;
}

}  // namespace moneytrail::trace::testing

#endif  // MONEYTRAIL_TESTS_TRACE_REFERENCE_TRACE_H_
