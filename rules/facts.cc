#include "rules/facts.h"

namespace moneytrail::rules {

SubjectFacts& FactsFor(Subject s, const std::string& id, FactTable* out) {
  // Providers ask for the same subject many times; a key built per call
  // would allocate each time (ids are longer than the small-string buffer).
  thread_local std::pair<Subject, std::string> key;
  key.first = s;
  key.second.assign(id);
  auto it = out->lower_bound(key);
  if (it == out->end() || it->first != key) {
    it = out->emplace_hint(it, key, SubjectFacts{});
    it->second.subject = s;
    it->second.id = id;
  }
  return it->second;
}

SubjectFacts& AccountFacts(const EvalContext& ctx, uint32_t a, FactTable* out) {
  return FactsFor(Subject::kAccount, ctx.txs->accounts[a].id, out);
}

AccountIndex BuildAccountIndex(const trace::TraceInput& txs) {
  AccountIndex ix;
  const size_t n = txs.accounts.size();
  ix.begin.assign(n + 1, 0);
  for (const auto& t : txs.txs) {
    if (t.from != trace::kCash) ++ix.begin[t.from + 1];
    if (t.to != trace::kCash && t.to != t.from) ++ix.begin[t.to + 1];
  }
  for (size_t i = 0; i < n; ++i) ix.begin[i + 1] += ix.begin[i];
  ix.tx.resize(ix.begin[n]);
  std::vector<uint64_t> fill(ix.begin.begin(), ix.begin.end() - 1);
  for (uint32_t i = 0; i < txs.txs.size(); ++i) {
    const auto& t = txs.txs[i];
    if (t.from != trace::kCash) ix.tx[fill[t.from]++] = i;
    if (t.to != trace::kCash && t.to != t.from) ix.tx[fill[t.to]++] = i;
  }
  return ix;
}

}  // namespace moneytrail::rules
