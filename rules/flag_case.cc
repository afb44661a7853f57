// FlagCase and FlagTypologies: build the evaluation context from the store
// (and a case's trace), run the providers, apply the rules in two phases.
#include <unordered_map>

#include "engine/graph/chains.h"
#include "engine/ledger/case_ledger.h"
#include "rules/flags.h"
#include "rules/registry.h"

namespace moneytrail::rules {
namespace {

// Fills country, holder and organisation for the accounts of ctx->txs marked
// in `need` from the store, one point lookup per account (and per holder).
Status LookUpAccounts(const storage::Store& store, const std::vector<char>& need,
                      EvalContext* ctx) {
  const size_t n = ctx->txs->accounts.size();
  ctx->country.assign(n, "");
  ctx->holder.assign(n, "");
  ctx->organisation.assign(n, 0);
  std::unordered_map<std::string, bool> org;
  for (size_t a = 0; a < n; ++a) {
    if (!need[a]) continue;
    ASSIGN_OR_RETURN(auto acc, store.GetAccount(ctx->txs->accounts[a].id));
    if (!acc) continue;
    ctx->country[a] = acc->country;
    ctx->holder[a] = acc->holder_id;
    if (acc->holder_id.empty()) continue;
    auto it = org.find(acc->holder_id);
    if (it == org.end()) {
      ASSIGN_OR_RETURN(auto party, store.GetParty(acc->holder_id));
      it = org.emplace(acc->holder_id, party && party->kind == "organisation").first;
    }
    ctx->organisation[a] = it->second ? 1 : 0;
  }
  return Status::Ok();
}

Status RunProviders(const EvalContext& ctx, int phase, FactTable* table) {
  for (const FactProvider* p : Providers()) {
    if (p->phase() != phase || (p->needs_case() && !ctx.case_mode())) continue;
    Status s = p->Compute(ctx, table);
    if (!s.ok()) return s.WithContext(std::string(p->name()));
  }
  return Status::Ok();
}

// The largest chain into each holding account and each asset.
Status FindChains(const trace::TraceResult& r, const trace::TraceInput& in,
                  const trace::TraceLabels& labels, EvalContext* ctx) {
  graph::ChainOptions o;
  o.k = std::min<size_t>(500, r.accounts.size() + r.exits.size());
  o.tx_id = labels.tx_id;
  ASSIGN_OR_RETURN(auto chains, graph::LargestChains(r, in, o));
  for (const graph::Chain& c : chains) {
    std::string key;
    if (c.end == graph::ChainEnd::kHolding) key = "account:" + in.accounts[c.account].id;
    if (c.end == graph::ChainEnd::kAssetPurchase) key = "asset:" + c.asset_id;
    if (key.empty() || ctx->chains.count(key)) continue;
    Evidence ev;
    for (size_t i = 0; i < c.steps.size(); ++i) {
      const auto& tx = in.txs[c.steps[i].tx];
      ev.txs.push_back(c.steps[i].tx);
      bool exit_step = c.end != graph::ChainEnd::kHolding && i + 1 == c.steps.size();
      if (i == 0 && tx.from != trace::kCash) ev.chain.push_back(in.accounts[tx.from].id);
      if (!exit_step && tx.to != trace::kCash) ev.chain.push_back(in.accounts[tx.to].id);
    }
    if (c.end == graph::ChainEnd::kAssetPurchase) ev.chain.push_back("asset:" + c.asset_id);
    ctx->chains.emplace(key, std::move(ev));
  }
  return Status::Ok();
}

}  // namespace

Result<FlagReport> FlagCase(const storage::Store& store, const Case& c, const Rulebook& book,
                            const FlagOptions& options) {
  ledger::CaseLedger ledger(&store);
  trace::TraceOptions to;
  to.method = options.method;
  to.until = options.until;
  to.max_hops = options.max_hops;
  ASSIGN_OR_RETURN(ledger::CaseTrace traced, ledger.Trace(c, to));
  const trace::TraceInput& in = traced.input;
  const trace::TraceResult& r = traced.result;
  trace::TraceLabels labels = ledger.Labels(in);

  EvalContext ctx;
  ctx.params = &book.parameters;
  ctx.store = &store;
  ctx.txs = &in;
  AccountIndex index = BuildAccountIndex(in);
  ctx.index = &index;
  ctx.evaluate.assign(in.accounts.size(), 0);
  for (const auto& a : r.accounts) ctx.evaluate[a.account] = 1;
  // Profiles are needed for the tainted accounts, the victims who paid (party
  // netting) and whoever the tainted accounts paid (high-risk transfers) --
  // not for the ordinary counterparties that paid into them.
  std::vector<char> need = ctx.evaluate;
  for (const auto& seed : in.seeds) {
    if (in.txs[seed.tx].from != trace::kCash) need[in.txs[seed.tx].from] = 1;
  }
  for (const auto& tx : in.txs) {
    if (tx.from != trace::kCash && tx.to != trace::kCash && ctx.evaluate[tx.from]) need[tx.to] = 1;
  }
  RETURN_IF_ERROR(LookUpAccounts(store, need, &ctx));
  ctx.kase = &c;
  ctx.trace = &r;
  ctx.minor_digits = labels.minor_digits;
  if (r.replayed_txs > 0) ctx.as_of = in.txs[r.replayed_txs - 1].timestamp;
  if (options.until) ctx.as_of = *options.until;
  if (options.as_of) ctx.as_of = *options.as_of;
  RETURN_IF_ERROR(FindChains(r, in, labels, &ctx));

  EvalNaming naming;
  naming.currency = labels.currency;
  naming.minor_digits = labels.minor_digits;
  naming.case_id = c.case_id;
  naming.method = std::string(trace::MethodName(options.method));
  naming.tx_id = [&](uint64_t tx) { return labels.TxId(in.txs[tx].ref); };

  FactTable table;
  RETURN_IF_ERROR(RunProviders(ctx, 0, &table));
  std::vector<Flag> flags = ApplyRules(
      book, table, [](const Rule& rule) { return rule.subject != Subject::kParty; }, naming);
  // What the first phase recovers, for the party netting: per account the
  // largest freeze, per asset the lien of any seizure.
  for (const Flag& f : flags) {
    if (f.action == Action::kFreeze && f.amount) {
      int64_t& v = ctx.frozen_by_account[f.subject_id];
      v = std::max(v, *f.amount);
    }
    if (f.action == Action::kSeize) ctx.seized_by_asset[f.subject_id] = 1;
  }
  RETURN_IF_ERROR(RunProviders(ctx, 1, &table));
  std::vector<Flag> party = ApplyRules(
      book, table, [](const Rule& rule) { return rule.subject == Subject::kParty; }, naming);
  flags.insert(flags.end(), std::make_move_iterator(party.begin()),
               std::make_move_iterator(party.end()));
  SortFlags(book, &flags);

  FlagReport report;
  report.mode = "case";
  report.case_id = c.case_id;
  report.method = naming.method;
  report.currency = labels.currency;
  report.minor_digits = labels.minor_digits;
  if (r.replayed_txs > 0 || options.until || options.as_of) report.as_of = ctx.as_of;
  report.rulebook = book.name;
  report.rulebook_version = book.version;
  report.seed_total = r.seed_total;
  report.accounts_scanned = r.accounts.size();
  report.transactions_scanned = r.replayed_txs;
  report.flags = std::move(flags);
  return report;
}

Result<FlagReport> FlagTypologies(const storage::Store& store, const Rulebook& book) {
  // Accounts are numbered in order of first appearance. The scan reads the
  // store's account numbers, not ids: an id is looked up once per account,
  // not twice per transaction (a third of the scan's time on 10 M).
  trace::TraceInput in;
  constexpr uint32_t kUnseen = UINT32_MAX;
  std::vector<uint32_t> dense(store.account_number_limit(), kUnseen);
  std::vector<uint32_t> number_of;  // dense index -> store number
  auto index_of = [&](uint32_t number) -> uint32_t {
    if (number <= 1) return trace::kCash;  // the two spellings of cash
    if (number >= dense.size()) dense.resize(number + 1, kUnseen);
    if (dense[number] == kUnseen) {
      dense[number] = static_cast<uint32_t>(number_of.size());
      number_of.push_back(number);
    }
    return dense[number];
  };
  RETURN_IF_ERROR(store.ForEachLedgerEntry([&](const storage::Store::LedgerEntry& t) {
    in.txs.push_back({t.seq, t.timestamp, index_of(t.from), index_of(t.to), t.base_minor});
    return true;
  }));
  std::unordered_map<std::string, uint32_t> ids;
  ids.reserve(number_of.size());
  in.accounts.reserve(number_of.size());
  for (uint32_t number : number_of) {
    ASSIGN_OR_RETURN(std::string id, store.AccountIdOf(number));
    ids.emplace(id, static_cast<uint32_t>(in.accounts.size()));
    in.accounts.push_back({std::move(id), 0});
  }
  EvalContext ctx;
  ctx.params = &book.parameters;
  ctx.store = &store;
  ctx.txs = &in;
  AccountIndex index = BuildAccountIndex(in);
  ctx.index = &index;
  // Profiles by scan (cheaper than a lookup per account on a large store).
  const size_t n = in.accounts.size();
  ctx.country.assign(n, "");
  ctx.holder.assign(n, "");
  ctx.organisation.assign(n, 0);
  ctx.evaluate.assign(n, 1);
  std::unordered_map<std::string, std::vector<uint32_t>> by_holder;
  RETURN_IF_ERROR(store.ForEachAccount([&](const Account& a) {
    auto it = ids.find(a.account_id);
    if (it == ids.end()) return true;
    ctx.country[it->second] = a.country;
    ctx.holder[it->second] = a.holder_id;
    if (!a.holder_id.empty()) by_holder[a.holder_id].push_back(it->second);
    return true;
  }));
  if (!by_holder.empty()) {
    RETURN_IF_ERROR(store.ForEachParty([&](const Party& p) {
      if (p.kind != "organisation") return true;
      auto it = by_holder.find(p.party_id);
      if (it != by_holder.end()) {
        for (uint32_t a : it->second) ctx.organisation[a] = 1;
      }
      return true;
    }));
  }
  FactTable table;
  RETURN_IF_ERROR(RunProviders(ctx, 0, &table));
  EvalNaming naming;
  naming.currency = std::string(store.base_currency().code());
  naming.minor_digits = store.base_currency().minor_digits();
  naming.tx_id = [&](uint64_t tx) -> std::string {
    auto t = store.GetTransactionAt(in.txs[tx].timestamp, in.txs[tx].ref);
    if (t.ok() && t->has_value()) return (*t)->tx_id;
    return "#" + std::to_string(in.txs[tx].ref);
  };
  std::vector<Flag> flags = ApplyRules(
      book, table,
      [](const Rule& rule) {
        return rule.action == Action::kInvestigate && rule.subject == Subject::kAccount;
      },
      naming);
  SortFlags(book, &flags);
  FlagReport report;
  report.mode = "typologies";
  report.currency = naming.currency;
  report.minor_digits = naming.minor_digits;
  if (!in.txs.empty()) report.as_of = in.txs.back().timestamp;
  report.rulebook = book.name;
  report.rulebook_version = book.version;
  report.accounts_scanned = n;
  report.transactions_scanned = in.txs.size();
  report.flags = std::move(flags);
  return report;
}

}  // namespace moneytrail::rules
