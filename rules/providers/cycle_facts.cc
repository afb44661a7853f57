// Cycles (round-tripping): money that came back to an account it left, within
// cycle_window_hours, found on the transfer graph of each window with
// Boost.Graph's strongly connected components (engine/graph/window_cycles.h).
#include "engine/graph/window_cycles.h"
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

class CycleFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "cycle"; }
  bool needs_case() const override { return false; }
  std::vector<FactDef> Facts() const override {
    return {
        {"cycle_accounts", Subject::kAccount, FactType::kCount,
         "accounts on the shortest cycle through this one within a window (absent: none)", false},
        {"cycle_amount", Subject::kAccount, FactType::kMoney, "smallest transfer on that cycle",
         false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const auto& txs = ctx.txs->txs;
    std::vector<graph::TimedEdge> edges;
    edges.reserve(txs.size());
    for (uint32_t i = 0; i < txs.size(); ++i) {
      const auto& t = txs[i];
      if (t.from == trace::kCash || t.to == trace::kCash || t.from == t.to) continue;
      edges.push_back({t.from, t.to, t.timestamp.micros, i});
    }
    graph::WindowCycleOptions o;
    o.window = std::max<int64_t>(1, ctx.params->cycle_window_hours) * kMicrosPerHour;
    o.max_component = static_cast<size_t>(ctx.params->cycle_max_accounts);
    ASSIGN_OR_RETURN(auto cycles, graph::FindWindowCycles(edges, ctx.txs->accounts.size(), o));
    for (const graph::NodeCycle& c : cycles) {
      if (!ctx.evaluate[c.node]) continue;
      SubjectFacts& f = AccountFacts(ctx, c.node, out);
      f.Count("cycle_accounts", static_cast<int64_t>(c.nodes.size()));
      int64_t least = INT64_MAX;
      Evidence ev;
      for (uint32_t e : c.edges) {
        least = std::min(least, txs[e].amount);
        AddEvidence(&ev, e);
      }
      for (uint32_t n : c.nodes) ev.chain.push_back(ctx.txs->accounts[n].id);
      ev.chain.push_back(ctx.txs->accounts[c.node].id);
      f.Money("cycle_amount", least);
      f.evidence["cycle_accounts"] = ev;
      f.evidence["cycle_amount"] = ev;
    }
    return Status::Ok();
  }
};

}  // namespace

const FactProvider& CycleFacts() {
  static const CycleFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules
