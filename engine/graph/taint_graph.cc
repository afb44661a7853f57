#include "engine/graph/taint_graph.h"

#include <algorithm>
// GCC 12 reports a false -Wmaybe-uninitialized inside Boost 1.74's edge
// iterator (a boost::optional) when write_graphml is inlined here.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/graphml.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <map>
#include <tuple>

namespace moneytrail::graph {
namespace {

using trace::TraceInput;
using trace::TraceResult;

struct GNode {
  std::string id;
  std::string kind;
  std::string holder_id;
  std::string country;
  std::string tainted_balance;
  int hop = -1;
};
struct GEdge {
  std::string kind;
  std::string tx_id;
  std::string timestamp;
  std::string amount;
  std::string tainted_amount;
  int hop = -1;
};
using FlowGraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, GNode, GEdge>;
using Vertex = FlowGraph::vertex_descriptor;

FlowGraph Build(const TraceResult& r, const TraceInput& in, const trace::TraceLabels& l) {
  FlowGraph g;
  std::map<std::string, Vertex> by_id;
  auto node = [&](const std::string& id, const std::string& kind) {
    auto [it, fresh] = by_id.try_emplace(id, 0);
    if (fresh) it->second = boost::add_vertex(GNode{id, kind, "", "", "", -1}, g);
    return it->second;
  };
  std::vector<Vertex> account_node(in.accounts.size(), 0);
  for (const trace::AccountResult& a : r.accounts) {
    const std::string& id = in.accounts[a.account].id;
    trace::AccountLabel label = l.Account(id);
    Vertex v = node("account:" + id, "account");
    g[v].holder_id = label.holder_id;
    g[v].country = label.country;
    g[v].tainted_balance = trace::Money(l, a.tainted_balance);
    g[v].hop = a.hop;
    account_node[a.account] = v;
  }
  auto edge = [&](Vertex from, Vertex to, const std::string& kind, size_t tx_index, int64_t tainted,
                  int hop) {
    const trace::LedgerTx& tx = in.txs[tx_index];
    boost::add_edge(from, to,
                    GEdge{kind, l.TxId(tx.ref), FormatTimestamp(tx.timestamp),
                          trace::Money(l, tx.amount), trace::Money(l, tainted), hop},
                    g);
  };
  // Every edge in replay order: (tx, kind 0 seed / 1 flow / 2 exit, index).
  std::vector<std::tuple<size_t, int, size_t>> events;
  for (size_t k = 0; k < r.seeds.size(); ++k) events.push_back({in.seeds[r.seeds[k]].tx, 0, k});
  for (size_t f = 0; f < r.flows.size(); ++f) events.push_back({r.flows[f].tx, 1, f});
  for (size_t e = 0; e < r.exits.size(); ++e) events.push_back({r.exits[e].tx, 2, e});
  std::sort(events.begin(), events.end());
  for (const auto& [tx, kind, index] : events) {
    if (kind == 0) {
      const trace::SeedSpec& seed = in.seeds[r.seeds[index]];
      edge(node("seed:" + seed.tx_id, "seed"), account_node[in.txs[tx].to], "seed", tx,
           seed.tainted_amount, 0);
    } else if (kind == 1) {
      const trace::FlowResult& f = r.flows[index];
      edge(account_node[in.txs[tx].from], account_node[in.txs[tx].to], "flow", tx, f.tainted_amount,
           f.hop);
    } else {
      const trace::ExitResult& x = r.exits[index];
      const std::string& account = in.accounts[x.account].id;
      Vertex t = x.kind == trace::ExitKind::kAssetPurchase ? node("asset:" + x.asset_id, "asset")
                 : x.kind == trace::ExitKind::kCashWithdrawal
                     ? node("cash:" + account, "cash")
                     : node("hop_limit:" + account, "hop_limit");
      edge(account_node[x.account], t, "exit", tx, x.tainted_amount, -1);
    }
  }
  return g;
}

}  // namespace

Status WriteTaintGraphMl(const TraceResult& result, const TraceInput& input,
                         const trace::TraceLabels& labels, std::ostream& out) {
  FlowGraph g = Build(result, input, labels);
  boost::dynamic_properties dp;
  dp.property("id", boost::get(&GNode::id, g));
  dp.property("kind", boost::get(&GNode::kind, g));
  dp.property("holder_id", boost::get(&GNode::holder_id, g));
  dp.property("country", boost::get(&GNode::country, g));
  dp.property("tainted_balance", boost::get(&GNode::tainted_balance, g));
  dp.property("hop", boost::get(&GNode::hop, g));
  dp.property("kind", boost::get(&GEdge::kind, g));
  dp.property("tx_id", boost::get(&GEdge::tx_id, g));
  dp.property("timestamp", boost::get(&GEdge::timestamp, g));
  dp.property("amount", boost::get(&GEdge::amount, g));
  dp.property("tainted_amount", boost::get(&GEdge::tainted_amount, g));
  dp.property("hop", boost::get(&GEdge::hop, g));
  try {
    boost::write_graphml(out, g, boost::get(boost::vertex_index, g), dp, true);
  } catch (const std::exception& e) {
    return Status::Internal(std::string("writing GraphML: ") + e.what());
  }
  if (!out) return Status::IOError("writing GraphML: the output stream failed");
  return Status::Ok();
}

}  // namespace moneytrail::graph

#pragma GCC diagnostic pop
