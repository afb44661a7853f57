// Window cycles: accounts that money left and came back to, within a time
// window, found with Boost.Graph's strongly connected components.
//
// The time axis is cut into windows of `window` length, each starting `step`
// after the previous one (step = window / 2 by default, so any cycle whose
// transactions span at most half a window lies inside one window). In each
// window the transfers form a directed graph; its strongly connected
// components of 2 to `max_component` nodes hold every cycle of that window
// (larger components are the dense core of ordinary traffic and are skipped).
// For each node of such a component, a breadth-first search inside the
// component gives a shortest cycle through it. Direction matters, the order of
// the transfers inside the window does not (round-tripping is often booked out
// of order).
//
// Cost: O(E log E) to sort plus O(E * window / step) over all windows, plus a
// BFS per node of the small components. Memory O(nodes + edges of a window).
//
// Thread safety: pure function.
#ifndef MONEYTRAIL_ENGINE_GRAPH_WINDOW_CYCLES_H_
#define MONEYTRAIL_ENGINE_GRAPH_WINDOW_CYCLES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::graph {

struct TimedEdge {
  uint32_t from = 0;
  uint32_t to = 0;
  int64_t time = 0;  // any monotone unit (microseconds in moneytrail)
  uint32_t id = 0;   // the caller's edge id, reported back in cycles
};

struct WindowCycleOptions {
  int64_t window = 0;         // > 0
  int64_t step = 0;           // 0: window / 2 (at least 1)
  size_t max_component = 20;  // components larger than this are skipped
};

// The shortest cycle found through `node`: nodes[0] == node, then the nodes
// the money visited; edges[i] goes from nodes[i] to nodes[(i + 1) % size].
struct NodeCycle {
  uint32_t node = 0;
  std::vector<uint32_t> nodes;
  std::vector<uint32_t> edges;  // TimedEdge::id
  int64_t window_start = 0;
};

// Every node on a cycle of some window, sorted by node; per node the shortest
// cycle (ties: the earliest window, then the first found). Self-loops are not
// cycles. `edges` need not be sorted. Usage error when window <= 0 or a node
// is >= num_nodes.
Result<std::vector<NodeCycle>> FindWindowCycles(std::span<const TimedEdge> edges, size_t num_nodes,
                                                const WindowCycleOptions& options);

}  // namespace moneytrail::graph

#endif  // MONEYTRAIL_ENGINE_GRAPH_WINDOW_CYCLES_H_
