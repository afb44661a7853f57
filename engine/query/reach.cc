#include "engine/query/reach.h"

#include "engine/query/edges.h"

namespace moneytrail::query {

namespace {

constexpr uint8_t kRootMark = 4;  // past every hop (1..3)
constexpr uint8_t kHubBit = 0x80;

// Bottom-up costs about one look per account not yet reached; top-down one
// per edge out of the ring. Measured on the 10 M demo store, bottom-up wins
// once the ring's edges outnumber the unreached accounts by this factor.
constexpr uint64_t kBottomUpFactor = 2;

// One byte per account number, zero between calls. Kept per thread: a
// server answers many reach questions a second, and clearing (or
// allocating) a mark per account would cost more than the walk itself;
// each walk clears only what it marked.
std::vector<uint8_t>& Marks(uint32_t limit) {
  thread_local std::vector<uint8_t> marks;
  if (marks.size() < limit) marks.resize(limit, 0);
  return marks;
}

class Walk {
 public:
  Walk(const AccountGraph& g, const ReachOptions& o)
      : g_(g), o_(o), marks_(Marks(g.account_limit())) {
    walk_out_ = o.direction != WalkDirection::kIn;
    walk_in_ = o.direction != WalkDirection::kOut;
  }
  ~Walk() {
    for (uint32_t a : reached_) marks_[a] = 0;
  }

  void Run(uint32_t root, ReachResult* r) {
    r->by_hop.assign(static_cast<size_t>(o_.hops), 0);
    if (root >= g_.account_limit()) return;  // no transactions in the graph
    root_ = root;
    marks_[root] = kRootMark;
    reached_.push_back(root);
    size_t ring_begin = 0, ring_end = 1;  // the ring being expanded, in reached_
    for (int hop = 1; hop <= o_.hops && ring_begin < ring_end; ++hop) {
      uint64_t edges = MarkHubs(ring_begin, ring_end, r);
      uint64_t unreached = g_.account_limit() - reached_.size();
      if (hop > 1 && edges > kBottomUpFactor * unreached) {
        BottomUp(hop);
        ++r->backward_hops;
      } else {
        TopDown(ring_begin, ring_end, hop);
      }
      r->by_hop[static_cast<size_t>(hop - 1)] = reached_.size() - ring_end;
      ring_begin = ring_end;
      ring_end = reached_.size();
    }
    if (o_.counted) Recount(r);
    for (uint64_t n : r->by_hop) r->found += n;
  }

 private:
  bool IsHub(uint32_t a) const {
    return (walk_out_ && g_.Entries(a, storage::Direction::kOut) > o_.max_fanout) ||
           (walk_in_ && g_.Entries(a, storage::Direction::kIn) > o_.max_fanout);
  }

  // Marks the ring's hubs (the queried account is never one) and returns
  // how many edges leave the rest of it.
  uint64_t MarkHubs(size_t begin, size_t end, ReachResult* r) {
    uint64_t edges = 0;
    for (size_t i = begin; i < end; ++i) {
      uint32_t x = reached_[i];
      if (x != root_ && IsHub(x)) {
        marks_[x] |= kHubBit;
        ++r->hubs;
        continue;
      }
      if (walk_out_) edges += g_.Counterparties(x, storage::Direction::kOut).size();
      if (walk_in_) edges += g_.Counterparties(x, storage::Direction::kIn).size();
    }
    return edges;
  }

  void Visit(uint32_t c, int hop) {
    if (marks_[c] != 0) return;
    marks_[c] = static_cast<uint8_t>(hop);
    reached_.push_back(c);
  }

  void TopDown(size_t begin, size_t end, int hop) {
    for (size_t i = begin; i < end; ++i) {
      uint32_t x = reached_[i];
      if (marks_[x] & kHubBit) continue;
      if (walk_out_) {
        for (uint32_t c : g_.Counterparties(x, storage::Direction::kOut)) Visit(c, hop);
      }
      if (walk_in_) {
        for (uint32_t c : g_.Counterparties(x, storage::Direction::kIn)) Visit(c, hop);
      }
    }
  }

  // Every account not yet reached with a counterparty in the ring (hop - 1,
  // hubs excluded by their bit) is reached now. Accounts are visited in
  // number order; the counts do not depend on it.
  void BottomUp(int hop) {
    const uint8_t ring = static_cast<uint8_t>(hop - 1);
    auto any_in_ring = [&](std::span<const uint32_t> others) {
      for (uint32_t u : others) {
        if (marks_[u] == ring) return true;
      }
      return false;
    };
    for (uint32_t v = internal::kFirstAccountNumber; v < g_.account_limit(); ++v) {
      if (marks_[v] != 0) continue;
      // Walking out, v is reached from a ring member that paid it.
      if ((walk_out_ && any_in_ring(g_.Counterparties(v, storage::Direction::kIn))) ||
          (walk_in_ && any_in_ring(g_.Counterparties(v, storage::Direction::kOut)))) {
        marks_[v] = static_cast<uint8_t>(hop);
        reached_.push_back(v);
      }
    }
  }

  // The counts again, over the accounts the caller counts only.
  void Recount(ReachResult* r) const {
    r->by_hop.assign(r->by_hop.size(), 0);
    r->hubs = 0;
    for (uint32_t a : *o_.counted) {
      if (a >= g_.account_limit()) continue;
      uint8_t m = marks_[a];
      uint8_t hop = m & static_cast<uint8_t>(~kHubBit);
      if (hop < 1 || hop > o_.hops) continue;
      ++r->by_hop[hop - 1];
      if (m & kHubBit) ++r->hubs;
    }
  }

  const AccountGraph& g_;
  const ReachOptions& o_;
  std::vector<uint8_t>& marks_;
  bool walk_out_ = false, walk_in_ = false;
  uint32_t root_ = 0;
  std::vector<uint32_t> reached_;  // the root, then each ring in turn
};

}  // namespace

Result<ReachResult> Reach(const AccountGraph& graph, const storage::Store& store,
                          std::string_view account, const ReachOptions& options) {
  if (options.hops < 1 || options.hops > 3) {
    return Status::Usage("hops: " + std::to_string(options.hops) + " is not 1, 2 or 3");
  }
  if (options.max_fanout < 1) return Status::Usage("max_fanout: must be at least 1");
  ASSIGN_OR_RETURN(auto number, internal::ResolveAccount(store, account));
  ReachResult r;
  r.account = std::string(account);
  r.options = options;
  r.options.counted = nullptr;  // not the caller's to keep
  Walk walk(graph, options);
  if (number) {
    walk.Run(*number, &r);
  } else {
    r.by_hop.assign(static_cast<size_t>(options.hops), 0);  // a record without transactions
  }
  return r;
}

}  // namespace moneytrail::query
