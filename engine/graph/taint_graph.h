// The taint-flow graph of a trace as GraphML, for Gephi, yEd, Cytoscape or a
// later web view.
//
// Nodes (attribute `kind`): "seed" (one per replayed seed, id "seed:<tx_id>"),
// "account" (every account that ever held taint, id "account:<id>", with
// holder_id, country, hop and tainted_balance), "asset" ("asset:<asset_id>"),
// "cash" ("cash:<account>", where an account's cash withdrawals go) and
// "hop_limit" ("hop_limit:<account>"). Edges, one per transaction, in replay
// order (attribute `kind`: seed, flow, exit), carry tx_id, timestamp, amount,
// tainted_amount and hop (the receiving hop; -1 on exits). Amounts are decimal
// strings with the labels' digits. Node and edge order is deterministic: the
// same trace gives the same bytes.
//
// Thread safety: pure function.
#ifndef MONEYTRAIL_ENGINE_GRAPH_TAINT_GRAPH_H_
#define MONEYTRAIL_ENGINE_GRAPH_TAINT_GRAPH_H_

#include <ostream>

#include "engine/core/status.h"
#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::graph {

// Writes the graph to `out`. Fails with IOError if the stream fails.
Status WriteTaintGraphMl(const trace::TraceResult& result, const trace::TraceInput& input,
                         const trace::TraceLabels& labels, std::ostream& out);

}  // namespace moneytrail::graph

#endif  // MONEYTRAIL_ENGINE_GRAPH_TAINT_GRAPH_H_
