#include "engine/ledger/case_ledger.h"

#include <algorithm>
#include <future>
#include <iterator>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <shared_mutex>
#include <thread>
#include <tuple>
#include <unordered_set>

namespace moneytrail::ledger {
namespace {

// Store numbers below this are the two spellings of cash (Store::AccountIdOf()).
constexpr uint32_t kFirstAccountNumber = 2;

// Accounts as store numbers (Store::AccountIdOf() names them; 0 and 1 are
// cash): an entry is plain data, and reading a history allocates nothing per
// entry.
struct HistoryEntry {
  Timestamp timestamp;
  uint64_t seq = 0;
  int64_t amount = 0;
  uint32_t from = 0, to = 0;
};

// Assets by the ingest sequence of the transaction that bought them. Every
// replayed transaction is looked up, and almost none is a purchase: a bitmap
// of sequence numbers (mod its size) rejects those without a tree search.
class AssetPurchases {
 public:
  void Add(uint64_t seq, const std::string& asset_id) {
    auto [it, inserted] = by_seq_.emplace(seq, asset_id);
    if (!inserted && asset_id < it->second) it->second = asset_id;  // deterministic
    maybe_[seq % kBits] = true;
  }
  // The asset bought by transaction `seq`, nullptr for none.
  const std::string* Find(uint64_t seq) const {
    if (!maybe_[seq % kBits]) return nullptr;
    auto it = by_seq_.find(seq);
    return it == by_seq_.end() ? nullptr : &it->second;
  }

 private:
  static constexpr size_t kBits = 1 << 16;
  std::map<uint64_t, std::string> by_seq_;
  std::vector<bool> maybe_ = std::vector<bool>(kBits, false);
};

// Every transaction's id by ingest sequence, kept from a whole-ledger scan:
// a trace that needs that scan renders millions of flows, and reading their
// ids from the store again took longer than the trace. About 18 bytes per
// transaction with the demo's ten-character ids; an id that does not fit
// (longer than 65,535 bytes, or past 4 GiB of ids) is left to a point read.
class TxIdsBySeq {
 public:
  // Forgets every id; Add() may then be called for `parts` parts at once.
  void Reset(uint64_t next_seq, size_t parts) {
    at_.assign(next_seq, Slot{kAbsent, 0, 0});
    arenas_.assign(parts, Arena());
    for (Arena& arena : arenas_) arena.bytes.reserve(next_seq * 12 / parts);
  }
  // Thread-safe for different parts (and so different seqs).
  void Add(size_t part, uint64_t seq, std::string_view id) {
    std::string& arena = arenas_[part].bytes;
    if (seq >= at_.size() || id.size() > UINT16_MAX || arena.size() + id.size() >= kAbsent) return;
    at_[seq] = {static_cast<uint32_t>(arena.size()), static_cast<uint16_t>(id.size()),
                static_cast<uint16_t>(part)};
    arena.append(id);
  }
  // The id of transaction `seq`, std::nullopt when not kept.
  std::optional<std::string_view> Find(uint64_t seq) const {
    if (seq >= at_.size() || at_[seq].offset == kAbsent) return std::nullopt;
    const Slot& at = at_[seq];
    return std::string_view(arenas_[at.part].bytes).substr(at.offset, at.length);
  }

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;
  // Each part's arena on cache lines of its own: the scan's threads change
  // their arena's size with every id, and two sizes on one line cost the
  // whole-ledger scan a fifth of its time.
  struct alignas(64) Arena {
    std::string bytes;
  };
  struct Slot {
    uint32_t offset;
    uint16_t length;
    uint16_t part;
  };
  std::vector<Arena> arenas_;
  std::vector<Slot> at_;
};

// The union of the reach's histories, sorted by (timestamp, seq), each
// transaction once; grown by merging as the reach grows, so that a case whose
// reach grows one hop per round does not sort everything again each round.
struct MergedHistories {
  std::set<std::string> accounts;
  std::vector<HistoryEntry> entries;
  std::vector<HistoryEntry> scratch;  // Build()'s merge buffer
};

bool ReplayOrder(const HistoryEntry& a, const HistoryEntry& b) {
  return std::tie(a.timestamp, a.seq) < std::tie(b.timestamp, b.seq);
}

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
  std::optional<AssetPurchases> assets;
  std::vector<uint32_t> input_index;  // Build()'s store number -> input index, kNoIndex when unset
  // The store numbers of the last Build()'s input accounts, by input index:
  // how an account left unnamed (options.name_every_account) is named later.
  std::vector<uint32_t> input_numbers;
  std::unordered_map<std::string, uint64_t> estimated_length;  // of histories not read
  std::unordered_map<std::string, int64_t> opening;
  std::unordered_map<std::string, trace::AccountLabel> labels;
  std::unordered_map<uint64_t, std::string> tx_ids;
  TxIdsBySeq all_tx_ids;  // from the last whole-ledger scan
  // Guards `labels` and `tx_ids` while the labels' callbacks run, which a
  // renderer may call from several threads.
  std::shared_mutex labels_mu;

  Result<const std::vector<HistoryEntry>*> History(const std::string& account) {
    auto it = histories.find(account);
    if (it != histories.end()) return &it->second;
    std::vector<HistoryEntry> h;
    ASSIGN_OR_RETURN(std::optional<uint32_t> number, store->AccountNumberOf(account));
    if (number) {
      for (auto dir : {storage::Direction::kOut, storage::Direction::kIn}) {
        const bool out = dir == storage::Direction::kOut;
        RETURN_IF_ERROR(
            store->ForEachAccountTxRef(*number, dir, [&](const storage::Store::AccountTxRef& e) {
              h.push_back({e.timestamp, e.seq, e.base_minor, out ? *number : e.counterparty,
                           out ? e.counterparty : *number});
              return true;
            }));
      }
    }
    return &histories.emplace(account, std::move(h)).first->second;
  }

  // History entries of the accounts in `reach`: counted where read,
  // estimated from the store's file sizes where not.
  Result<uint64_t> ReachLength(const std::set<std::string>& reach) {
    uint64_t total = 0;
    for (const std::string& account : reach) {
      if (auto h = histories.find(account); h != histories.end()) {
        total += h->second.size();
        continue;
      }
      auto known = estimated_length.find(account);
      if (known == estimated_length.end()) {
        ASSIGN_OR_RETURN(std::optional<uint32_t> number, store->AccountNumberOf(account));
        uint64_t length = 0;
        if (number) {
          ASSIGN_OR_RETURN(length, store->ApproximateHistoryLength(*number));
        }
        known = estimated_length.emplace(account, length).first;
      }
      total += known->second;
    }
    return total;
  }

  Result<int64_t> Opening(const std::string& account) {
    auto it = opening.find(account);
    if (it != opening.end()) return it->second;
    ASSIGN_OR_RETURN(auto a, store->GetAccount(account));
    int64_t v = a ? a->opening_balance_base : 0;
    opening.emplace(account, v);
    return v;
  }

  Result<const AssetPurchases*> Assets() {
    if (assets) return &*assets;
    // Only each purchase's place in the replay is needed, which the store
    // keeps indexed (Store::AssetPurchases): looking 1,500 ids up took 32 ms
    // of every process's first case on the 10 M demo store.
    ASSIGN_OR_RETURN(const auto bought, store->AssetPurchases());
    AssetPurchases found;
    for (const storage::Store::AssetPurchase& p : bought) {
      if (p.at) found.Add(p.at->seq, p.asset_id);  // none: bought outside the data
    }
    assets = std::move(found);
    return &*assets;
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

  // Names the accounts outside the reach too if `name_every_account`; else
  // leaves their ids empty (IdOf() names them).
  Result<trace::TraceInput> Build(const Case& c, const std::vector<ResolvedSeed>& seeds,
                                  const std::set<std::string>& reach, bool name_every_account,
                                  MergedHistories* merged) {
    std::vector<HistoryEntry> fresh;
    for (const std::string& account : reach) {
      if (!merged->accounts.insert(account).second) continue;
      ASSIGN_OR_RETURN(const auto* h, History(account));
      fresh.insert(fresh.end(), h->begin(), h->end());
    }
    std::sort(fresh.begin(), fresh.end(), ReplayOrder);
    // The last round's buffer, reused: a fresh one per round is tens of
    // megabytes for the kernel to fault in again.
    std::vector<HistoryEntry>& all = merged->scratch;
    all.clear();
    all.reserve(merged->entries.size() + fresh.size());
    std::merge(merged->entries.begin(), merged->entries.end(), fresh.begin(), fresh.end(),
               std::back_inserter(all), ReplayOrder);
    // A transaction between two reached accounts is in both histories.
    all.erase(std::unique(all.begin(), all.end(),
                          [](const HistoryEntry& a, const HistoryEntry& b) {
                            return a.timestamp == b.timestamp && a.seq == b.seq;
                          }),
              all.end());
    std::swap(merged->entries, all);
    const std::vector<HistoryEntry>& entries = merged->entries;

    trace::TraceInput in;
    in.case_id = c.case_id;
    constexpr uint32_t kNoIndex = UINT32_MAX;
    input_index.resize(store->account_number_limit(), kNoIndex);
    std::vector<uint32_t> numbers;  // the numbers set in input_index, to unset them after
    // Only reached accounts have their opening balance: the others' histories
    // are partial, and their balances mean nothing. Their ids are at hand.
    std::unordered_map<uint32_t, const std::string*> reached;
    for (const std::string& account : reach) {
      ASSIGN_OR_RETURN(std::optional<uint32_t> number, store->AccountNumberOf(account));
      if (number) reached.emplace(*number, &account);
    }
    auto account_index = [&](uint32_t number) -> Result<uint32_t> {
      if (number < kFirstAccountNumber) return trace::kCash;
      if (number >= input_index.size()) input_index.resize(number + 1, kNoIndex);
      if (input_index[number] != kNoIndex) return input_index[number];
      std::string id;
      int64_t open = 0;
      if (auto r = reached.find(number); r != reached.end()) {
        id = *r->second;
        ASSIGN_OR_RETURN(open, Opening(id));
      } else if (name_every_account) {
        ASSIGN_OR_RETURN(id, store->AccountIdOf(number));
      }
      in.accounts.push_back({std::move(id), open});
      input_index[number] = static_cast<uint32_t>(in.accounts.size() - 1);
      numbers.push_back(number);
      return input_index[number];
    };
    Status error = [&]() -> Status {
      ASSIGN_OR_RETURN(const AssetPurchases* purchases, Assets());
      in.txs.reserve(entries.size());
      for (const HistoryEntry& e : entries) {
        ASSIGN_OR_RETURN(uint32_t from, account_index(e.from));
        ASSIGN_OR_RETURN(uint32_t to, account_index(e.to));
        if (const std::string* asset = purchases->Find(e.seq)) {
          in.asset_purchases.emplace_back(in.txs.size(), *asset);
        }
        in.txs.push_back({e.seq, e.timestamp, from, to, e.amount});
      }
      return Status::Ok();
    }();
    for (uint32_t n : numbers) input_index[n] = kNoIndex;
    input_numbers = std::move(numbers);
    RETURN_IF_ERROR(error);
    for (const ResolvedSeed& s : seeds) {
      HistoryEntry key{s.tx.timestamp, s.tx.seq, 0, 0, 0};
      auto it = std::lower_bound(entries.begin(), entries.end(), key, ReplayOrder);
      if (it == entries.end() || it->seq != s.tx.seq || it->timestamp != s.tx.timestamp)
        return Status::Internal("seed " + s.tx.tx_id + " missing from its receiver's history");
      in.seeds.push_back(
          {static_cast<size_t>(it - entries.begin()), s.tx.tx_id, s.tainted, s.claimant});
    }
    return in;
  }

  // The whole ledger as one input: for taint that spreads so far that
  // growing the reach account by account would cost more than one scan.
  Result<trace::TraceInput> BuildFull(const Case& c, const std::vector<ResolvedSeed>& seeds) {
    trace::TraceInput in;
    in.case_id = c.case_id;
    input_numbers.clear();  // every account is named here
    ASSIGN_OR_RETURN(const AssetPurchases* purchases, Assets());
    std::unordered_map<uint64_t, size_t> seed_position;
    for (const ResolvedSeed& s : seeds) seed_position.emplace(s.tx.seq, SIZE_MAX);
    // The scan is most of a whole-ledger trace: it runs in parts of time, one
    // per core, each into its own vectors (on cache lines of their own, as
    // every entry moves their ends), joined in time order after.
    struct alignas(64) Part {
      std::vector<trace::LedgerTx> txs;
      std::vector<std::pair<size_t, std::string>> purchases;  // position in the part
      std::vector<std::pair<uint64_t, size_t>> seeds;         // seq, position in the part
    };
    const size_t parts = std::clamp<size_t>(std::thread::hardware_concurrency(), 1, 4);
    const uint64_t next_seq = store->next_seq();
    std::vector<Part> part(parts);
    // Part 0 has room for all: the others are appended to it without a copy
    // of the whole (one growth copy of 10 M entries costs a second).
    part[0].txs.reserve(next_seq);
    for (size_t p = 1; p < parts; ++p) part[p].txs.reserve(next_seq / parts + next_seq / 8);
    all_tx_ids.Reset(next_seq, parts);
    auto index_of = [](uint32_t number) {
      return number < kFirstAccountNumber ? trace::kCash : number - kFirstAccountNumber;
    };
    // The same trace names holders and countries of most accounts (a point
    // read each took seconds), and needs every opening balance: one scan of
    // the accounts, on a thread of its own beside the ledger's, whose parts
    // leave gaps on the cores while they start and end. That thread then
    // lists every account by number with its opening balance, which took
    // the main thread a quarter of a second after the ledger's scan.
    const uint32_t limit = store->account_number_limit();
    auto accounts_scan =
        std::async(std::launch::async, [&]() -> Result<std::vector<trace::LedgerAccount>> {
          std::vector<std::pair<std::string, int64_t>> openings;
          RETURN_IF_ERROR(store->ForEachAccount([&](const Account& a) {
            openings.emplace_back(a.account_id, a.opening_balance_base);
            labels.try_emplace(a.account_id, trace::AccountLabel{a.holder_id, a.country});
            return true;
          }));
          std::vector<trace::LedgerAccount> accounts(
              limit > kFirstAccountNumber ? limit - kFirstAccountNumber : 0);
          for (uint32_t n = kFirstAccountNumber; n < limit; ++n) {
            ASSIGN_OR_RETURN(accounts[n - kFirstAccountNumber].id, store->AccountIdOf(n));
          }
          std::unordered_map<std::string_view, uint32_t> by_id;
          for (uint32_t i = 0; i < accounts.size(); ++i) by_id.emplace(accounts[i].id, i);
          for (const auto& [id, balance] : openings) {
            auto it = by_id.find(id);
            if (it != by_id.end()) accounts[it->second].opening_balance = balance;
          }
          return accounts;
        });
    Status scanned = store->ForEachLedgerEntryInParts(
        parts, [&](size_t p, const storage::Store::LedgerEntry& e) {
          Part& mine = part[p];
          if (seed_position.count(e.seq)) mine.seeds.emplace_back(e.seq, mine.txs.size());
          if (const std::string* asset = purchases->Find(e.seq)) {
            mine.purchases.emplace_back(mine.txs.size(), *asset);
          }
          mine.txs.push_back({e.seq, e.timestamp, index_of(e.from), index_of(e.to), e.base_minor});
          all_tx_ids.Add(p, e.seq, e.tx_id);
          return true;
        });
    Result<std::vector<trace::LedgerAccount>> accounts = accounts_scan.get();
    RETURN_IF_ERROR(scanned);
    RETURN_IF_ERROR(accounts.status());
    in.accounts = std::move(*accounts);
    in.txs = std::move(part[0].txs);
    for (size_t p = 0, base = 0; p < parts; ++p) {
      if (p > 0) {
        base = in.txs.size();
        in.txs.insert(in.txs.end(), part[p].txs.begin(), part[p].txs.end());
      }
      for (auto& [pos, asset] : part[p].purchases)
        in.asset_purchases.emplace_back(base + pos, asset);
      for (auto [seq, pos] : part[p].seeds) seed_position[seq] = base + pos;
      part[p] = Part();
    }
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
  Result<trace::TraceInput> Fixpoint(const Case& c, Run run, bool name_every_account) {
    ASSIGN_OR_RETURN(auto seeds, ResolveSeeds(c));
    std::set<std::string> reach;
    MergedHistories merged;
    for (const auto& s : seeds) reach.insert(s.tx.to_account);
    // History entries per account on average (each transaction sits in two
    // histories). Reading a history costs about ten times what one entry of a
    // whole-ledger scan does, so a reach whose histories would exceed the
    // limit switches to the scan before reading them, not after.
    const double per_account =
        2.0 * static_cast<double>(store->next_seq()) /
        std::max<double>(1.0, static_cast<double>(store->account_number_limit()));
    // Taint that spreads by a large factor round after round (poison through
    // ordinary traffic) will pass the limit: when the next round, projected
    // from the last growth, would, switch before reading this one's histories.
    constexpr double kFastGrowth = 4.0;
    std::vector<size_t> sizes;  // of the reach, per round
    while (true) {
      sizes.push_back(reach.size());
      bool too_far = static_cast<double>(reach.size()) * per_account >
                     static_cast<double>(options.max_reach_transactions);
      if (!too_far && sizes.size() >= 3) {
        const auto n = sizes.size();
        const double last = static_cast<double>(sizes[n - 1]) / static_cast<double>(sizes[n - 2]);
        const double before = static_cast<double>(sizes[n - 2]) / static_cast<double>(sizes[n - 3]);
        too_far = last >= kFastGrowth && before >= kFastGrowth &&
                  static_cast<double>(reach.size()) * last * per_account >
                      static_cast<double>(options.max_reach_transactions);
      }
      if (!too_far) {
        // The average misses hubs (a shop, an employer) whose histories alone
        // pass the limit and take seconds to read: ask the store first.
        ASSIGN_OR_RETURN(uint64_t length, ReachLength(reach));
        too_far = length > options.max_reach_transactions;
      }
      std::optional<trace::TraceInput> partial;
      if (!too_far) {
        ASSIGN_OR_RETURN(partial, Build(c, seeds, reach, name_every_account, &merged));
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

  // The id of input account `account`, naming it if Build() left it unnamed.
  Result<std::string> IdOf(const trace::TraceInput& in, uint32_t account) {
    const std::string& id = in.accounts[account].id;
    if (!id.empty() || account >= input_numbers.size()) return id;
    return store->AccountIdOf(input_numbers[account]);
  }

  Result<std::vector<std::string>> TaintedAccounts(const trace::TraceResult& r,
                                                   const trace::TraceInput& in) {
    std::vector<std::string> out;
    for (const auto& a : r.accounts) {
      ASSIGN_OR_RETURN(std::string id, IdOf(in, a.account));
      out.push_back(std::move(id));
    }
    return out;
  }

  // Names the accounts of `in` that `r` shows, and the seeds' two ends.
  // Every account that held taint is in the final reach, and so named by
  // Build() already: one that is not would have been sorted by an empty id.
  Status NameShown(const trace::TraceResult& r, trace::TraceInput* in) {
    for (const auto& a : r.accounts) {
      if (in->accounts[a.account].id.empty())
        return Status::Internal("case " + in->case_id + ": a tainted account outside the reach");
    }
    auto name = [&](uint32_t account) -> Status {
      if (account == trace::kCash) return Status::Ok();
      ASSIGN_OR_RETURN(in->accounts[account].id, IdOf(*in, account));
      return Status::Ok();
    };
    for (const auto& f : r.flows) {
      RETURN_IF_ERROR(name(in->txs[f.tx].from));
      RETURN_IF_ERROR(name(in->txs[f.tx].to));
    }
    for (const auto& e : r.exits) RETURN_IF_ERROR(name(e.account));
    for (const auto& s : in->seeds) {
      RETURN_IF_ERROR(name(in->txs[s.tx].from));
      RETURN_IF_ERROR(name(in->txs[s.tx].to));
    }
    return Status::Ok();
  }
};

CaseLedger::CaseLedger(const storage::Store* store, CaseLedgerOptions options)
    : impl_(std::make_unique<Impl>(store, options)) {}
CaseLedger::~CaseLedger() = default;

size_t CaseLedger::histories_loaded() const { return impl_->histories.size(); }

Result<CaseTrace> CaseLedger::Trace(const Case& c, const trace::TraceOptions& options) {
  std::optional<trace::TraceResult> last;
  ASSIGN_OR_RETURN(trace::TraceInput input,
                   impl_->Fixpoint(
                       c,
                       [&](const trace::TraceInput& in) -> Result<std::vector<std::string>> {
                         ASSIGN_OR_RETURN(auto r, trace::Trace(in, options));
                         ASSIGN_OR_RETURN(auto tainted, impl_->TaintedAccounts(r, in));
                         last = std::move(r);
                         return tainted;
                       },
                       impl_->options.name_every_account));
  if (!impl_->options.name_every_account) RETURN_IF_ERROR(impl_->NameShown(*last, &input));
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
      impl_->Fixpoint(
          c,
          [&](const trace::TraceInput& in) -> Result<std::vector<std::string>> {
            ASSIGN_OR_RETURN(auto r, trace::Trace(in, poison));
            return impl_->TaintedAccounts(r, in);
          },
          /*name_every_account=*/true));  // a comparison names what no single trace shows
  ASSIGN_OR_RETURN(trace::CompareResult compare, trace::RunCompare(input, options));
  return std::make_pair(std::move(input), std::move(compare));
}

trace::TraceLabels CaseLedger::Labels(const trace::TraceInput& input,
                                      const trace::TraceResult& result, Prefetch what) {
  std::vector<storage::Store::TxAt> wanted;
  auto want = [&](size_t tx) {
    const trace::LedgerTx& t = input.txs[tx];
    if (!impl_->all_tx_ids.Find(t.ref) && !impl_->tx_ids.count(t.ref))
      wanted.push_back({t.timestamp, t.ref});
  };
  if (what == Prefetch::kFlowsAndExits) {
    for (const auto& f : result.flows) want(f.tx);
  }
  for (const auto& e : result.exits) want(e.tx);
  std::sort(wanted.begin(), wanted.end(), [](const auto& a, const auto& b) {
    return std::tie(a.timestamp, a.seq) < std::tie(b.timestamp, b.seq);
  });
  Status s = impl_->store->ForEachTransactionIdAt(wanted, [&](size_t i, std::string_view id) {
    impl_->tx_ids.emplace(wanted[i].seq, std::string(id));
  });
  // On failure the ids still missing are read one by one when rendered.
  (void)s;
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
  // Renderers call these from several threads: found ids under a shared
  // lock, the rest (a point read, then the cache) under an exclusive one.
  labels.tx_id = [impl, times](uint64_t ref) -> std::string {
    if (auto kept = impl->all_tx_ids.Find(ref)) return std::string(*kept);
    {
      std::shared_lock lock(impl->labels_mu);
      auto cached = impl->tx_ids.find(ref);
      if (cached != impl->tx_ids.end()) return cached->second;
    }
    std::unique_lock lock(impl->labels_mu);
    auto cached = impl->tx_ids.find(ref);
    if (cached != impl->tx_ids.end()) return cached->second;
    if (!times->built) {
      for (const auto& tx : times->input->txs) times->when.emplace(tx.ref, tx.timestamp);
      times->built = true;
    }
    auto it = times->when.find(ref);
    // Built in two steps: GCC 12 warns, wrongly, of overlap in "#" + string.
    std::string id = "#";
    id += std::to_string(ref);
    if (it != times->when.end()) {
      auto tx = impl->store->GetTransactionAt(it->second, ref);
      if (tx.ok() && tx->has_value()) id = (*tx)->tx_id;
    }
    impl->tx_ids.emplace(ref, id);
    return id;
  };
  labels.account = [impl](std::string_view id) -> trace::AccountLabel {
    std::string key(id);
    {
      std::shared_lock lock(impl->labels_mu);
      auto cached = impl->labels.find(key);
      if (cached != impl->labels.end()) return cached->second;
    }
    std::unique_lock lock(impl->labels_mu);
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
