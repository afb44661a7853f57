#include "engine/report/report_json.h"

#include <nlohmann/json.hpp>

namespace moneytrail::report {
namespace {

using Json = nlohmann::ordered_json;

Json OrNull(const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); }

struct Writer {
  const Report& r;

  Json Money(int64_t minor) const { return FormatMoney(r, minor); }
  Json Money(const std::optional<int64_t>& minor) const {
    return minor ? Money(*minor) : Json(nullptr);
  }
  static Json Time(const std::optional<Timestamp>& t) {
    return t ? Json(FormatTimestamp(*t)) : Json(nullptr);
  }
  static Json Source(const SourceRef& s) {
    return s.file.empty() ? Json(nullptr) : Json{{"file", s.file}, {"line", s.line}};
  }
  Json ByClaimant(const std::vector<std::pair<std::string, int64_t>>& split) const {
    Json j = Json::object();
    for (const auto& [claimant, amount] : split) j[claimant] = Money(amount);
    return j;
  }

  Json Case() const {
    const CaseHeader& h = r.header;
    Json attributes = Json::object();
    for (const auto& [key, value] : h.attributes) {
      // Values are compact JSON; one that is not (it should not happen) stays text.
      Json parsed = Json::parse(value, nullptr, false);
      attributes[key] = parsed.is_discarded() ? Json(value) : parsed;
    }
    Json ransom = Json::object();
    for (const auto& [currency, amount] : h.ransom_by_currency) ransom[currency] = amount;
    return {{"case_id", h.case_id},        {"title", OrNull(h.title)},
            {"opened", OrNull(h.opened)},  {"jurisdiction", OrNull(h.jurisdiction)},
            {"attributes", attributes},    {"claimants", h.claimants},
            {"ransom_by_currency", ransom}};
  }

  Json Withheld() const {
    const WithheldNotice& w = r.withheld;
    if (w.empty()) return nullptr;
    return {{"sources", w.sources},   {"transactions", w.transactions},
            {"accounts", w.accounts}, {"parties", w.parties},
            {"assets", w.assets},     {"amount", Money(w.amount)},
            {"reason", w.reason}};
  }

  Json Seeds() const {
    Json a = Json::array();
    for (const SeedRow& s : r.seeds) {
      a.push_back({{"tx_id", s.tx_id},
                   {"timestamp", FormatTimestamp(s.timestamp)},
                   {"from_account", OrNull(s.from_account)},
                   {"to_account", OrNull(s.to_account)},
                   {"amount", Money(s.amount)},
                   {"tainted", Money(s.tainted)},
                   {"original_amount", s.original_amount},
                   {"original_currency", s.original_currency},
                   {"claimant", s.claimant},
                   {"reference", OrNull(s.reference)},
                   {"end_to_end_id", OrNull(s.end_to_end_id)},
                   {"uetr", OrNull(s.uetr)},
                   {"replayed", s.replayed},
                   {"source", Source(s.source)}});
    }
    return a;
  }

  Json Comparison() const {
    Json methods = Json::array();
    for (const MethodSummary& m : r.comparison.methods) {
      methods.push_back({{"method", m.method},
                         {"held", Money(m.held)},
                         {"exited", Money(m.exited)},
                         {"conserved", m.conserved}});
    }
    Json terminals = Json::array();
    for (const ComparisonRow& row : r.comparison.rows) {
      Json amounts = Json::object();
      for (size_t i = 0; i < row.amounts.size() && i < r.comparison.methods.size(); ++i)
        amounts[r.comparison.methods[i].method] = Money(row.amounts[i]);
      terminals.push_back({{"kind", row.kind}, {"subject", row.subject}, {"amounts", amounts}});
    }
    return {{"methods", methods}, {"terminals", terminals}};
  }

  Json Schedule() const {
    Json a = Json::array();
    for (const ScheduleRow& s : r.schedule) {
      a.push_back({{"kind", s.kind},
                   {"tx_id", s.tx_id},
                   {"timestamp", FormatTimestamp(s.timestamp)},
                   {"hop", s.hop},
                   {"from_account", OrNull(s.from_account)},
                   {"to_account", OrNull(s.to_account)},
                   {"asset_id", OrNull(s.asset_id)},
                   {"amount", Money(s.amount)},
                   {"tainted", Money(s.tainted)},
                   {"by_claimant", ByClaimant(s.by_claimant)},
                   {"from_balance", Money(s.from_balance)},
                   {"from_tainted", Money(s.from_tainted)},
                   {"to_balance", Money(s.to_balance)},
                   {"to_tainted", Money(s.to_tainted)},
                   {"low_point", s.low_point},
                   {"source", Source(s.source)}});
    }
    return a;
  }

  Json Reconciliation() const {
    const report::Reconciliation& c = r.reconciliation;
    Json by = Json::array();
    for (const ClaimantReconciliation& k : c.by_claimant) {
      by.push_back({{"claimant", k.claimant},
                    {"seed_total", Money(k.seed_total)},
                    {"held", Money(k.held)},
                    {"exited", Money(k.exited)}});
    }
    return {{"seed_total", Money(c.seed_total)},
            {"held", Money(c.held)},
            {"exited", Money(c.exited)},
            {"exited_cash", Money(c.exited_cash)},
            {"exited_assets", Money(c.exited_assets)},
            {"exited_hop_limit", Money(c.exited_hop_limit)},
            {"conserved", c.conserved},
            {"line", ReconciliationLine(r)},
            {"by_claimant", by},
            {"inferred_funds", Money(c.inferred_funds)},
            {"inferred_accounts", c.inferred_accounts}};
  }

  Json Terminals() const {
    Json a = Json::array();
    for (const Terminal& t : r.terminals) {
      a.push_back({{"kind", t.kind},
                   {"subject", t.subject},
                   {"holder", OrNull(t.holder)},
                   {"country", OrNull(t.country)},
                   {"institution", OrNull(t.institution)},
                   {"foreign", t.foreign},
                   {"hop", t.hop},
                   {"amount", Money(t.amount)},
                   {"description", OrNull(t.description)}});
    }
    return a;
  }

  Json Flags() const {
    Json a = Json::array();
    for (const FlagRow& f : r.flags) {
      Json facts = Json::object();
      for (const auto& [name, value] : f.facts) facts[name] = value;
      a.push_back({{"rule_id", f.rule_id},
                   {"title", f.title},
                   {"action", f.action},
                   {"severity", f.severity},
                   {"subject", {{"kind", f.subject_kind}, {"id", f.subject_id}}},
                   {"amount", Money(f.amount)},
                   {"urgency", OrNull(f.urgency)},
                   {"facts", facts},
                   {"evidence", {{"tx_ids", f.tx_ids}, {"chain", f.chain}}},
                   {"legal_basis", f.legal_basis},
                   {"sentence", f.sentence}});
    }
    return a;
  }

  Json Annexes() const {
    Json a = Json::array();
    for (const MlaAnnex& m : r.annexes) {
      Json accounts = Json::array();
      for (const MlaAccount& acc : m.accounts) {
        accounts.push_back({{"account", acc.account},
                            {"institution", OrNull(acc.institution)},
                            {"holder", OrNull(acc.holder)},
                            {"received", Money(acc.received)},
                            {"held", Money(acc.held)},
                            {"first", FormatTimestamp(acc.first)},
                            {"last", FormatTimestamp(acc.last)}});
      }
      a.push_back({{"state", m.state},
                   {"facts", m.facts},
                   {"legal_basis", m.legal_basis},
                   {"received", Money(m.received)},
                   {"held", Money(m.held)},
                   {"measures", m.measures},
                   {"tx_ids", m.tx_ids},
                   {"accounts", accounts}});
    }
    return a;
  }

  Json Provenance() const {
    const report::Provenance& p = r.provenance;
    Json parameters = Json::object();
    for (const auto& [name, value] : p.parameters) parameters[name] = OrNull(value);
    Json sources = Json::array();
    for (const SourceInfo& s : p.sources) {
      sources.push_back({{"name", s.name},
                         {"kind", s.kind},
                         {"sha256", OrNull(s.sha256)},
                         {"size", s.size},
                         {"origin", OrNull(s.origin)},
                         {"handling", s.handling},
                         {"consent", s.consent},
                         {"loaded", s.loaded},
                         {"duplicates", s.duplicates},
                         {"conflicts", s.conflicts},
                         {"rejected", s.rejected}});
    }
    return {{"engine_version", p.engine_version},
            {"store_fingerprint", p.store_fingerprint},
            {"rulebook",
             {{"name", p.rulebook_name},
              {"version", p.rulebook_version},
              {"sha256", p.rulebook_sha256}}},
            {"parameters", parameters},
            {"sources", sources}};
  }
};

}  // namespace

std::string RenderReportJson(const Report& report) {
  Writer w{report};
  Json j;
  j["schema"] = "moneytrail-evidence-report";
  j["schema_version"] = report.schema_version;
  j["currency"] = report.currency;
  j["minor_digits"] = report.minor_digits;
  j["case"] = w.Case();
  j["method"] = {{"name", report.method}, {"description", report.method_description}};
  j["until"] = Writer::Time(report.until);
  j["max_hops"] = report.max_hops ? Json(*report.max_hops) : Json(nullptr);
  j["as_of"] = Writer::Time(report.as_of);
  j["withheld"] = w.Withheld();
  j["seeds"] = w.Seeds();
  j["comparison"] = w.Comparison();
  j["schedule"] = w.Schedule();
  j["reconciliation"] = w.Reconciliation();
  j["terminals"] = w.Terminals();
  j["flags"] = w.Flags();
  j["mla_annexes"] = w.Annexes();
  j["provenance"] = w.Provenance();
  // Invalid UTF-8 in a record (it should have been refused at ingest) is
  // replaced rather than thrown on: the report still renders.
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace moneytrail::report
