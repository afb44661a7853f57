// Split transfers: one payment cut into several to the same account within a
// day (FATF's "multiple transfers of similar amounts to one beneficiary in a
// short time"), and the accounts that deal with several such splitters: the
// network around them, which investigators expand from a first suspect.
// Payments to and from organisations do not count: three card payments to one
// shop in a day are shopping. (When a case is flagged, only the accounts the
// case looked up are known to be organisations: those it evaluates and those
// they paid.)
#include "rules/providers/util.h"

namespace moneytrail::rules {
namespace {

struct Transfer {
  uint32_t counterparty;
  uint32_t tx;  // in replay order, so times never decrease within a counterparty
};

struct Split {
  int64_t count = 0;          // the most transfers one way between the account and one other
  std::vector<uint32_t> txs;  // those transfers (the first of equal windows)
};

class SplitFactsImpl : public FactProvider {
 public:
  std::string_view name() const override { return "split"; }
  bool needs_case() const override { return false; }
  std::vector<FactDef> Facts() const override {
    return {
        {"split_transfers", Subject::kAccount, FactType::kCount,
         "most transfers one way between this account and one other (not an organisation's) "
         "within split_window_hours",
         false},
        {"split_counterparties", Subject::kAccount, FactType::kCount,
         "accounts it paid or was paid by whose split_transfers reach split_min_transfers", false},
    };
  }

  Status Compute(const EvalContext& ctx, FactTable* out) const override {
    const uint32_t n = static_cast<uint32_t>(ctx.txs->accounts.size());
    const int64_t window = ctx.params->split_window_hours * kMicrosPerHour;
    // Every account's split count is needed, evaluated or not: a splitter
    // outside the evaluated set still counts for its counterparties.
    std::vector<int64_t> most(n, 0);
    std::vector<Transfer> list;
    for (uint32_t a = 0; a < n; ++a) {
      Split s = MostSplit(ctx, a, window, &list);
      most[a] = s.count;
      if (!ctx.evaluate[a] || s.count == 0) continue;
      SubjectFacts& f = AccountFacts(ctx, a, out);
      f.Count("split_transfers", s.count);
      Evidence& ev = f.evidence["split_transfers"];
      for (uint32_t i : s.txs) AddEvidence(&ev, i);
    }

    const auto& txs = ctx.txs->txs;
    const int64_t min = ctx.params->split_min_transfers;
    std::vector<uint32_t> seen_by(n, UINT32_MAX);  // the account that last counted it
    for (uint32_t a = 0; a < n; ++a) {
      if (!ctx.evaluate[a]) continue;
      int64_t count = 0;
      Evidence ev;
      for (uint32_t i : TxsOf(ctx, a)) {
        const auto& t = txs[i];
        uint32_t other = t.from == a ? t.to : t.from;
        if (other == a || other == trace::kCash || most[other] < min || seen_by[other] == a)
          continue;
        seen_by[other] = a;
        ++count;
        AddEvidence(&ev, i);  // the first transfer with each splitter
        if (ev.chain.size() < kMaxEvidenceTxs) ev.chain.push_back(ctx.txs->accounts[other].id);
      }
      if (count == 0) continue;
      SubjectFacts& f = AccountFacts(ctx, a, out);
      f.Count("split_counterparties", count);
      f.evidence["split_counterparties"] = std::move(ev);
    }
    return Status::Ok();
  }

 private:
  // The largest group of transfers from `a` to one account, or to `a` from
  // one account, within `window`. `list` is scratch space.
  static Split MostSplit(const EvalContext& ctx, uint32_t a, int64_t window,
                         std::vector<Transfer>* list) {
    const auto& txs = ctx.txs->txs;
    Split best;
    for (bool outgoing : {true, false}) {
      list->clear();
      for (uint32_t i : TxsOf(ctx, a)) {
        const auto& t = txs[i];
        if (t.from == t.to || t.from == trace::kCash || t.to == trace::kCash) continue;
        const uint32_t other = outgoing ? t.to : t.from;
        if ((outgoing ? t.from : t.to) != a || ctx.organisation[other]) continue;
        list->push_back({other, i});
      }
      // Group by counterparty; the stable sort keeps each group in time order.
      std::stable_sort(list->begin(), list->end(), [](const Transfer& x, const Transfer& y) {
        return x.counterparty < y.counterparty;
      });
      size_t lo = 0;
      for (size_t hi = 0; hi < list->size(); ++hi) {
        const Transfer& h = (*list)[hi];
        if ((*list)[lo].counterparty != h.counterparty) lo = hi;
        while (txs[h.tx].timestamp.micros - txs[(*list)[lo].tx].timestamp.micros > window) ++lo;
        const auto size = static_cast<int64_t>(hi - lo + 1);
        if (size <= best.count) continue;
        best.count = size;
        best.txs.clear();
        for (size_t k = lo; k <= hi; ++k) best.txs.push_back((*list)[k].tx);
      }
    }
    return best;
  }
};

}  // namespace

const FactProvider& SplitFacts() {
  static const SplitFactsImpl kImpl;
  return kImpl;
}

}  // namespace moneytrail::rules
