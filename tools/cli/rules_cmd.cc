// moneytrail rules: list the rules of a rulebook and the facts they may use,
// or check a rulebook file.
#include <iostream>

#include "engine/core/amount.h"
#include "rules/flags.h"
#include "rules/registry.h"
#include "rules/rulebook.h"
#include "tools/cli/commands.h"
#include "tools/cli/common.h"

namespace moneytrail::cli {
namespace {

struct RulesCmdOptions {
  bool list = false;
  bool facts = false;
  bool print_default = false;
  std::string check;
  std::string rules;
};

std::string ConditionText(const rules::Condition& c) {
  using K = rules::Condition::Kind;
  if (c.kind == K::kCompare) {
    std::string v;
    if (!c.list.empty() || c.op == rules::Op::kIn || c.op == rules::Op::kNotIn) {
      for (const auto& s : c.list) v += (v.empty() ? "[" : ", ") + s;
      v += "]";
    } else if (c.value.type == rules::FactType::kMoney) {
      v = FormatMinorUnits(c.value.number, 2);
    } else {
      v = rules::ValueText(c.value, 2);
    }
    return c.fact + " " + std::string(rules::OpName(c.op)) + " " + v;
  }
  if (c.kind == K::kNot) return "not (" + ConditionText(c.children[0]) + ")";
  std::string sep = c.kind == K::kAll ? " and " : " or ";
  std::string out;
  for (const auto& ch : c.children) out += (out.empty() ? "" : sep) + ConditionText(ch);
  return c.children.size() > 1 ? "(" + out + ")" : out;
}

int Run(const RulesCmdOptions& o) {
  if (o.print_default) return Fail(WriteOutput("-", std::string(rules::DefaultRulebookJson())));
  if (!o.check.empty()) {
    auto book = rules::LoadRulebook(o.check);
    if (!book.ok()) return Fail(book.status());
    std::cout << o.check << ": ok, rulebook '" << book->name << "' version " << book->version
              << ", " << book->rules.size() << " rules\n";
    return 0;
  }
  if (o.facts) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : rules::FactCatalog()) {
      rows.push_back({std::string(rules::SubjectName(f.subject)), f.name,
                      std::string(rules::FactTypeName(f.type)),
                      f.needs_case ? "case" : "case, scan", f.description});
    }
    return Fail(
        WriteOutput("-", RenderTable({"subject", "fact", "type", "mode", "meaning"}, rows)));
  }
  if (!o.list) return Fail(Status::Usage("say --list, --facts, --default or --check FILE"));
  auto book = o.rules.empty() ? rules::ParseRulebook(rules::DefaultRulebookJson())
                              : rules::LoadRulebook(o.rules);
  if (!book.ok()) return Fail(book.status());
  std::vector<std::vector<std::string>> rows;
  for (const auto& r : book->rules) {
    rows.push_back({r.id, std::string(rules::ActionName(r.action)),
                    std::string(rules::SubjectName(r.subject)), r.severity,
                    r.amount_fact.empty() ? "-" : r.amount_fact, ConditionText(r.condition)});
  }
  std::string out =
      "Rulebook '" + book->name + "' version " + std::to_string(book->version) + "\n\n" +
      RenderTable({"id", "action", "subject", "severity", "amount", "condition"}, rows);
  return Fail(WriteOutput("-", out));
}

}  // namespace

void RegisterRules(CLI::App& app, int* exit_code) {
  auto o = std::make_shared<RulesCmdOptions>();
  CLI::App* cmd = AddCommand(
      app, exit_code, "rules",
      "Show or check rulebooks: the rules of the built-in default (or --rules FILE), the facts a\n"
      "condition may use, or whether a rulebook file is valid (faults are reported with their\n"
      "JSON path, e.g. $.rules[3].condition.all[1].fact). Schema: rules/RULEBOOK.md.",
      "  moneytrail rules --list\n"
      "  moneytrail rules --list --rules my_rules.json\n"
      "  moneytrail rules --facts\n"
      "  moneytrail rules --check my_rules.json\n"
      "  moneytrail rules --default > my_rules.json\n",
      [o] { return Run(*o); });
  cmd->add_flag("--list", o->list, "List the rules");
  cmd->add_flag("--facts", o->facts, "List every fact a condition may use");
  cmd->add_flag("--default", o->print_default, "Print the built-in default rulebook (JSON)");
  cmd->add_option("--check", o->check,
                  "Validate a rulebook file (exit 65 with every fault when invalid)");
  cmd->add_option("--rules", o->rules, "Rulebook for --list (default: the built-in one)");
}

}  // namespace moneytrail::cli
