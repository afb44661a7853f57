// The rulebook: what the rules module evaluates, as data.
//
// A rulebook is a JSON document (schema in rules/RULEBOOK.md, default in
// rules/default_rules.json, compiled into the binary):
//
//   {"rulebook": "name", "version": 1,
//    "parameters": {"reporting_threshold": "10000.00", "fan_window_hours": 72, ...},
//    "rules": [{"id", "title", "subject", "condition", "action", "amount",
//               "severity", "legal_basis", "sentence"}]}
//
// A rule applies to one kind of subject (account, asset, party, jurisdiction),
// fires when its condition over named facts (rules/facts.h) is true, and
// proposes an action (freeze, seize, confiscate_value, mla_request,
// investigate) for an amount taken from a money fact. Conditions nest `all`,
// `any` and `not` over comparisons `{"fact", "op", "value"}`.
//
// ParseRulebook() validates everything it can before any data is seen: unknown
// keys, facts, operators, actions, subjects and parameters, values of the wrong
// type for their fact, actions that do not fit their subject, duplicate ids.
// Every fault is reported with its JSON path, one per line:
//   $.rules[3].condition.all[1].fact: unknown fact 'balanse' for subject account
//
// Money in a rulebook is a decimal string in the store's base currency
// ("1000.00"); there is no floating point anywhere: a JSON number where money
// is expected is refused.
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_RULES_RULEBOOK_H_
#define MONEYTRAIL_RULES_RULEBOOK_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/status.h"

namespace moneytrail::rules {

enum class Subject { kAccount, kAsset, kParty, kJurisdiction };
std::string_view SubjectName(Subject s);  // "account", ...
std::optional<Subject> SubjectFromName(std::string_view name);

enum class Action { kFreeze, kSeize, kConfiscateValue, kMlaRequest, kInvestigate };
std::string_view ActionName(Action a);  // "freeze", "seize", "confiscate_value", ...
std::optional<Action> ActionFromName(std::string_view name);

// The type of a fact's value, and so of the thresholds it is compared with.
//   money: int64 minor units of the base currency (JSON: decimal string)
//   count, hours, percent: int64 (JSON: integer)
//   bool: JSON true/false; text: JSON string
enum class FactType { kMoney, kCount, kHours, kPercent, kBool, kText };
std::string_view FactTypeName(FactType t);

// A fact's value. `number` carries money, counts, hours and percents.
struct Value {
  FactType type = FactType::kCount;
  int64_t number = 0;
  bool flag = false;
  std::string text;
  friend bool operator==(const Value&, const Value&) = default;
};

enum class Op { kEq, kNe, kLt, kLe, kGt, kGe, kIn, kNotIn };
std::string_view OpName(Op op);  // "==", "!=", "<", "<=", ">", ">=", "in", "not_in"

struct Condition {
  enum class Kind { kAll, kAny, kNot, kCompare };
  Kind kind = Kind::kCompare;
  std::vector<Condition> children;  // all / any: one or more; not: exactly one
  // kCompare only:
  std::string fact;
  Op op = Op::kGe;
  Value value;                    // for every op but in / not_in
  std::vector<std::string> list;  // in / not_in (text facts only)
};

// Parameters of the fact computations. Every one can be set in the rulebook's
// "parameters" object; the defaults below are the issue's.
struct Parameters {
  int64_t reporting_threshold = 1'000'000;  // money: 10,000.00 (cash reporting)
  int64_t structuring_margin_percent = 10;  // "just under": within 10 % below it
  int64_t structuring_window_hours = 168;   // 7 days
  int64_t fan_window_hours = 72;
  int64_t pass_through_window_hours = 48;
  int64_t pass_through_min_received = 100'000;  // money: 1,000.00
  int64_t cycle_window_hours = 720;             // 30 days; windows overlap by half
  int64_t cycle_max_accounts = 20;              // larger strongly connected parts are not "a cycle"
  int64_t split_window_hours = 24;              // "the same day"
  int64_t split_min_transfers = 3;              // a splitter, for split_counterparties
  int64_t cash_out_window_hours = 72;
  int64_t urgency_immediate_hours = 72;          // proceeds younger than this: immediate
  int64_t urgency_high_hours = 720;              // younger than this: high; else: standard
  std::vector<std::string> high_risk_countries;  // ISO 3166 alpha-2
};

struct Rule {
  std::string id;
  std::string title;
  Subject subject = Subject::kAccount;
  Condition condition;
  Action action = Action::kInvestigate;
  std::string amount_fact;  // a money fact of the subject; empty: no amount
  std::string severity;     // low, medium, high, critical
  std::string legal_basis;
  // Read-aloud sentence with placeholders: {subject}, {amount}, {currency},
  // {case}, {method} and {<fact>} for any fact of the subject. Empty: the
  // action's default sentence.
  std::string sentence;
};

struct Rulebook {
  std::string name;
  int64_t version = 1;
  Parameters parameters;
  std::vector<Rule> rules;
};

// Parses and validates a rulebook. `minor_digits` are the base currency's
// (money thresholds are parsed with them). DataError listing every fault with
// its JSON path, one per line, when the document is not a valid rulebook.
Result<Rulebook> ParseRulebook(std::string_view json_text, int minor_digits = 2);

// Reads a file and parses it; NotFound when it cannot be read.
Result<Rulebook> LoadRulebook(const std::string& path, int minor_digits = 2);

// The default rulebook's JSON text (rules/default_rules.json, compiled in).
std::string_view DefaultRulebookJson();

// Every fact name a condition refers to, in first-use order.
std::vector<std::string> FactsOf(const Condition& c);

}  // namespace moneytrail::rules

#endif  // MONEYTRAIL_RULES_RULEBOOK_H_
