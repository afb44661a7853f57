// Chains: the largest seed-to-terminal paths that tainted money took.
//
// A chain starts at a seed, follows flows of that seed's claimant from account
// to account, and ends at a terminal: an account still holding the claimant's
// taint at the end of the replay, a cash withdrawal, an asset purchase or a
// hop-limit exit. A chain is time-respecting: each transaction comes after
// the one that brought the taint into its account (in replay order). Its
// *bottleneck* is the smallest claimant amount along the way (for a holding
// terminal, the amount still held counts too): the most money that can have
// travelled the whole chain. Under poison the amounts are flags (whole
// transaction amounts), so bottlenecks are upper bounds.
//
// The chains are found on the time-expanded taint-flow DAG (one node per
// arrival and departure at an account, plus seeds and terminals) by dynamic
// programming in topological order, keeping the K best partial chains per
// node: O((nodes + edges) * K) per claimant.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_ENGINE_GRAPH_CHAINS_H_
#define MONEYTRAIL_ENGINE_GRAPH_CHAINS_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"
#include "engine/trace/labels.h"
#include "engine/trace/trace.h"

namespace moneytrail::graph {

enum class ChainEnd { kHolding, kCashWithdrawal, kAssetPurchase, kHopLimit };
// "holding", "cash_withdrawal", "asset_purchase", "hop_limit".
std::string_view ChainEndName(ChainEnd end);

struct ChainStep {
  size_t tx = 0;               // index into TraceInput::txs
  int64_t tainted_amount = 0;  // the claimant's taint on this transaction
};

struct Chain {
  size_t seed = 0;        // index into TraceInput::seeds
  uint32_t claimant = 0;  // index into TraceResult::claimants
  // The seed transaction, the flows, then the exit (none for kHolding).
  std::vector<ChainStep> steps;
  ChainEnd end = ChainEnd::kHolding;
  uint32_t account = 0;          // the holding account, or the account the exit left
  std::string asset_id;          // kAssetPurchase only
  int64_t held = 0;              // kHolding only: the claimant's taint still in `account`
  int hops = 0;                  // flows between two different accounts
  int64_t micros_from_seed = 0;  // last step's timestamp minus the seed's
  int64_t bottleneck = 0;
};

struct ChainOptions {
  size_t k = 10;  // how many chains; 0 gives none
  // Ties in bottleneck are ordered by the chain's tx ids, compared step by
  // step. When empty, by the steps' replay positions instead.
  std::function<std::string(uint64_t ref)> tx_id;
};

// The `options.k` chains with the largest bottleneck, largest first. `result`
// must come from trace::Trace(`input`, ...). Fails with Internal only if the
// flow graph is not a DAG (a bug).
Result<std::vector<Chain>> LargestChains(const trace::TraceResult& result,
                                         const trace::TraceInput& input,
                                         const ChainOptions& options);

// A table: rank, claimant, seed, end, account/asset, bottleneck, hops, time
// from seed ("2d 03:15:00"), and the path of tx ids. Ends with '\n'.
std::string RenderChainsTable(const std::vector<Chain>& chains, const trace::TraceResult& result,
                              const trace::TraceInput& input, const trace::TraceLabels& labels);

// JSON, two-space indent, trailing newline, deterministic:
// {"case_id", "method", "currency", "chains": [{"rank", "claimant", "seed_tx_id",
//  "end", "account", "asset_id" (asset only), "bottleneck", "held" (holding only),
//  "hops", "seconds_from_seed", "steps": [{"tx_id", "timestamp", "from", "to",
//  "amount", "tainted_amount"}]}]}
// `from`/`to` are null for cash.
std::string RenderChainsJson(const std::vector<Chain>& chains, const trace::TraceResult& result,
                             const trace::TraceInput& input, const trace::TraceLabels& labels);

}  // namespace moneytrail::graph

#endif  // MONEYTRAIL_ENGINE_GRAPH_CHAINS_H_
