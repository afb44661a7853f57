#include "engine/ledger/case_ledger.h"

#include <algorithm>
#include <set>
#include <unordered_set>

namespace moneytrail::ledger {
namespace {

struct HistoryEntry {
  Timestamp timestamp;
  uint64_t seq = 0;
  int64_t amount = 0;
  std::string from, to;  // "" for cash
};

struct ResolvedSeed {
  Transaction tx;
  int64_t tainted = 0;
  std::string claimant;
};

// Tainted part of a seed in the base currency: the seed's own amount (in the
// transaction's currency) scaled by the transaction's conversion, rounded half up.
Result<int64_t> SeedTaint(const Seed& seed, const Transaction& tx, const std::string& case_id) {
  if (seed.amount.empty()) return tx.base_minor;
  auto minor = ParseMinorUnits(seed.amount, tx.amount.currency.minor_digits());
  if (!minor.ok()) {
    return Status::DataError("case " + case_id + ": seed " + seed.tx_id + ": amount " +
                             minor.status().message() + " for " +
                             std::string(tx.amount.currency.code()));
  }
  if (*minor <= 0 || *minor > tx.amount.minor_units) {
    return Status::DataError("case " + case_id + ": seed " + seed.tx_id + ": amount " +
                             seed.amount + " is not within the transaction's " +
                             tx.amount.ToString());
  }
  if (*minor == tx.amount.minor_units) return tx.base_minor;
  __extension__ using Int128 = __int128;
  Int128 scaled = static_cast<Int128>(tx.base_minor) * *minor;
  int64_t q = static_cast<int64_t>(scaled / tx.amount.minor_units);
  if ((scaled % tx.amount.minor_units) * 2 >= tx.amount.minor_units) ++q;
  return std::max<int64_t>(q, 1);
}

}  // namespace

class CaseLedger::Impl {
 public:
  Impl(const storage::Store* s, CaseLedgerOptions o) : store(s), options(o) {}

  const storage::Store* store;
  CaseLedgerOptions options;
  std::unordered_map<std::string, std::vector<HistoryEntry>> histories;
  std::optional<std::map<uint64_t, std::string>> asset_by_seq;
  std::unordered_map<std::string, int64_t> opening;
  std::unordered_map<std::string, trace::AccountLabel> labels;
  std::unordered_map<uint64_t, std::string> tx_ids;

  Result<const std::vector<HistoryEntry>*> History(const std::string& account) {
    auto it = histories.find(account);
    if (it != histories.end()) return &it->second;
    std::vector<HistoryEntry> h;
    for (auto dir : {storage::Direction::kOut, storage::Direction::kIn}) {
      RETURN_IF_ERROR(store->ForEachAccountTx(account, dir, [&](const storage::AccountTxEntry& e) {
        std::string other = IsCashAccount(e.counterparty) ? "" : e.counterparty;
        h.push_back({e.timestamp, e.seq, e.base_minor,
                     dir == storage::Direction::kOut ? account : other,
                     dir == storage::Direction::kOut ? other : account});
        return true;
      }));
    }
    return &histories.emplace(account, std::move(h)).first->second;
  }

  Result<int64_t> Opening(const std::string& account) {
    auto it = opening.find(account);
    if (it != opening.end()) return it->second;
    ASSIGN_OR_RETURN(auto a, store->GetAccount(account));
    int64_t v = a ? a->opening_balance_base : 0;
    opening.emplace(account, v);
    return v;
  }

  Result<const std::map<uint64_t, std::string>*> AssetsBySeq() {
    if (asset_by_seq) return &*asset_by_seq;
    std::map<uint64_t, std::string> m;
    std::vector<Asset> assets;
    RETURN_IF_ERROR(store->ForEachAsset([&](const Asset& a) {
      if (!a.acquired_tx.empty()) assets.push_back(a);
      return true;
    }));
    for (const Asset& a : assets) {
      ASSIGN_OR_RETURN(auto tx, store->GetTransaction(a.acquired_tx));
      if (!tx) continue;  // an asset bought outside the data: nothing to replay
      auto [it, inserted] = m.emplace(tx->seq, a.asset_id);
      if (!inserted && a.asset_id < it->second) it->second = a.asset_id;  // deterministic
    }
    asset_by_seq = std::move(m);
    return &*asset_by_seq;
  }

  Result<std::vector<ResolvedSeed>> ResolveSeeds(const Case& c) {
    std::vector<ResolvedSeed> out;
    for (const Seed& s : c.seeds) {
      ASSIGN_OR_RETURN(auto tx, store->GetTransaction(s.tx_id));
      if (!tx)
        return Status::DataError("case " + c.case_id + ": seed " + s.tx_id +
                                 " is not in the store");
      if (IsCashAccount(tx->to_account)) {
        return Status::DataError("case " + c.case_id + ": seed " + s.tx_id +
                                 " is a cash withdrawal; a seed must credit an account");
      }
      ASSIGN_OR_RETURN(int64_t tainted, SeedTaint(s, *tx, c.case_id));
      out.push_back({std::move(*tx), tainted, s.claimant.empty() ? c.case_id : s.claimant});
    }
    return out;
  }

  Result<trace::TraceInput> Build(const Case& c, const std::vector<ResolvedSeed>& seeds,
                                  const std::set<std::string>& reach) {
    std::vector<const HistoryEntry*> entries;
    std::unordered_set<uint64_t> seen;
    for (const std::string& account : reach) {
      ASSIGN_OR_RETURN(const auto* h, History(account));
      for (const HistoryEntry& e : *h) {
        if (seen.insert(e.seq).second) entries.push_back(&e);
      }
    }
    std::sort(entries.begin(), entries.end(), [](const HistoryEntry* a, const HistoryEntry* b) {
      return std::tie(a->timestamp, a->seq) < std::tie(b->timestamp, b->seq);
    });
    trace::TraceInput in;
    in.case_id = c.case_id;
    std::unordered_map<std::string, uint32_t> index;
    auto account_index = [&](const std::string& id) -> Result<uint32_t> {
      if (id.empty()) return trace::kCash;
      auto it = index.find(id);
      if (it != index.end()) return it->second;
      int64_t open = 0;
      if (reach.count(id)) {
        ASSIGN_OR_RETURN(open, Opening(id));
      }
      in.accounts.push_back({id, open});
      uint32_t i = static_cast<uint32_t>(in.accounts.size() - 1);
      index.emplace(id, i);
      return i;
    };
    ASSIGN_OR_RETURN(const auto* assets, AssetsBySeq());
    std::unordered_map<uint64_t, size_t> position;
    in.txs.reserve(entries.size());
    for (const HistoryEntry* e : entries) {
      ASSIGN_OR_RETURN(uint32_t from, account_index(e->from));
      ASSIGN_OR_RETURN(uint32_t to, account_index(e->to));
      position.emplace(e->seq, in.txs.size());
      auto asset = assets->find(e->seq);
      if (asset != assets->end()) in.asset_purchases.emplace_back(in.txs.size(), asset->second);
      in.txs.push_back({e->seq, e->timestamp, from, to, e->amount});
    }
    for (const ResolvedSeed& s : seeds) {
      auto it = position.find(s.tx.seq);
      if (it == position.end())
        return Status::Internal("seed " + s.tx.tx_id + " missing from its receiver's history");
      in.seeds.push_back({it->second, s.tx.tx_id, s.tainted, s.claimant});
    }
    return in;
  }

  // The whole ledger as one input: for taint that spreads so far that
  // growing the reach account by account would cost more than one scan.
  Result<trace::TraceInput> BuildFull(const Case& c, const std::vector<ResolvedSeed>& seeds) {
    trace::TraceInput in;
    in.case_id = c.case_id;
    ASSIGN_OR_RETURN(const auto* assets, AssetsBySeq());
    std::unordered_map<uint64_t, size_t> seed_position;
    for (const ResolvedSeed& s : seeds) seed_position.emplace(s.tx.seq, SIZE_MAX);
    auto index_of = [](uint32_t number) { return number < 2 ? trace::kCash : number - 2; };
    RETURN_IF_ERROR(store->ForEachLedgerEntry([&](const storage::Store::LedgerEntry& e) {
      auto seed = seed_position.find(e.seq);
      if (seed != seed_position.end()) seed->second = in.txs.size();
      auto asset = assets->find(e.seq);
      if (asset != assets->end()) in.asset_purchases.emplace_back(in.txs.size(), asset->second);
      in.txs.push_back({e.seq, e.timestamp, index_of(e.from), index_of(e.to), e.base_minor});
      return true;
    }));
    uint32_t limit = store->account_number_limit();
    in.accounts.resize(limit > 2 ? limit - 2 : 0);
    for (uint32_t n = 2; n < limit; ++n) {
      ASSIGN_OR_RETURN(in.accounts[n - 2].id, store->AccountIdOf(n));
    }
    std::unordered_map<std::string_view, uint32_t> by_id;
    for (uint32_t i = 0; i < in.accounts.size(); ++i) by_id.emplace(in.accounts[i].id, i);
    RETURN_IF_ERROR(store->ForEachAccount([&](const Account& a) {
      auto it = by_id.find(a.account_id);
      if (it != by_id.end()) in.accounts[it->second].opening_balance = a.opening_balance_base;
      return true;
    }));
    for (const ResolvedSeed& s : seeds) {
      size_t pos = seed_position.at(s.tx.seq);
      if (pos == SIZE_MAX)
        return Status::Internal("seed " + s.tx.tx_id + " missing from the ledger scan");
      in.seeds.push_back({pos, s.tx.tx_id, s.tainted, s.claimant});
    }
    return in;
  }

  // Replays until every account that ever holds taint has its whole history;
  // past options.max_reach_transactions, one replay of the whole ledger.
  template <typename Run>
  Result<trace::TraceInput> Fixpoint(const Case& c, Run run) {
    ASSIGN_OR_RETURN(auto seeds, ResolveSeeds(c));
    std::set<std::string> reach;
    for (const auto& s : seeds) reach.insert(s.tx.to_account);
    // History entries per account on average (each transaction sits in two
    // histories). Reading a history costs about ten times what one entry of a
    // whole-ledger scan does, so a reach whose histories would exceed the
    // limit switches to the scan before reading them, not after.
    const double per_account =
        2.0 * static_cast<double>(store->next_seq()) /
        std::max<double>(1.0, static_cast<double>(store->account_number_limit()));
    while (true) {
      bool too_far = static_cast<double>(reach.size()) * per_account >
                     static_cast<double>(options.max_reach_transactions);
      std::optional<trace::TraceInput> partial;
      if (!too_far) {
        ASSIGN_OR_RETURN(partial, Build(c, seeds, reach));
        too_far = partial->txs.size() > options.max_reach_transactions;
      }
      if (too_far) {
        ASSIGN_OR_RETURN(trace::TraceInput full, BuildFull(c, seeds));
        ASSIGN_OR_RETURN(std::vector<std::string> ignored, run(full));
        (void)ignored;
        return full;
      }
      trace::TraceInput& input = *partial;
      ASSIGN_OR_RETURN(std::vector<std::string> tainted, run(input));
      bool grew = false;
      for (std::string& id : tainted) grew |= reach.insert(std::move(id)).second;
      if (!grew) return std::move(input);
    }
  }

  static std::vector<std::string> TaintedAccounts(const trace::TraceResult& r,
                                                  const trace::TraceInput& in) {
    std::vector<std::string> out;
    for (const auto& a : r.accounts) out.push_back(in.accounts[a.account].id);
    return out;
  }
};

CaseLedger::CaseLedger(const storage::Store* store, CaseLedgerOptions options)
    : impl_(std::make_unique<Impl>(store, options)) {}
CaseLedger::~CaseLedger() = default;

size_t CaseLedger::histories_loaded() const { return impl_->histories.size(); }

Result<CaseTrace> CaseLedger::Trace(const Case& c, const trace::TraceOptions& options) {
  std::optional<trace::TraceResult> last;
  ASSIGN_OR_RETURN(
      trace::TraceInput input,
      impl_->Fixpoint(c, [&](const trace::TraceInput& in) -> Result<std::vector<std::string>> {
        ASSIGN_OR_RETURN(auto r, trace::Trace(in, options));
        auto tainted = Impl::TaintedAccounts(r, in);
        last = std::move(r);
        return tainted;
      }));
  return CaseTrace{std::move(input), std::move(*last)};
}

Result<std::pair<trace::TraceInput, trace::CompareResult>> CaseLedger::Compare(
    const Case& c, const trace::TraceOptions& options) {
  // Poison reaches a superset of every other method's accounts, so its
  // closure is a complete input for all of them.
  trace::TraceOptions poison = options;
  poison.method = trace::Method::kPoison;
  ASSIGN_OR_RETURN(
      trace::TraceInput input,
      impl_->Fixpoint(c, [&](const trace::TraceInput& in) -> Result<std::vector<std::string>> {
        ASSIGN_OR_RETURN(auto r, trace::Trace(in, poison));
        return Impl::TaintedAccounts(r, in);
      }));
  ASSIGN_OR_RETURN(trace::CompareResult compare, trace::RunCompare(input, options));
  return std::make_pair(std::move(input), std::move(compare));
}

trace::TraceLabels CaseLedger::Labels(const trace::TraceInput& input,
                                      const trace::TraceResult& result) {
  constexpr size_t kScanBeyond = 20'000;  // ~4 us a point read against ~0.3 us a scanned row
  std::unordered_set<uint64_t> wanted;
  for (const auto& f : result.flows) wanted.insert(input.txs[f.tx].ref);
  for (const auto& e : result.exits) wanted.insert(input.txs[e.tx].ref);
  for (auto it = wanted.begin(); it != wanted.end();) {
    it = impl_->tx_ids.count(*it) ? wanted.erase(it) : std::next(it);
  }
  if (wanted.size() > kScanBeyond) {
    Status s = impl_->store->ForEachLedgerEntry([&](const storage::Store::LedgerEntry& e) {
      if (wanted.count(e.seq)) impl_->tx_ids.emplace(e.seq, std::string(e.tx_id));
      return true;
    });
    // On failure the ids are still read one by one below.
    (void)s;
  }
  return Labels(input);
}

trace::TraceLabels CaseLedger::Labels(const trace::TraceInput& input) {
  trace::TraceLabels labels;
  labels.currency = std::string(impl_->store->base_currency().code());
  labels.minor_digits = impl_->store->base_currency().minor_digits();
  // ref -> timestamp, for point reads of ids not fetched before; built on the
  // first such read only (a whole-ledger input has millions of transactions).
  struct Times {
    const trace::TraceInput* input;
    std::unordered_map<uint64_t, Timestamp> when;
    bool built = false;
  };
  auto times = std::make_shared<Times>(Times{&input, {}, false});
  Impl* impl = impl_.get();
  labels.tx_id = [impl, times](uint64_t ref) -> std::string {
    auto cached = impl->tx_ids.find(ref);
    if (cached != impl->tx_ids.end()) return cached->second;
    if (!times->built) {
      for (const auto& tx : times->input->txs) times->when.emplace(tx.ref, tx.timestamp);
      times->built = true;
    }
    auto it = times->when.find(ref);
    std::string id = "#" + std::to_string(ref);
    if (it != times->when.end()) {
      auto tx = impl->store->GetTransactionAt(it->second, ref);
      if (tx.ok() && tx->has_value()) id = (*tx)->tx_id;
    }
    impl->tx_ids.emplace(ref, id);
    return id;
  };
  labels.account = [impl](std::string_view id) -> trace::AccountLabel {
    std::string key(id);
    auto cached = impl->labels.find(key);
    if (cached != impl->labels.end()) return cached->second;
    trace::AccountLabel label;
    auto a = impl->store->GetAccount(key);
    if (a.ok() && a->has_value()) label = {(*a)->holder_id, (*a)->country};
    impl->labels.emplace(key, label);
    return label;
  };
  return labels;
}

}  // namespace moneytrail::ledger
