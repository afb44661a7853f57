#include "rules/render.h"

#include <nlohmann/json.hpp>

#include "engine/core/amount.h"
#include "engine/core/csv_cell.h"

namespace moneytrail::rules {
namespace {

using Json = nlohmann::ordered_json;

std::string Money(const FlagReport& r, int64_t v) { return FormatMinorUnits(v, r.minor_digits); }

Json FactJson(const FlagReport& r, const Value& v) {
  switch (v.type) {
    case FactType::kMoney:
      return Money(r, v.number);
    case FactType::kBool:
      return v.flag;
    case FactType::kText:
      return v.text;
    default:
      return v.number;
  }
}

struct Totals {
  int64_t freeze = 0, seize = 0, confiscate = 0;
};

Totals Sum(const FlagReport& r) {
  Totals t;
  for (const Flag& f : r.flags) {
    if (!f.amount) continue;
    if (f.action == Action::kFreeze) t.freeze += *f.amount;
    if (f.action == Action::kSeize) t.seize += *f.amount;
    if (f.action == Action::kConfiscateValue) t.confiscate += *f.amount;
  }
  return t;
}

std::string Join(const std::vector<std::string>& v, const std::string& sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

std::string RenderFlagsJson(const FlagReport& r) {
  Json j;
  j["mode"] = r.mode;
  if (r.mode == "case") {
    j["case_id"] = r.case_id;
    j["method"] = r.method;
  }
  j["currency"] = r.currency;
  j["as_of"] = r.as_of ? Json(FormatTimestamp(*r.as_of)) : Json(nullptr);
  j["rulebook"] = {{"name", r.rulebook}, {"version", r.rulebook_version}};
  if (r.mode == "case") j["seed_total"] = Money(r, r.seed_total);
  j["scanned"] = {{"accounts", r.accounts_scanned}, {"transactions", r.transactions_scanned}};
  Totals t = Sum(r);
  j["totals"] = {{"freeze", Money(r, t.freeze)},
                 {"seize", Money(r, t.seize)},
                 {"confiscate_value", Money(r, t.confiscate)}};
  j["flags"] = Json::array();
  for (const Flag& f : r.flags) {
    Json x;
    x["rule_id"] = f.rule_id;
    x["title"] = f.title;
    x["action"] = std::string(ActionName(f.action));
    x["severity"] = f.severity;
    x["subject"] = {{"kind", std::string(SubjectName(f.subject))}, {"id", f.subject_id}};
    x["amount"] = f.amount ? Json(Money(r, *f.amount)) : Json(nullptr);
    if (!f.urgency.empty()) x["urgency"] = f.urgency;
    Json facts = Json::object();
    for (const ShownFact& s : f.facts) facts[s.name] = FactJson(r, s.value);
    x["facts"] = facts;
    x["evidence"] = {{"tx_ids", f.tx_ids}, {"chain", f.chain}};
    if (f.action == Action::kMlaRequest) {
      Json accounts = Json::array();
      for (const MlaItem& it : f.mla_items) {
        accounts.push_back(
            {{"account", it.account},
             {"institution", it.institution.empty() ? Json(nullptr) : Json(it.institution)},
             {"holder", it.holder.empty() ? Json(nullptr) : Json(it.holder)},
             {"received", Money(r, it.received)},
             {"held", Money(r, it.held)},
             {"first", FormatTimestamp(it.first)},
             {"last", FormatTimestamp(it.last)}});
      }
      x["mla"] = {{"measures", f.measures}, {"accounts", accounts}};
    }
    x["legal_basis"] = f.legal_basis;
    x["sentence"] = f.sentence;
    j["flags"].push_back(std::move(x));
  }
  return j.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string RenderFlagsTable(const FlagReport& r) {
  std::string out;
  if (r.mode == "case") {
    out += "Case " + r.case_id + " (" + r.method + "), rulebook " + r.rulebook + ": " +
           std::to_string(r.flags.size()) + " flags; seed total " + Money(r, r.seed_total) + " " +
           r.currency + "\n\n";
  } else {
    out += "Typology scan of " + std::to_string(r.transactions_scanned) + " transactions, " +
           std::to_string(r.accounts_scanned) + " accounts, rulebook " + r.rulebook + ": " +
           std::to_string(r.flags.size()) + " flags\n\n";
  }
  for (const Flag& f : r.flags) {
    out += "[" + std::string(ActionName(f.action)) + ", " + f.severity +
           (f.urgency.empty() ? "" : ", " + f.urgency) + "] " + f.rule_id + "  " +
           std::string(SubjectName(f.subject)) + " " + f.subject_id;
    if (f.amount) out += "  " + Money(r, *f.amount) + " " + r.currency;
    out += "\n  " + f.sentence + "\n";
    std::string facts;
    for (const ShownFact& s : f.facts)
      facts += (facts.empty() ? "" : ", ") + s.name + "=" + ValueText(s.value, r.minor_digits);
    out += "  facts: " + facts + "\n";
    if (!f.tx_ids.empty()) {
      std::vector<std::string> shown(f.tx_ids.begin(),
                                     f.tx_ids.begin() + std::min<size_t>(8, f.tx_ids.size()));
      out += "  evidence: " + Join(shown, " ") +
             (f.tx_ids.size() > 8 ? " (+" + std::to_string(f.tx_ids.size() - 8) + ")" : "") + "\n";
    }
    if (!f.chain.empty()) out += "  chain: " + Join(f.chain, " -> ") + "\n";
    for (const MlaItem& it : f.mla_items) {
      out += "  - " + it.account + " at " + (it.institution.empty() ? "?" : it.institution) +
             ": received " + Money(r, it.received) + ", held " + Money(r, it.held) + ", " +
             FormatDate(it.first) + " .. " + FormatDate(it.last) + "\n";
    }
    if (!f.measures.empty()) out += "  measures: " + Join(f.measures, ", ") + "\n";
    out += "  legal basis: " + f.legal_basis + "\n";
  }
  Totals t = Sum(r);
  if (r.mode == "case") {
    out += "\nTotals: freeze " + Money(r, t.freeze) + ", seize " + Money(r, t.seize) +
           ", confiscate value " + Money(r, t.confiscate) + " " + r.currency + "\n";
  }
  return out;
}

std::string RenderFlagsCsv(const FlagReport& r) {
  std::string out =
      "rule_id,action,severity,subject_kind,subject_id,amount,currency,urgency,facts,tx_ids,chain,"
      "legal_basis,sentence\n";
  for (const Flag& f : r.flags) {
    std::string facts;
    for (const ShownFact& s : f.facts)
      facts += (facts.empty() ? "" : "; ") + s.name + "=" + ValueText(s.value, r.minor_digits);
    std::vector<std::string> cells = {f.rule_id,
                                      std::string(ActionName(f.action)),
                                      f.severity,
                                      std::string(SubjectName(f.subject)),
                                      f.subject_id,
                                      f.amount ? Money(r, *f.amount) : "",
                                      r.currency,
                                      f.urgency,
                                      facts,
                                      Join(f.tx_ids, ";"),
                                      Join(f.chain, ";"),
                                      f.legal_basis,
                                      f.sentence};
    std::string line;
    for (size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + CsvCell(cells[i]);
    out += line + "\n";
  }
  return out;
}

}  // namespace moneytrail::rules
