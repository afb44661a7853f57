#include "engine/query/paths.h"

#include <algorithm>
#include <climits>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "engine/query/edges.h"

namespace moneytrail::query {
namespace {

constexpr uint32_t kNone = UINT32_MAX;

Status CheckOptions(const PathOptions& o) {
  if (o.max_hops < 1 || o.max_hops > 6) {
    return Status::Usage("max_hops: " + std::to_string(o.max_hops) + " is not between 1 and 6");
  }
  if (o.limit < 1) return Status::Usage("limit: must be at least 1");
  if (o.max_fanout < 1 || o.max_entries < 1 || o.max_partials < 1 || o.max_candidates < 1) {
    return Status::Usage("max_fanout, max_entries, max_partials, max_candidates: must be >= 1");
  }
  if (o.filter.min_minor < 0) return Status::Usage("min_amount: must not be negative");
  if (o.filter.since && o.filter.until && *o.filter.since > *o.filter.until) {
    return Status::Usage("since: is after until");
  }
  return Status::Ok();
}

struct LocalEdge {
  Timestamp ts;
  uint64_t seq = 0;
  int64_t minor = 0;
  uint32_t from = 0, to = 0;  // store numbers
};

// A half-chain. Forward: from `from` to `account`, `ts` its last instant.
// Backward: from `account` to `to`, `ts` its first instant. `edge` is the
// step added last (forward: the one into `account`; backward: the one out of
// it); `prev` its predecessor in the level below.
struct Partial {
  uint32_t account = 0;
  uint32_t edge = kNone;
  uint32_t prev = kNone;
  Timestamp ts;
  int64_t amount = INT64_MAX;
};
using Level = std::vector<Partial>;

struct Candidate {
  int64_t amount = 0;
  std::vector<uint32_t> edges;  // in chain order
};

class Search {
 public:
  Search(const storage::Store& store, const PathOptions& o) : store_(store), o_(o) {
    budget_.remaining = o.max_entries;
  }

  Status Run(uint32_t from, uint32_t to) {
    from_ = from;
    to_ = to;
    fwd_.push_back({{from_, kNone, kNone, Timestamp{INT64_MIN}, INT64_MAX}});
    bwd_.push_back({{to_, kNone, kNone, Timestamp{INT64_MAX}, INT64_MAX}});
    for (int len = 1; len <= o_.max_hops; ++len) {
      size_t f = static_cast<size_t>(len + 1) / 2, b = static_cast<size_t>(len) / 2;
      while (fwd_.size() <= f) RETURN_IF_ERROR(Grow(true));
      while (bwd_.size() <= b) RETURN_IF_ERROR(Grow(false));
      if (fwd_[f].empty() || bwd_[b].empty()) {  // nothing longer can exist either
        searched_hops_ = o_.max_hops;
        break;
      }
      Join(f, b);
      searched_hops_ = len;
      if (done_.size() >= o_.limit) {
        limit_reached_ = found_ > o_.limit || len < o_.max_hops;
        break;
      }
    }
    return Status::Ok();
  }

  Result<PathResult> Output(std::string from, std::string to) && {
    PathResult r;
    r.from = std::move(from);
    r.to = std::move(to);
    r.options = o_;
    r.found = found_;
    r.searched_hops = searched_hops_;
    r.limit_reached = limit_reached_;
    r.hubs = hubs_;
    r.budget_exhausted = budget_.exhausted;
    r.search_cut = search_cut_;
    r.entries_read = budget_.read;
    for (const Candidate& c : done_) {
      Path path;
      path.amount_minor = c.amount;
      for (uint32_t i : c.edges) {
        const LocalEdge& e = edges_[i];
        ASSIGN_OR_RETURN(auto tx, store_.GetTransactionAt(e.ts, e.seq));
        if (!tx) return Status::Corruption("the index names a missing transaction");
        ASSIGN_OR_RETURN(auto from_id, store_.AccountIdOf(e.from));
        ASSIGN_OR_RETURN(auto to_id, store_.AccountIdOf(e.to));
        path.steps.push_back(
            {tx->tx_id, e.ts, e.seq, std::move(from_id), std::move(to_id), e.minor, tx->amount});
      }
      r.paths.push_back(std::move(path));
    }
    return r;
  }

 private:
  // The edges out of (forward) or into (backward) `account`, in time order;
  // nullptr for a hub, which is not passed through.
  Result<const std::vector<uint32_t>*> Adjacent(uint32_t account, bool forward) {
    auto& cache = forward ? out_ : in_;
    auto it = cache.find(account);
    if (it != cache.end()) return it->second.hub ? nullptr : &it->second.edges;
    bool end = account == (forward ? from_ : to_);
    std::vector<internal::Edge> read;
    ASSIGN_OR_RETURN(
        auto how, internal::ReadEdges(store_, account,
                                      forward ? storage::Direction::kOut : storage::Direction::kIn,
                                      o_.filter, end ? 0 : o_.max_fanout, &budget_, &read));
    Adj& adj = cache[account];
    adj.hub = how == internal::ReadEnd::kFanout;
    if (adj.hub) {
      ++hubs_;
      return nullptr;
    }
    for (const internal::Edge& e : read) {
      uint32_t other = e.counterparty;
      adj.edges.push_back(static_cast<uint32_t>(edges_.size()));
      edges_.push_back(
          {e.timestamp, e.seq, e.minor, forward ? account : other, forward ? other : account});
    }
    return &adj.edges;
  }

  // Whether the half-chain ending with `level[idx]` visits `account`.
  bool Visits(const std::vector<Level>& side, size_t level, uint32_t idx, uint32_t account) const {
    for (;; --level) {
      const Partial& p = side[level][idx];
      if (p.account == account) return true;
      if (level == 0) return false;
      idx = p.prev;
    }
  }

  // Indexes of `level` ordered by (account, ts, index).
  static std::vector<uint32_t> Grouped(const Level& level) {
    std::vector<uint32_t> order(level.size());
    std::iota(order.begin(), order.end(), 0u);
    std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
      const Partial &x = level[a], &y = level[b];
      if (x.account != y.account) return x.account < y.account;
      if (x.ts != y.ts) return x.ts < y.ts;
      return a < b;
    });
    return order;
  }

  // Adds the next level of one side: every half-chain one step longer.
  Status Grow(bool forward) {
    std::vector<Level>& side = forward ? fwd_ : bwd_;
    size_t d = side.size() - 1;
    Level next;
    std::vector<uint32_t> order = Grouped(side[d]);
    uint32_t far_end = forward ? to_ : from_;
    for (size_t g = 0; g < order.size();) {
      uint32_t account = side[d][order[g]].account;
      size_t group_end = g;
      while (group_end < order.size() && side[d][order[group_end]].account == account) ++group_end;
      const std::vector<uint32_t>* adj = nullptr;
      // Chains end at the far end: never walk on from it.
      if (account != far_end) {
        ASSIGN_OR_RETURN(adj, Adjacent(account, forward));
      }
      for (; adj != nullptr && g < group_end; ++g) {
        uint32_t idx = order[g];
        const Partial& p = side[d][idx];
        auto before = [&](uint32_t e, Timestamp t) { return edges_[e].ts < t; };
        auto after = [&](Timestamp t, uint32_t e) { return t < edges_[e].ts; };
        // Forward: steps no earlier than the last one; backward: no later than the first.
        auto lo = forward ? std::lower_bound(adj->begin(), adj->end(), p.ts, before) : adj->begin();
        auto hi = forward ? adj->end() : std::upper_bound(adj->begin(), adj->end(), p.ts, after);
        for (auto it = lo; it != hi; ++it) {
          const LocalEdge& e = edges_[*it];
          uint32_t other = forward ? e.to : e.from;
          // The far end only closes a chain of one step; the near end never recurs.
          if ((other == far_end && (!forward || d > 0)) || Visits(side, d, idx, other)) continue;
          if (next.size() >= o_.max_partials) {
            search_cut_ = true;
            side.push_back(std::move(next));
            return Status::Ok();
          }
          next.push_back({other, *it, idx, e.ts, std::min(p.amount, e.minor)});
        }
      }
      g = group_end;
    }
    side.push_back(std::move(next));
    return Status::Ok();
  }

  // Chain order: larger amount first, then steps' (ts, seq), oldest first.
  bool Better(const Candidate& a, const Candidate& b) const {
    if (a.amount != b.amount) return a.amount > b.amount;
    return std::lexicographical_compare(a.edges.begin(), a.edges.end(), b.edges.begin(),
                                        b.edges.end(), [&](uint32_t x, uint32_t y) {
                                          return std::tie(edges_[x].ts, edges_[x].seq) <
                                                 std::tie(edges_[y].ts, edges_[y].seq);
                                        });
  }

  // Every chain of fwd_[f] + bwd_[b] steps; keeps the best that still fit.
  void Join(size_t f, size_t b) {
    const Level &fl = fwd_[f], &bl = bwd_[b];
    std::vector<uint32_t> fo = Grouped(fl), bo = Grouped(bl);
    size_t room = o_.limit - done_.size();
    std::vector<Candidate> heap;  // front: the worst kept
    auto worse_first = [&](const Candidate& x, const Candidate& y) { return Better(x, y); };
    Candidate scratch;
    size_t i = 0, j = 0;
    while (i < fo.size() && j < bo.size()) {
      uint32_t mf = fl[fo[i]].account, mb = bl[bo[j]].account;
      if (mf != mb) {
        (mf < mb ? i : j)++;
        continue;
      }
      size_t i_end = i, j_end = j;
      while (i_end < fo.size() && fl[fo[i_end]].account == mf) ++i_end;
      while (j_end < bo.size() && bl[bo[j_end]].account == mf) ++j_end;
      size_t k0 = j;  // backward halves are sorted by first instant
      for (; i < i_end; ++i) {
        const Partial& p = fl[fo[i]];
        while (k0 < j_end && bl[bo[k0]].ts < p.ts) ++k0;  // they start too early
        for (size_t k = k0; k < j_end; ++k) {
          if (++examined_ > o_.max_candidates) {
            search_cut_ = true;
            Finish(&heap);
            return;
          }
          if (!Assemble(f, fo[i], b, bo[k], &scratch)) continue;
          ++found_;
          scratch.amount = std::min(p.amount, bl[bo[k]].amount);
          if (heap.size() < room) {
            heap.push_back(scratch);
            std::push_heap(heap.begin(), heap.end(), worse_first);
          } else if (Better(scratch, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), worse_first);
            heap.back() = scratch;
            std::push_heap(heap.begin(), heap.end(), worse_first);
          }
        }
      }
      j = j_end;
    }
    Finish(&heap);
  }

  // The chain of forward half `fi` and backward half `bi` (meeting at the
  // same account) into `c`; false when the halves share another account.
  bool Assemble(size_t f, uint32_t fi, size_t b, uint32_t bi, Candidate* c) const {
    uint32_t seen[8];  // the forward half's accounts: f <= 3
    size_t n = 0;
    c->edges.clear();
    for (size_t level = f;; --level) {
      const Partial& p = fwd_[level][fi];
      seen[n++] = p.account;
      if (level == 0) break;
      c->edges.push_back(p.edge);
      fi = p.prev;
    }
    std::reverse(c->edges.begin(), c->edges.end());
    for (size_t level = b; level > 0; --level) {
      const Partial& q = bwd_[level][bi];
      if (std::find(seen, seen + n, edges_[q.edge].to) != seen + n) return false;
      c->edges.push_back(q.edge);
      bi = q.prev;
    }
    return true;
  }

  void Finish(std::vector<Candidate>* heap) {
    std::sort(heap->begin(), heap->end(),
              [&](const Candidate& x, const Candidate& y) { return Better(x, y); });
    for (Candidate& c : *heap) done_.push_back(std::move(c));
    heap->clear();
  }

  struct Adj {
    bool hub = false;
    std::vector<uint32_t> edges;
  };

  const storage::Store& store_;
  const PathOptions& o_;
  internal::EntryBudget budget_;
  std::vector<LocalEdge> edges_;
  std::unordered_map<uint32_t, Adj> out_, in_;
  std::vector<Level> fwd_, bwd_;
  std::vector<Candidate> done_;
  uint32_t from_ = 0, to_ = 0;
  size_t found_ = 0, hubs_ = 0;
  uint64_t examined_ = 0;
  int searched_hops_ = 0;
  bool limit_reached_ = false, search_cut_ = false;
};

}  // namespace

Result<PathResult> FindPaths(const storage::Store& store, std::string_view from,
                             std::string_view to, const PathOptions& options) {
  RETURN_IF_ERROR(CheckOptions(options));
  if (from == to) return Status::Usage("path: both ends are '" + std::string(from) + "'");
  ASSIGN_OR_RETURN(auto a, internal::ResolveAccount(store, from));
  ASSIGN_OR_RETURN(auto b, internal::ResolveAccount(store, to));
  Search search(store, options);
  if (a && b) RETURN_IF_ERROR(search.Run(*a, *b));  // else an end without transactions
  return std::move(search).Output(std::string(from), std::string(to));
}

}  // namespace moneytrail::query
