#include "engine/graph/window_cycles.h"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/range/iterator_range.hpp>
#include <deque>
#include <limits>

namespace moneytrail::graph {
namespace {

struct EdgeProp {
  uint32_t id = 0;
};
using Csr = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, EdgeProp>;
constexpr uint32_t kNone = std::numeric_limits<uint32_t>::max();

// Shortest cycle through `start` inside component `comp` of the window graph.
// Scratch arrays are sized to the window graph and reused: `mark` holds the
// stamp of the search that last saw a node.
struct Scratch {
  std::vector<uint32_t> parent, via, mark;
  uint32_t stamp = 0;
};

bool ShortestCycle(const Csr& g, const std::vector<int>& comp, uint32_t start, Scratch& s,
                   std::vector<uint32_t>* nodes, std::vector<uint32_t>* edge_ids) {
  std::vector<uint32_t>& parent = s.parent;
  std::vector<uint32_t>& via = s.via;
  ++s.stamp;
  std::deque<uint32_t> queue{start};
  s.mark[start] = s.stamp;
  while (!queue.empty()) {
    uint32_t u = queue.front();
    queue.pop_front();
    for (auto e :
         boost::make_iterator_range(boost::out_edges(static_cast<Csr::vertex_descriptor>(u), g))) {
      uint32_t v = static_cast<uint32_t>(boost::target(e, g));
      if (comp[v] != comp[start]) continue;
      if (v == start) {
        if (u == start) continue;  // a self-loop is not a cycle
        std::vector<uint32_t> rn{u};
        std::vector<uint32_t> re{static_cast<uint32_t>(g[e].id)};
        for (uint32_t x = u; x != start; x = parent[x]) {
          re.push_back(via[x]);
          rn.push_back(parent[x]);
        }
        // rn = u, ..., start; re = (u->start), (parent->u), ...: reverse into path order.
        std::reverse(rn.begin(), rn.end());
        std::reverse(re.begin(), re.end());
        // rn now starts at start; re[0] is start->next ... last is u->start.
        *nodes = std::move(rn);
        *edge_ids = std::move(re);
        return true;
      }
      if (s.mark[v] == s.stamp) continue;
      s.mark[v] = s.stamp;
      parent[v] = u;
      via[v] = g[e].id;
      queue.push_back(v);
    }
  }
  return false;
}

}  // namespace

Result<std::vector<NodeCycle>> FindWindowCycles(std::span<const TimedEdge> edges, size_t num_nodes,
                                                const WindowCycleOptions& options) {
  if (options.window <= 0) return Status::Usage("cycle window must be positive");
  int64_t step = options.step > 0 ? options.step : std::max<int64_t>(1, options.window / 2);
  std::vector<TimedEdge> sorted;
  sorted.reserve(edges.size());
  for (const TimedEdge& e : edges) {
    if (e.from >= num_nodes || e.to >= num_nodes)
      return Status::Usage("cycle edge names an unknown node");
    if (e.from != e.to) sorted.push_back(e);
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const TimedEdge& a, const TimedEdge& b) { return a.time < b.time; });
  std::vector<NodeCycle> best;  // by node, via best_at
  std::vector<uint32_t> best_at(num_nodes, kNone);
  std::vector<uint32_t> local(num_nodes, kNone);
  std::vector<uint32_t> global;
  if (sorted.empty()) return best;
  size_t lo = 0;
  for (int64_t start = sorted.front().time;; start += step) {
    while (lo < sorted.size() && sorted[lo].time < start) ++lo;
    if (lo == sorted.size()) break;
    size_t hi = lo;
    while (hi < sorted.size() && sorted[hi].time - start < options.window) ++hi;
    global.clear();
    std::vector<std::pair<uint32_t, uint32_t>> pairs;
    std::vector<EdgeProp> props;
    pairs.reserve(hi - lo);
    props.reserve(hi - lo);
    for (size_t i = lo; i < hi; ++i) {
      for (uint32_t x : {sorted[i].from, sorted[i].to}) {
        if (local[x] == kNone) {
          local[x] = static_cast<uint32_t>(global.size());
          global.push_back(x);
        }
      }
      pairs.emplace_back(local[sorted[i].from], local[sorted[i].to]);
      props.push_back({sorted[i].id});
    }
    Csr g(boost::edges_are_unsorted_multi_pass, pairs.begin(), pairs.end(), props.begin(),
          global.size());
    std::vector<int> comp(global.size());
    int ncomp = boost::strong_components(
        g, boost::make_iterator_property_map(comp.begin(), boost::get(boost::vertex_index, g)));
    std::vector<size_t> size(static_cast<size_t>(ncomp), 0);
    for (int c : comp) ++size[static_cast<size_t>(c)];
    Scratch scratch;
    scratch.parent.assign(global.size(), kNone);
    scratch.via.assign(global.size(), kNone);
    scratch.mark.assign(global.size(), 0);
    for (uint32_t v = 0; v < global.size(); ++v) {
      size_t s = size[static_cast<size_t>(comp[v])];
      if (s < 2 || s > options.max_component) continue;
      uint32_t node = global[v];
      if (best_at[node] != kNone && best[best_at[node]].nodes.size() == 2)
        continue;  // cannot improve
      NodeCycle c;
      if (!ShortestCycle(g, comp, v, scratch, &c.nodes, &c.edges)) continue;
      for (uint32_t& x : c.nodes) x = global[x];
      c.node = node;
      c.window_start = start;
      if (best_at[node] == kNone) {
        best_at[node] = static_cast<uint32_t>(best.size());
        best.push_back(std::move(c));
      } else if (c.nodes.size() < best[best_at[node]].nodes.size()) {
        best[best_at[node]] = std::move(c);
      }
    }
    for (uint32_t x : global) local[x] = kNone;
    if (hi == sorted.size()) break;
  }
  std::sort(best.begin(), best.end(),
            [](const NodeCycle& a, const NodeCycle& b) { return a.node < b.node; });
  return best;
}

}  // namespace moneytrail::graph
