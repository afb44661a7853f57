#include "engine/trace/replay.h"

#include <algorithm>
#include <climits>
#include <cstring>
#include <string_view>
#include <utility>

#include "engine/trace/ledger.h"

namespace moneytrail::trace::internal {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr int kNoHop = INT_MAX;

// Every account has a slot; only accounts that ever held taint have a record.
struct Slot {
  int64_t balance = 0;
  int64_t inferred = 0;
  uint32_t record = kNone;
  bool hot = false;  // holds taint now (poison: is poisoned)
};

struct ClaimStats {
  uint32_t claimant = 0;
  int64_t received = 0;
  int64_t sent = 0;
  int64_t balance = 0;  // unused under poison
};

// The claimant totals of a record, sorted by claimant. Nearly every case has
// one claimant, held inline: a step then finds it in the record's own cache
// lines instead of behind a pointer (a cache miss per account and step in a
// whole-ledger replay). A second claimant moves them all to the heap.
class ClaimStatsList {
 public:
  ClaimStats* begin() { return more_.empty() ? &one_ : more_.data(); }
  ClaimStats* end() { return begin() + size(); }
  const ClaimStats* begin() const { return more_.empty() ? &one_ : more_.data(); }
  const ClaimStats* end() const { return begin() + size(); }
  size_t size() const { return more_.empty() ? has_one_ : more_.size(); }
  const ClaimStats& operator[](size_t i) const { return begin()[i]; }

  // Inserts `value` before `at` (a position in this list); returns it.
  ClaimStats* insert(ClaimStats* at, const ClaimStats& value) {
    if (more_.empty() && !has_one_) {
      one_ = value;
      has_one_ = true;
      return &one_;
    }
    if (more_.empty()) {
      const ptrdiff_t index = at - &one_;
      more_.push_back(one_);
      return &*more_.insert(more_.begin() + index, value);
    }
    return &*more_.insert(more_.begin() + (at - more_.data()), value);
  }

 private:
  ClaimStats one_;
  bool has_one_ = false;
  std::vector<ClaimStats> more_;
};

struct Record {
  uint32_t account = 0;
  int hop = kNoHop;
  int64_t tainted = 0;  // held now; unused under poison
  int64_t received = 0;
  int64_t sent = 0;
  ClaimStatsList stats;    // sorted by claimant; for pro-rata, libr and
                           // tainted-first this *is* the ledger
  SegmentLedger segments;  // fifo and lifo, while the account is hot
};

class Replayer {
 public:
  Replayer(const TraceInput& input, const TraceOptions& options, const Prepared& prepared)
      : input_(input),
        options_(options),
        prepared_(prepared),
        method_(options.method),
        segmented_(method_ == Method::kFifo || method_ == Method::kLifo),
        poison_(method_ == Method::kPoison),
        slots_(input.accounts.size()) {
    for (size_t i = 0; i < slots_.size(); ++i)
      slots_[i].balance = input.accounts[i].opening_balance;
    result_.by_claimant.resize(prepared.claimants.size());
  }

  Status Run();
  Result<TraceResult> Finish();

 private:
  void Count(int64_t* total, int64_t v) { overflow_ |= __builtin_add_overflow(*total, v, total); }

  Status Step(size_t i, const LedgerTx& tx, const Special* special);
  void DebitClean(uint32_t x, int64_t a) {
    Slot& s = slots_[x];
    if (a > s.balance) {
      Count(&s.inferred, a - s.balance);
      s.balance = 0;
    } else {
      s.balance -= a;
    }
  }
  void CreditClean(uint32_t y, int64_t a) {
    Slot& s = slots_[y];
    Count(&s.balance, a);
    if (s.hot && segmented_) records_[s.record].segments.Append(a, kClean);
  }
  void Debit(uint32_t x, int64_t a);  // fills parts_
  void SplitAmongClaimants(const Record& r, int64_t amount);
  void Credit(uint32_t y, int64_t a, int hop);  // credits parts_
  ClaimStats& Stats(Record& r, uint32_t claimant);
  Record& EnsureRecord(uint32_t account);
  void RecordExit(size_t tx, ExitKind kind, uint32_t account, int hop, std::string asset_id);
  void AppendSplit(uint32_t* begin, uint32_t* end);
  AccountSnapshot Snapshot(uint32_t account) const;

  const TraceInput& input_;
  const TraceOptions& options_;
  const Prepared& prepared_;
  const Method method_;
  const bool segmented_;
  const bool poison_;
  std::vector<Slot> slots_;
  std::vector<Record> records_;
  TraceResult result_;
  bool overflow_ = false;
  // Scratch, reused so that tainted steps do not allocate in the steady state.
  Parts parts_;
  std::vector<int64_t> weights_;
  std::vector<int64_t> shares_;
  SplitScratch split_scratch_;
  std::vector<Colour> flags_;
  // Taint credited in the current step and to which account, for the observer.
  int64_t credited_ = 0;
  uint32_t credited_account_ = kNone;
};

Status Replayer::Run() {
  const std::vector<LedgerTx>& txs = input_.txs;
  const std::vector<Special>& specials = prepared_.specials;
  size_t next = 0;
  size_t next_tx = specials.empty() ? SIZE_MAX : specials[0].tx;
  TraceObserver* observer = options_.observer;
  for (size_t i = 0; i < txs.size(); ++i) {
    const LedgerTx& tx = txs[i];
    if (options_.until && tx.timestamp > *options_.until) break;
    result_.replayed_txs = i + 1;
    credited_ = 0;
    credited_account_ = kNone;
    if (i == next_tx) {
      const Special* special = &specials[next++];
      next_tx = next < specials.size() ? specials[next].tx : SIZE_MAX;
      RETURN_IF_ERROR(Step(i, tx, special));
    } else if (tx.from == kCash || !slots_[tx.from].hot) {
      // The common case: nothing tainted moves, so balances are all there is.
      if (tx.from != kCash) DebitClean(tx.from, tx.amount);
      if (tx.to != kCash) CreditClean(tx.to, tx.amount);
    } else {
      RETURN_IF_ERROR(Step(i, tx, nullptr));
    }
    if (observer != nullptr) {
      StepEvent event;
      event.tx = i;
      if (tx.from != kCash) event.accounts.push_back(Snapshot(tx.from));
      if (tx.to != kCash && tx.to != tx.from) event.accounts.push_back(Snapshot(tx.to));
      observer->OnStep(event);
    }
  }
  if (overflow_) return Status::DataError("amounts overflow 64-bit minor units during the replay");
  return Status::Ok();
}

Status Replayer::Step(size_t i, const LedgerTx& tx, const Special* special) {
  const SeedSpec* seed = special && special->is_seed ? &input_.seeds[special->index] : nullptr;
  parts_.Clear();
  int sender_hop = kNoHop;
  if (tx.from != kCash) {
    const Slot& sender = slots_[tx.from];
    if (seed != nullptr && sender.hot)
      return SeedFromTaintedSender(input_, *seed, tx.from, poison_);
    if (sender.record != kNone) sender_hop = records_[sender.record].hop;
    Debit(tx.from, tx.amount);
  }
  if (seed != nullptr) {
    uint32_t claimant = prepared_.seed_claimant[special->index];
    parts_.Clear();
    parts_.Add(seed->tainted_amount, ColourOf(claimant));
    parts_.Add(tx.amount - seed->tainted_amount, kClean);
    Count(&result_.by_claimant[claimant].seed_total, seed->tainted_amount);
    Count(&result_.seed_total, seed->tainted_amount);
    result_.seeds.push_back(special->index);
    Credit(tx.to, tx.amount, 0);  // Trace() refuses seeds paid to cash
    return Status::Ok();
  }
  if (parts_.tainted() == 0) {
    if (tx.to != kCash) CreditClean(tx.to, tx.amount);
    return Status::Ok();
  }
  if (tx.to == kCash) {
    RecordExit(i, ExitKind::kCashWithdrawal, tx.from, sender_hop, {});
  } else if (special != nullptr) {  // an asset purchase: taint exits, the seller gets clean money
    RecordExit(i, ExitKind::kAssetPurchase, tx.from, sender_hop,
               input_.asset_purchases[special->index].second);
    CreditClean(tx.to, tx.amount);
  } else if (options_.max_hops && tx.to != tx.from && sender_hop >= *options_.max_hops) {
    RecordExit(i, ExitKind::kHopLimit, tx.from, sender_hop, {});
    CreditClean(tx.to, tx.amount);
  } else {
    FlowResult flow;
    flow.tx = i;
    flow.hop = sender_hop + 1;
    flow.tainted_amount = parts_.tainted();
    AppendSplit(&flow.claimants_begin, &flow.claimants_end);
    result_.flows.push_back(flow);
    Credit(tx.to, tx.amount, sender_hop + 1);
  }
  return Status::Ok();
}

void Replayer::Debit(uint32_t x, int64_t a) {
  Slot& s = slots_[x];
  int64_t shortfall = a > s.balance ? a - s.balance : 0;
  Count(&s.inferred, shortfall);  // rule 4: clean, oldest
  int64_t available = s.balance + shortfall;
  s.balance = available - a;
  if (!s.hot) {
    parts_.Add(a, kClean);
    return;
  }
  Record& r = records_[s.record];
  if (poison_) {
    flags_.clear();
    for (ClaimStats& st : r.stats) {
      flags_.push_back(ColourOf(st.claimant));
      Count(&st.sent, a);
    }
    parts_.SetFlags(a, flags_);
    Count(&r.sent, a);
    return;
  }
  int64_t clean = available - r.tainted;
  switch (method_) {
    case Method::kFifo:
    case Method::kLifo:
      if (a == available) {
        parts_.Add(shortfall, kClean);
        r.segments.TakeAll(&parts_);
      } else if (method_ == Method::kFifo) {
        r.segments.TakeOldest(a, &parts_);
      } else {
        r.segments.TakeNewest(a, &parts_);
      }
      break;
    case Method::kProRata:
      weights_.clear();
      weights_.push_back(clean);
      for (const ClaimStats& st : r.stats) weights_.push_back(st.balance);
      SplitLargestRemainder(a, weights_, &shares_, &split_scratch_);
      parts_.Add(shares_[0], kClean);
      for (size_t k = 0; k < r.stats.size(); ++k) {
        parts_.Add(shares_[k + 1], ColourOf(r.stats[k].claimant));
      }
      break;
    case Method::kLibr:
      parts_.Add(std::min(a, clean), kClean);
      SplitAmongClaimants(r, a - std::min(a, clean));
      break;
    case Method::kTaintedFirst:
      parts_.Add(a - std::min(a, r.tainted), kClean);
      SplitAmongClaimants(r, std::min(a, r.tainted));
      break;
    case Method::kPoison:
      break;
  }
  for (const Part& p : parts_.items()) {
    if (p.colour == kClean) continue;
    ClaimStats& st = Stats(r, ClaimantOf(p.colour));
    st.sent += p.amount;
    st.balance -= p.amount;
  }
  r.sent += parts_.tainted();
  r.tainted -= parts_.tainted();
  if (r.tainted == 0) {
    s.hot = false;
    if (segmented_) r.segments.Clear();
  }
}

void Replayer::SplitAmongClaimants(const Record& r, int64_t amount) {
  if (amount == 0) return;
  weights_.clear();
  for (const ClaimStats& st : r.stats) weights_.push_back(st.balance);
  SplitLargestRemainder(amount, weights_, &shares_, &split_scratch_);
  for (size_t k = 0; k < r.stats.size(); ++k) {
    parts_.Add(shares_[k], ColourOf(r.stats[k].claimant));
  }
}

void Replayer::Credit(uint32_t y, int64_t a, int hop) {
  Slot& s = slots_[y];
  int64_t before = s.balance;
  Count(&s.balance, a);
  if (parts_.tainted() == 0) {
    if (s.hot && segmented_) records_[s.record].segments.Append(a, kClean);
    return;
  }
  Record& r = EnsureRecord(y);
  r.hop = std::min(r.hop, hop);
  credited_ += parts_.tainted();
  credited_account_ = y;
  Count(&r.received, parts_.tainted());
  if (segmented_ && !s.hot) r.segments.Reset(before);
  for (const Part& p : parts_.items()) {
    if (segmented_) r.segments.Append(p.amount, p.colour);
    if (p.colour == kClean) continue;
    ClaimStats& st = Stats(r, ClaimantOf(p.colour));
    Count(&st.received, p.amount);
    if (!poison_) st.balance += p.amount;
  }
  if (!poison_) r.tainted += parts_.tainted();
  s.hot = true;
}

ClaimStats& Replayer::Stats(Record& r, uint32_t claimant) {
  auto it = std::lower_bound(r.stats.begin(), r.stats.end(), claimant,
                             [](const ClaimStats& st, uint32_t c) { return st.claimant < c; });
  if (it == r.stats.end() || it->claimant != claimant) {
    it = r.stats.insert(it, ClaimStats{claimant, 0, 0, 0});
  }
  return *it;
}

Record& Replayer::EnsureRecord(uint32_t account) {
  Slot& s = slots_[account];
  if (s.record == kNone) {
    s.record = static_cast<uint32_t>(records_.size());
    records_.emplace_back().account = account;
  }
  return records_[s.record];
}

void Replayer::RecordExit(size_t tx, ExitKind kind, uint32_t account, int hop,
                          std::string asset_id) {
  ExitResult e;
  e.tx = tx;
  e.kind = kind;
  e.account = account;
  e.hop = hop;
  e.asset_id = std::move(asset_id);
  e.tainted_amount = parts_.tainted();
  AppendSplit(&e.claimants_begin, &e.claimants_end);
  result_.exits.push_back(std::move(e));
}

// The claimant split of parts_, sorted by claimant, same claimant merged.
void Replayer::AppendSplit(uint32_t* begin, uint32_t* end) {
  std::vector<ClaimantAmount>& out = result_.claimant_amounts;
  size_t b = out.size();
  for (const Part& p : parts_.items()) {
    if (p.colour != kClean) out.push_back({ClaimantOf(p.colour), p.amount});
  }
  auto first = out.begin() + static_cast<std::ptrdiff_t>(b);
  std::sort(first, out.end(), [](const ClaimantAmount& x, const ClaimantAmount& y) {
    return x.claimant < y.claimant;
  });
  size_t w = b;
  for (size_t k = b; k < out.size(); ++k) {
    if (w > b && out[w - 1].claimant == out[k].claimant) {
      out[w - 1].amount += out[k].amount;
    } else {
      out[w++] = out[k];
    }
  }
  out.resize(w);
  *begin = static_cast<uint32_t>(b);
  *end = static_cast<uint32_t>(w);
}

AccountSnapshot Replayer::Snapshot(uint32_t account) const {
  const Slot& s = slots_[account];
  AccountSnapshot snap;
  snap.account = account;
  snap.balance = s.balance;
  snap.ledger_total = s.balance;
  snap.tainted_credited = account == credited_account_ ? credited_ : 0;
  if (s.record == kNone) return snap;
  const Record& r = records_[s.record];
  if (poison_) {
    snap.tainted = s.hot ? s.balance : 0;
    for (const ClaimStats& st : r.stats) {
      if (snap.tainted != 0) snap.tainted_by_claimant.push_back({st.claimant, snap.tainted});
    }
    return snap;
  }
  snap.tainted = r.tainted;
  for (const ClaimStats& st : r.stats) {
    if (st.balance != 0) snap.tainted_by_claimant.push_back({st.claimant, st.balance});
  }
  if (segmented_ && s.hot) snap.ledger_total = r.segments.Total();
  return snap;
}

Result<TraceResult> Replayer::Finish() {
  TraceResult& res = result_;
  for (const Slot& s : slots_) {
    if (s.inferred == 0) continue;
    Count(&res.inferred_total, s.inferred);
    ++res.inferred_accounts;
  }
  res.accounts.reserve(records_.size());
  for (const Record& r : records_) {
    const Slot& s = slots_[r.account];
    AccountResult a;
    a.account = r.account;
    a.hop = r.hop;
    a.tainted_received = r.received;
    a.tainted_sent = r.sent;
    a.tainted_balance = poison_ ? (s.hot ? s.balance : 0) : r.tainted;
    a.inferred_funds = s.inferred;
    for (const ClaimStats& st : r.stats) {
      int64_t balance = poison_ ? a.tainted_balance : st.balance;
      a.by_claimant.push_back({st.claimant, st.received, st.sent, balance});
      Count(&res.by_claimant[st.claimant].held, balance);
    }
    Count(&res.held, a.tainted_balance);
    res.accounts.push_back(std::move(a));
  }
  CompleteResult(input_, options_, prepared_, &res, &overflow_);
  if (overflow_) return Status::DataError("tainted totals overflow 64-bit minor units");
  return std::move(res);
}

}  // namespace

Result<TraceResult> Replay(const TraceInput& input, const TraceOptions& options,
                           const Prepared& prepared) {
  if (options.method == Method::kPoison && prepared.claimants.size() <= 1 &&
      options.observer == nullptr) {
    return ReplayPoisonOneClaimant(input, options, prepared);
  }
  Replayer replayer(input, options, prepared);
  RETURN_IF_ERROR(replayer.Run());
  return replayer.Finish();
}

Status SeedFromTaintedSender(const TraceInput& input, const SeedSpec& seed, uint32_t sender,
                             bool poison) {
  return Status::DataError("seed " + seed.tx_id + ": its sender " + input.accounts[sender].id +
                           (poison ? " is poisoned by taint of case " : " holds taint of case ") +
                           input.case_id +
                           " at that moment (rule 11); a seed must be a payment by a victim");
}

void CompleteResult(const TraceInput& input, const TraceOptions& options, const Prepared& prepared,
                    TraceResult* result, bool* overflow) {
  TraceResult& res = *result;
  res.method = options.method;
  res.until = options.until;
  res.max_hops = options.max_hops;
  res.claimants = prepared.claimants;
  auto count = [&](int64_t* total, int64_t v) {
    *overflow |= __builtin_add_overflow(*total, v, total);
  };
  // Sorted by id through small keys: a whole-ledger trace has 200,000
  // accounts, and moving their results at every swap of the sort, or
  // reaching through them for each comparison's id, took most of it. The
  // first 16 bytes of the id, big-endian and zero-padded, order two ids
  // as the whole ids do wherever they differ; only equal ones compare the rest.
  struct Key {
    uint64_t head[2];
    std::string_view id;
    uint32_t account;
    uint32_t position;
  };
  std::vector<Key> order;
  order.reserve(res.accounts.size());
  for (size_t k = 0; k < res.accounts.size(); ++k) {
    const std::string& id = input.accounts[res.accounts[k].account].id;
    unsigned char head[16] = {};
    std::memcpy(head, id.data(), std::min(id.size(), sizeof head));
    Key& key = order.emplace_back();
    for (int w = 0; w < 2; ++w) {
      key.head[w] = 0;
      for (int b = 0; b < 8; ++b) key.head[w] = key.head[w] << 8 | head[w * 8 + b];
    }
    key.id = id;
    key.account = res.accounts[k].account;
    key.position = static_cast<uint32_t>(k);
  }
  std::sort(order.begin(), order.end(), [](const Key& x, const Key& y) {
    if (x.head[0] != y.head[0]) return x.head[0] < y.head[0];
    if (x.head[1] != y.head[1]) return x.head[1] < y.head[1];
    return x.id != y.id ? x.id < y.id : x.account < y.account;
  });
  std::vector<AccountResult> sorted;
  sorted.reserve(order.size());
  for (const Key& key : order) sorted.push_back(std::move(res.accounts[key.position]));
  res.accounts = std::move(sorted);
  for (const ExitResult& e : res.exits) {
    count(&res.exited, e.tainted_amount);
    for (const ClaimantAmount& ca : res.ByClaimant(e)) {
      count(&res.by_claimant[ca.claimant].exited, ca.amount);
    }
  }
  bool conserved = true;
  for (const ClaimantSummary& c : res.by_claimant) {
    conserved = conserved && static_cast<Int128>(c.held) + c.exited == c.seed_total;
  }
  res.conserved = conserved && static_cast<Int128>(res.held) + res.exited == res.seed_total;
}

}  // namespace moneytrail::trace::internal
