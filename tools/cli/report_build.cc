// Assembles the report model from the store, the tracing engine and the rules
// (the one place where the three meet), then hands it to the redactor.
#include "tools/cli/report_build.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

#include "engine/core/sha256.h"
#include "engine/graph/taint_graph.h"
#include "engine/ledger/case_ledger.h"
#include "engine/report/report_csv.h"
#include "engine/report/report_html.h"
#include "engine/report/report_json.h"
#include "engine/report/report_pdf.h"
#include "rules/flags.h"
#include "rules/rulebook.h"
#include "tools/cli/report_redact.h"

namespace moneytrail::cli {
namespace {

using report::Report;
using report::ScheduleRow;

std::string_view MethodAuthority(trace::Method m) {
  switch (m) {
    case trace::Method::kFifo:
      return "First in, first out: each debit takes the oldest money in the account first "
             "(Devaynes v Noble, Clayton's Case (1816)).";
    case trace::Method::kLifo:
      return "Last in, first out: each debit takes the newest money in the account first.";
    case trace::Method::kProRata:
      return "Pro rata: each debit takes proceeds and clean money in proportion to the balance "
             "(Barlow Clowes International v Vaughan [1992]).";
    case trace::Method::kLibr:
      return "Lowest intermediate balance: debits take clean money first and later deposits never "
             "restore the proceeds (Re Hallett's Estate (1880); Roscoe v Winder [1915]).";
    case trace::Method::kTaintedFirst:
      return "Proceeds first: each debit takes the proceeds first, so that whatever was spent is "
             "traced (Re Oatway [1903]).";
    case trace::Method::kPoison:
      return "Poison: once an account receives proceeds its whole balance counts as tainted; an "
             "upper bound of exposure, not a measure of proceeds.";
  }
  return "";
}

// Records, for the schedule's transactions only, the accounts' state after each.
class ScheduleObserver : public trace::TraceObserver {
 public:
  explicit ScheduleObserver(std::set<size_t> wanted) : wanted_(std::move(wanted)) {}
  void OnStep(const trace::StepEvent& e) override {
    if (wanted_.count(e.tx)) steps_[e.tx] = e.accounts;
  }
  const trace::AccountSnapshot* Find(size_t tx, uint32_t account) const {
    auto it = steps_.find(tx);
    if (it == steps_.end()) return nullptr;
    for (const auto& s : it->second)
      if (s.account == account) return &s;
    return nullptr;
  }

 private:
  std::set<size_t> wanted_;
  std::map<size_t, std::vector<trace::AccountSnapshot>> steps_;
};

// Point lookups of the records a report names, each read once.
class RecordCache {
 public:
  explicit RecordCache(const storage::Store& store) : store_(store) {}
  Result<const std::optional<Transaction>*> Tx(const std::string& id) {
    return Get(txs_, id, [&] { return store_.GetTransaction(id); });
  }
  Result<const std::optional<Account>*> Acc(const std::string& id) {
    return Get(accounts_, id, [&] { return store_.GetAccount(id); });
  }
  Result<const std::optional<moneytrail::Party>*> PartyRecord(const std::string& id) {
    return Get(parties_, id, [&] { return store_.GetParty(id); });
  }
  Result<const std::optional<Asset>*> AssetRecord(const std::string& id) {
    return Get(assets_, id, [&] { return store_.GetAsset(id); });
  }

 private:
  template <typename T, typename F>
  Result<const std::optional<T>*> Get(std::map<std::string, std::optional<T>>& m,
                                      const std::string& id, F fetch) {
    auto it = m.find(id);
    if (it == m.end()) {
      ASSIGN_OR_RETURN(auto value, fetch());
      it = m.emplace(id, std::move(value)).first;
    }
    return &it->second;
  }
  const storage::Store& store_;
  std::map<std::string, std::optional<Transaction>> txs_;
  std::map<std::string, std::optional<Account>> accounts_;
  std::map<std::string, std::optional<moneytrail::Party>> parties_;
  std::map<std::string, std::optional<Asset>> assets_;
};

Result<std::string> ReadRulebookText(const std::string& path) {
  if (path.empty()) return std::string(rules::DefaultRulebookJson());
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("rulebook " + path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return Status::IOError("rulebook " + path + ": read failed");
  return text.str();
}

std::string AccountIdOf(const trace::TraceInput& in, uint32_t account) {
  return account == trace::kCash ? std::string() : in.accounts[account].id;
}

}  // namespace

Result<ReportBundle> BuildReport(const storage::Store& store, const ReportRequest& req,
                                 const std::string& engine_version) {
  ASSIGN_OR_RETURN(auto found, store.GetCase(req.case_id));
  if (!found) return Status::NotFound("no case '" + req.case_id + "' in " + store.path());
  const Case& c = *found;
  const int digits = store.base_currency().minor_digits();
  ASSIGN_OR_RETURN(std::string rules_text, ReadRulebookText(req.rules_path));
  auto book = rules::ParseRulebook(rules_text, digits);
  if (!book.ok()) {
    return Status(book.status().code(), (req.rules_path.empty() ? std::string("built-in rulebook")
                                                                : "rulebook " + req.rules_path) +
                                            ": " + book.status().message());
  }

  trace::TraceOptions topt;
  topt.method = req.method;
  topt.until = req.until;
  topt.max_hops = req.max_hops;
  ledger::CaseLedger ledger(&store);
  ASSIGN_OR_RETURN(auto compared, ledger.Compare(c, topt));
  const trace::TraceInput& input = compared.first;
  const trace::CompareResult& cmp = compared.second;
  size_t chosen = 0;
  while (cmp.methods[chosen] != req.method) ++chosen;
  const trace::TraceResult& result = cmp.results[chosen];

  // Replay the chosen method once more, watching the schedule's transactions.
  std::set<size_t> wanted;
  for (size_t s : result.seeds) wanted.insert(input.seeds[s].tx);
  for (const auto& f : result.flows) wanted.insert(f.tx);
  for (const auto& e : result.exits) wanted.insert(e.tx);
  ScheduleObserver observer(wanted);
  topt.observer = &observer;
  ASSIGN_OR_RETURN(trace::TraceResult watched, trace::Trace(input, topt));
  if (watched.held != result.held || watched.exited != result.exited) {
    return Status::Internal("report: the replay of " + std::string(MethodName(req.method)) +
                            " did not repeat itself");
  }
  trace::TraceLabels labels = ledger.Labels(input, result);

  rules::FlagOptions fo;
  fo.method = req.method;
  fo.until = req.until;
  fo.max_hops = req.max_hops;
  fo.as_of = req.as_of;
  ASSIGN_OR_RETURN(rules::FlagReport flags, rules::FlagCase(store, c, *book, fo));

  RecordCache records(store);
  Report r;
  r.currency = std::string(store.base_currency().code());
  r.minor_digits = digits;
  r.method = std::string(MethodName(req.method));
  r.method_description = std::string(MethodAuthority(req.method));
  r.until = req.until;
  r.max_hops = req.max_hops;
  r.as_of = flags.as_of;

  // 1. Header.
  r.header.case_id = c.case_id;
  r.header.title = c.title;
  r.header.opened = c.opened;
  r.header.jurisdiction = c.jurisdiction;
  r.header.attributes = c.attributes;
  r.header.claimants = result.claimants;
  std::map<std::string, int64_t> ransom;  // original currency -> minor units
  std::map<std::string, int> ransom_digits;

  // 2. Seeds, in the case's order.
  std::set<size_t> replayed(result.seeds.begin(), result.seeds.end());
  for (size_t i = 0; i < input.seeds.size(); ++i) {
    const trace::SeedSpec& spec = input.seeds[i];
    ASSIGN_OR_RETURN(auto tx, records.Tx(spec.tx_id));
    if (!*tx) return Status::Internal("report: seed " + spec.tx_id + " vanished from the store");
    const Transaction& t = **tx;
    const Seed* seed = nullptr;
    for (const Seed& s : c.seeds)
      if (s.tx_id == spec.tx_id) seed = &s;
    int cd = t.amount.currency.minor_digits();
    std::string original =
        seed && !seed->amount.empty() ? seed->amount : FormatMinorUnits(t.amount.minor_units, cd);
    auto minor = ParseMinorUnits(original, cd);
    if (minor.ok()) ransom[std::string(t.amount.currency.code())] += *minor;
    ransom_digits[std::string(t.amount.currency.code())] = cd;
    const trace::LedgerTx& lt = input.txs[spec.tx];
    report::SeedRow row;
    row.tx_id = t.tx_id;
    row.timestamp = t.timestamp;
    row.from_account = AccountIdOf(input, lt.from);
    row.to_account = AccountIdOf(input, lt.to);
    row.original_amount = original;
    row.original_currency = std::string(t.amount.currency.code());
    row.amount = lt.amount;
    row.tainted = spec.tainted_amount;
    row.claimant = spec.claimant;
    row.reference = t.reference;
    row.end_to_end_id = t.end_to_end_id;
    row.uetr = t.uetr;
    row.replayed = replayed.count(i) > 0;
    r.seeds.push_back(row);
  }
  for (const auto& [code, minor] : ransom)
    r.header.ransom_by_currency.emplace_back(code, FormatMinorUnits(minor, ransom_digits[code]));

  // 3. Comparison.
  for (size_t k = 0; k < cmp.methods.size(); ++k) {
    const trace::TraceResult& m = cmp.results[k];
    r.comparison.methods.push_back(
        {std::string(MethodName(cmp.methods[k])), m.held, m.exited, m.conserved});
  }
  for (const trace::CompareTerminal& t : cmp.terminals) {
    r.comparison.rows.push_back(
        {std::string(TerminalKindName(t.kind)),
         t.kind == trace::TerminalKind::kAssetPurchase ? t.asset_id : AccountIdOf(input, t.account),
         t.amounts});
  }

  // 4. Schedule: seeds, flows and exits in replay order.
  auto split = [&](std::span<const trace::ClaimantAmount> parts) {
    std::vector<std::pair<std::string, int64_t>> v;
    for (const auto& p : parts) v.emplace_back(result.claimants[p.claimant], p.amount);
    return v;
  };
  std::map<size_t, ScheduleRow> rows;
  for (size_t s : result.seeds) {
    const trace::SeedSpec& spec = input.seeds[s];
    ScheduleRow& row = rows[spec.tx];
    row.kind = "seed";
    row.tainted = spec.tainted_amount;
    row.by_claimant = {{spec.claimant, spec.tainted_amount}};
  }
  for (const auto& f : result.flows) {
    ScheduleRow& row = rows[f.tx];
    row.kind = "flow";
    row.hop = f.hop;
    row.tainted = f.tainted_amount;
    row.by_claimant = split(result.ByClaimant(f));
  }
  for (const auto& e : result.exits) {
    ScheduleRow& row = rows[e.tx];
    row.kind = std::string(trace::ExitKindName(e.kind));
    row.hop = e.hop;
    row.asset_id = e.asset_id;
    row.tainted = e.tainted_amount;
    row.by_claimant = split(result.ByClaimant(e));
  }
  for (auto& [tx, row] : rows) {
    const trace::LedgerTx& lt = input.txs[tx];
    row.tx_id = labels.TxId(lt.ref);
    row.timestamp = lt.timestamp;
    row.from_account = AccountIdOf(input, lt.from);
    row.to_account = AccountIdOf(input, lt.to);
    row.amount = lt.amount;
    if (lt.from != trace::kCash && row.kind != "seed") {
      if (const auto* s = observer.Find(tx, lt.from)) {
        row.from_balance = s->balance;
        row.from_tainted = s->tainted;
        row.low_point =
            req.method == trace::Method::kLibr && row.tainted > 0 && s->balance == s->tainted;
      }
    }
    if (lt.to != trace::kCash) {
      if (const auto* s = observer.Find(tx, lt.to)) {
        row.to_balance = s->balance;
        row.to_tainted = s->tainted;
      }
    }
    r.schedule.push_back(std::move(row));
  }

  // 5. Reconciliation.
  report::Reconciliation& rec = r.reconciliation;
  rec.seed_total = result.seed_total;
  rec.held = result.held;
  rec.exited = result.exited;
  rec.conserved = result.conserved;
  for (const auto& e : result.exits) {
    (e.kind == trace::ExitKind::kCashWithdrawal  ? rec.exited_cash
     : e.kind == trace::ExitKind::kAssetPurchase ? rec.exited_assets
                                                 : rec.exited_hop_limit) += e.tainted_amount;
  }
  for (size_t k = 0; k < result.claimants.size(); ++k) {
    const auto& s = result.by_claimant[k];
    rec.by_claimant.push_back({result.claimants[k], s.seed_total, s.held, s.exited});
  }
  rec.inferred_funds = result.inferred_total;
  rec.inferred_accounts = result.inferred_accounts;

  // 6. Terminals.
  auto holder_of = [&](const std::string& party_id) -> Result<std::string> {
    if (party_id.empty()) return std::string();
    ASSIGN_OR_RETURN(auto p, records.PartyRecord(party_id));
    return *p && !(*p)->name.empty() ? party_id + " " + (*p)->name : party_id;
  };
  auto account_terminal = [&](const std::string& kind, const std::string& id, int hop,
                              int64_t amount) -> Result<report::Terminal> {
    report::Terminal t;
    t.kind = kind;
    t.subject = id;
    t.hop = hop;
    t.amount = amount;
    ASSIGN_OR_RETURN(auto a, records.Acc(id));
    if (*a) {
      ASSIGN_OR_RETURN(t.holder, holder_of((*a)->holder_id));
      if (t.holder.empty()) t.holder = (*a)->holder_name;
      t.country = (*a)->country;
      t.institution = (*a)->institution;
    }
    t.foreign = !t.country.empty() && !c.jurisdiction.empty() && t.country != c.jurisdiction;
    return t;
  };
  std::vector<report::Terminal> held, assets, cash, limits;
  for (const auto& a : result.accounts) {
    if (a.tainted_balance <= 0) continue;
    ASSIGN_OR_RETURN(auto t, account_terminal("account", AccountIdOf(input, a.account), a.hop,
                                              a.tainted_balance));
    held.push_back(std::move(t));
  }
  std::map<std::pair<std::string, std::string>, report::Terminal> exits;  // (kind, subject)
  for (const auto& e : result.exits) {
    std::string kind = e.kind == trace::ExitKind::kAssetPurchase ? "asset"
                       : e.kind == trace::ExitKind::kHopLimit    ? "hop_limit"
                                                                 : "cash_withdrawal";
    std::string subject = kind == "asset" ? e.asset_id : AccountIdOf(input, e.account);
    auto it = exits.find({kind, subject});
    if (it == exits.end()) {
      ASSIGN_OR_RETURN(auto t, account_terminal(kind, AccountIdOf(input, e.account), e.hop, 0));
      t.subject = subject;
      if (kind == "asset") {
        ASSIGN_OR_RETURN(auto asset, records.AssetRecord(e.asset_id));
        if (*asset) {
          t.description = (*asset)->kind + ": " + (*asset)->description;
          ASSIGN_OR_RETURN(t.holder, holder_of((*asset)->owner_id));
        }
      }
      it = exits.emplace(std::make_pair(kind, subject), std::move(t)).first;
    }
    it->second.amount += e.tainted_amount;
    it->second.hop = std::min(it->second.hop, e.hop);
  }
  for (auto& [key, t] : exits) {
    (key.first == "asset" ? assets : key.first == "hop_limit" ? limits : cash).push_back(t);
  }
  for (auto* group : {&held, &assets, &cash, &limits}) {
    std::stable_sort(group->begin(), group->end(), [](const auto& x, const auto& y) {
      return x.amount != y.amount ? x.amount > y.amount : x.subject < y.subject;
    });
    r.terminals.insert(r.terminals.end(), group->begin(), group->end());
  }

  // 7. Flags and 9. annexes.
  for (const rules::Flag& f : flags.flags) {
    report::FlagRow row;
    row.rule_id = f.rule_id;
    row.title = f.title;
    row.action = std::string(rules::ActionName(f.action));
    row.severity = f.severity;
    row.subject_kind = std::string(rules::SubjectName(f.subject));
    row.subject_id = f.subject_id;
    row.amount = f.amount;
    row.urgency = f.urgency;
    for (const auto& fact : f.facts)
      row.facts.emplace_back(fact.name, rules::ValueText(fact.value, digits));
    row.tx_ids = f.tx_ids;
    row.chain = f.chain;
    row.legal_basis = f.legal_basis;
    row.sentence = f.sentence;
    if (f.action == rules::Action::kMlaRequest) {
      report::MlaAnnex annex;
      annex.state = f.subject_id;
      annex.facts = f.sentence;
      annex.legal_basis = f.legal_basis;
      annex.measures = f.measures;
      annex.tx_ids = f.tx_ids;
      for (const rules::MlaItem& item : f.mla_items) {
        annex.accounts.push_back({item.account, item.institution, item.holder, item.received,
                                  item.held, item.first, item.last});
        annex.received += item.received;
        annex.held += item.held;
      }
      r.annexes.push_back(std::move(annex));
    }
    r.flags.push_back(std::move(row));
  }
  std::stable_sort(r.annexes.begin(), r.annexes.end(),
                   [](const auto& x, const auto& y) { return x.state < y.state; });

  // 8. Provenance.
  report::Provenance& p = r.provenance;
  p.engine_version = engine_version;
  ASSIGN_OR_RETURN(p.store_fingerprint, store.Fingerprint());
  p.rulebook_name = book->name;
  p.rulebook_version = book->version;
  p.rulebook_sha256 = Sha256::Of(rules_text);
  auto time_or_empty = [](const std::optional<Timestamp>& t) {
    return t ? FormatTimestamp(*t) : std::string();
  };
  p.parameters = {{"case", c.case_id},
                  {"method", r.method},
                  {"until", time_or_empty(req.until)},
                  {"max_hops", req.max_hops ? std::to_string(*req.max_hops) : ""},
                  {"as_of", time_or_empty(req.as_of)},
                  {"rulebook", req.rules_path.empty() ? "built-in" : "file"}};
  ASSIGN_OR_RETURN(auto sources, store.ListSources());
  std::map<uint32_t, std::string> source_names;
  for (const SourceFile& s : sources) {
    source_names[s.source_id] = s.name;
    p.sources.push_back({s.name, std::string(RecordKindName(s.kind)), s.sha256, s.size, s.origin,
                         s.handling == Handling::kIntelligence ? "intelligence" : "evidence",
                         s.consent, s.loaded, s.duplicates, s.conflicts, s.rejected});
  }
  // Where each row's transaction was read.
  auto source_of = [&](const std::string& tx_id) -> Result<report::SourceRef> {
    ASSIGN_OR_RETURN(auto tx, records.Tx(tx_id));
    if (!*tx) return report::SourceRef{};
    return report::SourceRef{source_names[(*tx)->provenance.source_id], (*tx)->provenance.line};
  };
  for (auto& s : r.seeds) {
    ASSIGN_OR_RETURN(s.source, source_of(s.tx_id));
  }
  for (auto& row : r.schedule) {
    ASSIGN_OR_RETURN(row.source, source_of(row.tx_id));
  }

  ReportBundle bundle;
  ASSIGN_OR_RETURN(Redactor redactor, Redactor::ForReport(store, sources, r));
  trace::TraceInput shown_input = input;
  trace::TraceLabels shown_labels = labels;
  if (!redactor.empty()) {
    redactor.Apply(&r);
    for (auto& a : shown_input.accounts) a.id = redactor.Scrub(a.id);
    shown_labels.tx_id = [&redactor, labels](uint64_t ref) {
      return redactor.Scrub(labels.TxId(ref));
    };
    shown_labels.account = [&redactor, labels](std::string_view id) {
      trace::AccountLabel l = labels.Account(id);
      return trace::AccountLabel{redactor.Scrub(l.holder_id), l.country};
    };
  }
  std::ostringstream graphml;
  RETURN_IF_ERROR(graph::WriteTaintGraphMl(result, shown_input, shown_labels, graphml));
  bundle.graphml = redactor.Scrub(graphml.str());
  bundle.model = std::move(r);
  return bundle;
}

Result<std::vector<std::pair<std::string, std::string>>> RenderReportFiles(
    const ReportBundle& bundle, const std::vector<std::string>& formats) {
  std::vector<std::pair<std::string, std::string>> files;
  auto wants = [&](const char* f) {
    return std::find(formats.begin(), formats.end(), f) != formats.end();
  };
  const Report& r = bundle.model;
  if (wants("html")) files.emplace_back("report.html", report::RenderHtml(r));
  if (wants("pdf")) {
    ASSIGN_OR_RETURN(std::string pdf, report::RenderPdf(r));
    files.emplace_back("report.pdf", std::move(pdf));
  }
  if (wants("json")) files.emplace_back("report.json", report::RenderReportJson(r));
  if (wants("csv")) {
    files.emplace_back("schedule.csv", report::RenderScheduleCsv(r));
    files.emplace_back("measures.csv", report::RenderMeasuresCsv(r));
  }
  if (wants("graphml")) files.emplace_back("taint-graph.graphml", bundle.graphml);
  return files;
}

}  // namespace moneytrail::cli
