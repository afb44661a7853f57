#include <cstdio>

#include "engine/graph/chains.h"
#include "engine/trace/json_util.h"
#include "engine/trace/text_table.h"

namespace moneytrail::graph {
namespace {

using trace::internal::Json;

// "2d 03:15:00", or "03:15:00" under a day.
std::string Duration(int64_t micros) {
  int64_t s = micros / Timestamp::kMicrosPerSecond;
  char buf[64];
  if (s >= 86400) {
    std::snprintf(buf, sizeof buf, "%lldd %02lld:%02lld:%02lld", static_cast<long long>(s / 86400),
                  static_cast<long long>(s / 3600 % 24), static_cast<long long>(s / 60 % 60),
                  static_cast<long long>(s % 60));
  } else {
    std::snprintf(buf, sizeof buf, "%02lld:%02lld:%02lld", static_cast<long long>(s / 3600),
                  static_cast<long long>(s / 60 % 60), static_cast<long long>(s % 60));
  }
  return buf;
}

std::string Where(const Chain& c, const trace::TraceInput& in) {
  return c.end == ChainEnd::kAssetPurchase ? c.asset_id : in.accounts[c.account].id;
}

}  // namespace

std::string RenderChainsTable(const std::vector<Chain>& chains, const trace::TraceResult& r,
                              const trace::TraceInput& in, const trace::TraceLabels& l) {
  std::string out = "Case " + in.case_id + ", method " + std::string(trace::MethodName(r.method)) +
                    ", currency " + l.currency + ": the " + std::to_string(chains.size()) +
                    " largest chains\n";
  trace::TextTable table(
      {"#", "CLAIMANT", "SEED", "END", "AT", "BOTTLENECK", "HOPS", "TIME", "PATH"},
      {true, false, false, false, false, true, true, true, false});
  for (size_t i = 0; i < chains.size(); ++i) {
    const Chain& c = chains[i];
    std::string path;
    for (const ChainStep& s : c.steps) {
      path += (path.empty() ? "" : " > ") + l.TxId(in.txs[s.tx].ref);
    }
    table.AddRow({std::to_string(i + 1), r.claimants[c.claimant], in.seeds[c.seed].tx_id,
                  std::string(ChainEndName(c.end)), Where(c, in), trace::Money(l, c.bottleneck),
                  std::to_string(c.hops), Duration(c.micros_from_seed), path});
  }
  out += table.empty() ? "  (no chains)\n" : table.Render();
  return out;
}

std::string RenderChainsJson(const std::vector<Chain>& chains, const trace::TraceResult& r,
                             const trace::TraceInput& in, const trace::TraceLabels& l) {
  auto account = [&](uint32_t a) {
    return a == trace::kCash ? Json(nullptr) : Json(in.accounts[a].id);
  };
  Json j;
  j["case_id"] = in.case_id;
  j["method"] = std::string(trace::MethodName(r.method));
  j["currency"] = l.currency;
  Json list = Json::array();
  for (size_t i = 0; i < chains.size(); ++i) {
    const Chain& c = chains[i];
    Json o;
    o["rank"] = i + 1;
    o["claimant"] = r.claimants[c.claimant];
    o["seed_tx_id"] = in.seeds[c.seed].tx_id;
    o["end"] = std::string(ChainEndName(c.end));
    o["account"] = in.accounts[c.account].id;
    if (c.end == ChainEnd::kAssetPurchase) o["asset_id"] = c.asset_id;
    o["bottleneck"] = trace::Money(l, c.bottleneck);
    if (c.end == ChainEnd::kHolding) o["held"] = trace::Money(l, c.held);
    o["hops"] = c.hops;
    o["seconds_from_seed"] = c.micros_from_seed / Timestamp::kMicrosPerSecond;
    Json steps = Json::array();
    for (const ChainStep& s : c.steps) {
      const trace::LedgerTx& tx = in.txs[s.tx];
      Json step;
      step["tx_id"] = l.TxId(tx.ref);
      step["timestamp"] = FormatTimestamp(tx.timestamp);
      step["from"] = account(tx.from);
      step["to"] = account(tx.to);
      step["amount"] = trace::Money(l, tx.amount);
      step["tainted_amount"] = trace::Money(l, s.tainted_amount);
      steps.push_back(std::move(step));
    }
    o["steps"] = std::move(steps);
    list.push_back(std::move(o));
  }
  j["chains"] = std::move(list);
  return trace::internal::Dump(j);
}

}  // namespace moneytrail::graph
