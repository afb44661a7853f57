#include "engine/graph/chains.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/exception.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/topological_sort.hpp>
#include <boost/property_map/property_map.hpp>
#include <climits>

namespace moneytrail::graph {
namespace {

using trace::ClaimantAmount;
using trace::TraceInput;
using trace::TraceResult;

// What an edge of the time-expanded DAG stands for. `index` points into
// TraceResult::seeds (kSeed), ::flows (kFlow), ::exits (kExit) or ::accounts
// (kHold); a kWait edge joins two consecutive events at one account.
enum class EventKind : uint8_t { kWait, kSeed, kFlow, kExit, kHold };

struct DagNode {
  bool terminal = false;
};
struct DagEdge {
  EventKind kind = EventKind::kWait;
  uint32_t index = 0;
};
using Dag = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, DagNode, DagEdge>;
using Vertex = Dag::vertex_descriptor;
using Edge = Dag::edge_descriptor;

constexpr uint32_t kNoParent = UINT32_MAX;

// A partial chain, as a linked list back to its seed (shared prefixes).
struct PathEntry {
  uint32_t parent;
  DagEdge event;
  int64_t bottleneck;
};

class ChainFinder {
 public:
  ChainFinder(const TraceResult& r, const TraceInput& in, const ChainOptions& o)
      : r_(r), in_(in), options_(o) {}

  Status Build();
  // Appends the best `k` chains of one claimant.
  void Search(uint32_t claimant, std::vector<Chain>* out);

  // The claimant's amount on an edge; 0 blocks it, kWait never does.
  int64_t AmountOf(const DagEdge& e, uint32_t claimant) const {
    auto in_split = [&](std::span<const ClaimantAmount> split) -> int64_t {
      for (const ClaimantAmount& ca : split) {
        if (ca.claimant == claimant) return ca.amount;
      }
      return 0;
    };
    switch (e.kind) {
      case EventKind::kWait:
        return INT64_MAX;
      case EventKind::kSeed:
        return seed_claimant_[e.index] == claimant ? SeedOf(e).tainted_amount : 0;
      case EventKind::kFlow:
        return in_split(r_.ByClaimant(r_.flows[e.index]));
      case EventKind::kExit:
        return in_split(r_.ByClaimant(r_.exits[e.index]));
      case EventKind::kHold:
        for (const trace::ClaimantAccountTotals& c : r_.accounts[e.index].by_claimant) {
          if (c.claimant == claimant) return c.balance;
        }
        return 0;
    }
    return 0;
  }
  const Dag& dag() const { return dag_; }

 private:
  const trace::SeedSpec& SeedOf(const DagEdge& e) const { return in_.seeds[r_.seeds[e.index]]; }
  void Insert(std::vector<uint32_t>* list, uint32_t id) const;
  Chain Reconstruct(uint32_t claimant, uint32_t path) const;

  const TraceResult& r_;
  const TraceInput& in_;
  const ChainOptions& options_;
  Dag dag_;
  std::vector<Vertex> order_;                       // topological
  std::vector<std::pair<Vertex, uint32_t>> seeds_;  // seed vertex, claimant
  std::vector<uint32_t> seed_claimant_;             // per TraceResult::seeds entry
  std::vector<PathEntry> arena_;
};

// Keeps the claimant's taint only: the subgraph its money can travel.
struct CarriesClaimant {
  const ChainFinder* finder = nullptr;
  uint32_t claimant = 0;
  bool operator()(const Edge& e) const { return finder->AmountOf(finder->dag()[e], claimant) > 0; }
};

Status ChainFinder::Build() {
  // Events per account, keyed so that a departure sorts before an arrival of
  // the same transaction (a self-transfer leaves, then comes back).
  std::vector<std::vector<std::pair<uint64_t, Vertex>>> events(in_.accounts.size());
  auto departure = [&](size_t tx, uint32_t account) {
    Vertex v = boost::add_vertex(dag_);
    events[account].push_back({2 * static_cast<uint64_t>(tx), v});
    return v;
  };
  auto arrival = [&](size_t tx, uint32_t account) {
    Vertex v = boost::add_vertex(dag_);
    events[account].push_back({2 * static_cast<uint64_t>(tx) + 1, v});
    return v;
  };
  for (uint32_t k = 0; k < r_.seeds.size(); ++k) {
    const trace::SeedSpec& seed = in_.seeds[r_.seeds[k]];
    auto it = std::lower_bound(r_.claimants.begin(), r_.claimants.end(), seed.claimant);
    seed_claimant_.push_back(static_cast<uint32_t>(it - r_.claimants.begin()));
    Vertex s = boost::add_vertex(dag_);
    boost::add_edge(s, arrival(seed.tx, in_.txs[seed.tx].to), DagEdge{EventKind::kSeed, k}, dag_);
    seeds_.push_back({s, seed_claimant_.back()});
  }
  for (uint32_t f = 0; f < r_.flows.size(); ++f) {
    const trace::LedgerTx& tx = in_.txs[r_.flows[f].tx];
    Vertex d = departure(r_.flows[f].tx, tx.from);
    boost::add_edge(d, arrival(r_.flows[f].tx, tx.to), DagEdge{EventKind::kFlow, f}, dag_);
  }
  for (uint32_t e = 0; e < r_.exits.size(); ++e) {
    Vertex d = departure(r_.exits[e].tx, r_.exits[e].account);
    Vertex t = boost::add_vertex(DagNode{true}, dag_);
    boost::add_edge(d, t, DagEdge{EventKind::kExit, e}, dag_);
  }
  for (auto& list : events) {
    std::sort(list.begin(), list.end());
    for (size_t i = 1; i < list.size(); ++i) {
      boost::add_edge(list[i - 1].second, list[i].second, DagEdge{EventKind::kWait, 0}, dag_);
    }
  }
  for (uint32_t a = 0; a < r_.accounts.size(); ++a) {
    const auto& list = events[r_.accounts[a].account];
    if (r_.accounts[a].tainted_balance == 0 || list.empty()) continue;
    Vertex h = boost::add_vertex(DagNode{true}, dag_);
    boost::add_edge(list.back().second, h, DagEdge{EventKind::kHold, a}, dag_);
  }
  std::vector<boost::default_color_type> colours(boost::num_vertices(dag_));
  try {
    boost::topological_sort(dag_, std::back_inserter(order_),
                            boost::color_map(boost::make_iterator_property_map(
                                colours.begin(), boost::get(boost::vertex_index, dag_))));
  } catch (const boost::not_a_dag&) {
    return Status::Internal("the time-expanded taint-flow graph has a cycle");
  }
  std::reverse(order_.begin(), order_.end());
  return Status::Ok();
}

void ChainFinder::Insert(std::vector<uint32_t>* list, uint32_t id) const {
  auto better = [&](uint32_t a, uint32_t b) {
    return arena_[a].bottleneck != arena_[b].bottleneck
               ? arena_[a].bottleneck > arena_[b].bottleneck
               : a < b;
  };
  if (list->size() == options_.k && !better(id, list->back())) return;
  list->insert(std::upper_bound(list->begin(), list->end(), id, better), id);
  if (list->size() > options_.k) list->pop_back();
}

void ChainFinder::Search(uint32_t claimant, std::vector<Chain>* out) {
  if (options_.k == 0) return;
  const size_t n = boost::num_vertices(dag_);
  boost::filtered_graph<Dag, CarriesClaimant> carries(dag_, CarriesClaimant{this, claimant});
  std::vector<boost::default_color_type> colours(n, boost::white_color);
  auto colour_map =
      boost::make_iterator_property_map(colours.begin(), boost::get(boost::vertex_index, dag_));
  arena_.clear();
  std::vector<std::vector<uint32_t>> lists(n);
  for (const auto& [s, c] : seeds_) {
    if (c != claimant) continue;
    if (colours[s] == boost::white_color) {
      boost::depth_first_visit(carries, s, boost::default_dfs_visitor(), colour_map);
    }
    lists[s].push_back(static_cast<uint32_t>(arena_.size()));
    arena_.push_back({kNoParent, DagEdge{}, INT64_MAX});
  }
  std::vector<uint32_t> finished;  // paths that reached a terminal
  for (Vertex u : order_) {
    if (colours[u] == boost::white_color || lists[u].empty()) continue;  // unreachable
    if (dag_[u].terminal) {
      finished.insert(finished.end(), lists[u].begin(), lists[u].end());
      continue;
    }
    for (auto [e, end] = boost::out_edges(u, carries); e != end; ++e) {
      const DagEdge& event = carries[*e];
      int64_t amount = AmountOf(event, claimant);
      Vertex v = boost::target(*e, carries);
      for (uint32_t p : lists[u]) {
        uint32_t id = p;
        if (event.kind != EventKind::kWait) {
          id = static_cast<uint32_t>(arena_.size());
          arena_.push_back({p, event, std::min(arena_[p].bottleneck, amount)});
        }
        Insert(&lists[v], id);
      }
    }
    std::vector<uint32_t>().swap(lists[u]);  // every successor has it now
  }
  std::vector<uint32_t> best;
  for (uint32_t id : finished) Insert(&best, id);
  for (uint32_t id : best) out->push_back(Reconstruct(claimant, id));
}

Chain ChainFinder::Reconstruct(uint32_t claimant, uint32_t path) const {
  std::vector<DagEdge> events;
  for (uint32_t p = path; arena_[p].parent != kNoParent; p = arena_[p].parent) {
    events.push_back(arena_[p].event);
  }
  std::reverse(events.begin(), events.end());
  Chain chain;
  chain.claimant = claimant;
  chain.bottleneck = arena_[path].bottleneck;
  for (const DagEdge& e : events) {
    int64_t amount = AmountOf(e, claimant);
    switch (e.kind) {
      case EventKind::kWait:
        break;
      case EventKind::kSeed:
        chain.seed = r_.seeds[e.index];
        chain.steps.push_back({SeedOf(e).tx, amount});
        break;
      case EventKind::kFlow: {
        size_t tx = r_.flows[e.index].tx;
        chain.steps.push_back({tx, amount});
        chain.hops += in_.txs[tx].from != in_.txs[tx].to;
        chain.account = in_.txs[tx].to;
        break;
      }
      case EventKind::kExit: {
        const trace::ExitResult& x = r_.exits[e.index];
        chain.steps.push_back({x.tx, amount});
        chain.end = x.kind == trace::ExitKind::kCashWithdrawal  ? ChainEnd::kCashWithdrawal
                    : x.kind == trace::ExitKind::kAssetPurchase ? ChainEnd::kAssetPurchase
                                                                : ChainEnd::kHopLimit;
        chain.account = x.account;
        chain.asset_id = x.asset_id;
        break;
      }
      case EventKind::kHold:
        chain.end = ChainEnd::kHolding;
        chain.account = r_.accounts[e.index].account;
        chain.held = amount;
        break;
    }
  }
  chain.micros_from_seed = in_.txs[chain.steps.back().tx].timestamp.micros -
                           in_.txs[chain.steps.front().tx].timestamp.micros;
  return chain;
}

}  // namespace

std::string_view ChainEndName(ChainEnd end) {
  switch (end) {
    case ChainEnd::kHolding:
      return "holding";
    case ChainEnd::kCashWithdrawal:
      return "cash_withdrawal";
    case ChainEnd::kAssetPurchase:
      return "asset_purchase";
    case ChainEnd::kHopLimit:
      return "hop_limit";
  }
  return "?";
}

Result<std::vector<Chain>> LargestChains(const TraceResult& result, const TraceInput& input,
                                         const ChainOptions& options) {
  ChainFinder finder(result, input, options);
  RETURN_IF_ERROR(finder.Build());
  std::vector<Chain> chains;
  for (uint32_t c = 0; c < result.claimants.size(); ++c) finder.Search(c, &chains);
  // Ties: tx ids (or replay positions) step by step, then claimant.
  std::vector<std::vector<std::string>> ids(chains.size());
  if (options.tx_id) {
    for (size_t i = 0; i < chains.size(); ++i) {
      for (const ChainStep& s : chains[i].steps)
        ids[i].push_back(options.tx_id(input.txs[s.tx].ref));
    }
  }
  std::vector<size_t> order(chains.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Chain& x = chains[a];
    const Chain& y = chains[b];
    if (x.bottleneck != y.bottleneck) return x.bottleneck > y.bottleneck;
    if (ids[a] != ids[b]) return ids[a] < ids[b];
    auto txs = [](const Chain& ch) {
      std::vector<size_t> t;
      for (const ChainStep& s : ch.steps) t.push_back(s.tx);
      return t;
    };
    if (txs(x) != txs(y)) return txs(x) < txs(y);
    return std::tie(x.claimant, x.end) < std::tie(y.claimant, y.end);
  });
  std::vector<Chain> out;
  for (size_t i = 0; i < order.size() && out.size() < options.k; ++i) {
    out.push_back(std::move(chains[order[i]]));
  }
  return out;
}

}  // namespace moneytrail::graph
