#include "rules/rulebook.h"

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "engine/core/amount.h"
#include "rules/registry.h"

namespace moneytrail::rules {

using nlohmann::json;

std::string_view SubjectName(Subject s) {
  switch (s) {
    case Subject::kAccount:
      return "account";
    case Subject::kAsset:
      return "asset";
    case Subject::kParty:
      return "party";
    case Subject::kJurisdiction:
      return "jurisdiction";
  }
  return "?";
}

std::optional<Subject> SubjectFromName(std::string_view n) {
  for (Subject s : {Subject::kAccount, Subject::kAsset, Subject::kParty, Subject::kJurisdiction}) {
    if (SubjectName(s) == n) return s;
  }
  return std::nullopt;
}

std::string_view ActionName(Action a) {
  switch (a) {
    case Action::kFreeze:
      return "freeze";
    case Action::kSeize:
      return "seize";
    case Action::kConfiscateValue:
      return "confiscate_value";
    case Action::kMlaRequest:
      return "mla_request";
    case Action::kInvestigate:
      return "investigate";
  }
  return "?";
}

std::optional<Action> ActionFromName(std::string_view n) {
  for (Action a : {Action::kFreeze, Action::kSeize, Action::kConfiscateValue, Action::kMlaRequest,
                   Action::kInvestigate}) {
    if (ActionName(a) == n) return a;
  }
  return std::nullopt;
}

std::string_view FactTypeName(FactType t) {
  switch (t) {
    case FactType::kMoney:
      return "money";
    case FactType::kCount:
      return "count";
    case FactType::kHours:
      return "hours";
    case FactType::kPercent:
      return "percent";
    case FactType::kBool:
      return "bool";
    case FactType::kText:
      return "text";
  }
  return "?";
}

namespace {

constexpr std::pair<Op, std::string_view> kOps[] = {
    {Op::kEq, "=="}, {Op::kNe, "!="}, {Op::kLt, "<"},  {Op::kLe, "<="},
    {Op::kGt, ">"},  {Op::kGe, ">="}, {Op::kIn, "in"}, {Op::kNotIn, "not_in"}};

// Which subjects an action may be proposed for.
bool ActionFits(Action a, Subject s) {
  switch (a) {
    case Action::kFreeze:
      return s == Subject::kAccount;
    case Action::kSeize:
      return s == Subject::kAsset;
    case Action::kConfiscateValue:
      return s == Subject::kParty || s == Subject::kAccount;
    case Action::kMlaRequest:
      return s == Subject::kJurisdiction;
    case Action::kInvestigate:
      return true;
  }
  return false;
}

class Parser {
 public:
  explicit Parser(int minor_digits) : digits_(minor_digits) {}

  std::vector<std::string> errors;

  void Error(const std::string& path, const std::string& what) {
    errors.push_back(path + ": " + what);
  }

  static std::string Quote(const std::string& s) { return "'" + s + "'"; }
  static std::string TypeOf(const json& j) { return j.type_name(); }

  void CheckKeys(const json& obj, const std::string& path,
                 std::initializer_list<std::string_view> allowed) {
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      bool ok = false;
      for (auto a : allowed) ok |= it.key() == a;
      if (!ok) Error(path + "." + it.key(), "unknown key " + Quote(it.key()));
    }
  }

  std::optional<std::string> String(const json& obj, const std::string& key,
                                    const std::string& path, bool required) {
    auto it = obj.find(key);
    if (it == obj.end()) {
      if (required) Error(path + "." + key, "missing");
      return std::nullopt;
    }
    if (!it->is_string()) {
      Error(path + "." + key, "expected a string, got " + TypeOf(*it));
      return std::nullopt;
    }
    return it->get<std::string>();
  }

  std::optional<int64_t> Money(const json& j, const std::string& path) {
    if (!j.is_string()) {
      Error(path, "expected money as a decimal string (e.g. \"1000.00\"), got " + TypeOf(j));
      return std::nullopt;
    }
    auto m = ParseMinorUnits(j.get<std::string>(), digits_, true);
    if (!m.ok()) {
      Error(path, m.status().message());
      return std::nullopt;
    }
    return *m;
  }

  std::optional<int64_t> Integer(const json& j, const std::string& path) {
    if (!j.is_number_integer()) {
      Error(path, "expected an integer, got " + TypeOf(j));
      return std::nullopt;
    }
    if (j.is_number_unsigned() && j.get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
      Error(path, "integer out of range");
      return std::nullopt;
    }
    return j.get<int64_t>();
  }

  void ParseParameters(const json& j, const std::string& path, Parameters* p) {
    if (!j.is_object()) return Error(path, "expected an object, got " + TypeOf(j));
    struct Spec {
      std::string_view name;
      bool money;
      int64_t* field;
    };
    const Spec specs[] = {
        {"reporting_threshold", true, &p->reporting_threshold},
        {"structuring_margin_percent", false, &p->structuring_margin_percent},
        {"structuring_window_hours", false, &p->structuring_window_hours},
        {"fan_window_hours", false, &p->fan_window_hours},
        {"pass_through_window_hours", false, &p->pass_through_window_hours},
        {"pass_through_min_received", true, &p->pass_through_min_received},
        {"cycle_window_hours", false, &p->cycle_window_hours},
        {"cycle_max_accounts", false, &p->cycle_max_accounts},
        {"split_window_hours", false, &p->split_window_hours},
        {"split_min_transfers", false, &p->split_min_transfers},
        {"cash_out_window_hours", false, &p->cash_out_window_hours},
        {"urgency_immediate_hours", false, &p->urgency_immediate_hours},
        {"urgency_high_hours", false, &p->urgency_high_hours},
    };
    for (auto it = j.begin(); it != j.end(); ++it) {
      std::string at = path + "." + it.key();
      if (it.key() == "high_risk_countries") {
        if (!it->is_array()) {
          Error(at, "expected an array of ISO 3166 alpha-2 codes, got " + TypeOf(*it));
          continue;
        }
        p->high_risk_countries.clear();
        for (size_t i = 0; i < it->size(); ++i) {
          const json& c = (*it)[i];
          std::string ci = at + "[" + std::to_string(i) + "]";
          if (!c.is_string() || c.get<std::string>().size() != 2 ||
              !std::isupper(c.get<std::string>()[0]) || !std::isupper(c.get<std::string>()[1])) {
            Error(ci, "expected a two-letter upper-case country code");
            continue;
          }
          p->high_risk_countries.push_back(c.get<std::string>());
        }
        continue;
      }
      const Spec* spec = nullptr;
      for (const Spec& s : specs) {
        if (s.name == it.key()) spec = &s;
      }
      if (!spec) {
        Error(at, "unknown parameter " + Quote(it.key()));
        continue;
      }
      auto v = spec->money ? Money(*it, at) : Integer(*it, at);
      if (!v) continue;
      if (*v < 0) {
        Error(at, "must not be negative");
        continue;
      }
      *spec->field = *v;
    }
    if (p->structuring_margin_percent > 100)
      Error(path + ".structuring_margin_percent", "must be 0..100");
    for (int64_t* h : {&p->fan_window_hours, &p->pass_through_window_hours, &p->cycle_window_hours,
                       &p->structuring_window_hours, &p->split_window_hours}) {
      if (*h > 24 * 365 * 100) Error(path, "a window longer than a century");
    }
  }

  std::optional<Condition> ParseCondition(const json& j, const std::string& path, Subject subject) {
    if (!j.is_object()) {
      Error(path, "expected an object, got " + TypeOf(j));
      return std::nullopt;
    }
    Condition c;
    for (auto [key, kind] :
         {std::pair{"all", Condition::Kind::kAll}, std::pair{"any", Condition::Kind::kAny}}) {
      if (!j.contains(key)) continue;
      CheckKeys(j, path, {key});
      c.kind = kind;
      const json& arr = j.at(key);
      std::string at = path + "." + key;
      if (!arr.is_array() || arr.empty()) {
        Error(at, "expected a non-empty array of conditions");
        return std::nullopt;
      }
      bool ok = true;
      for (size_t i = 0; i < arr.size(); ++i) {
        auto child = ParseCondition(arr[i], at + "[" + std::to_string(i) + "]", subject);
        if (child) c.children.push_back(std::move(*child));
        ok &= child.has_value();
      }
      if (!ok) return std::nullopt;
      return c;
    }
    if (j.contains("not")) {
      CheckKeys(j, path, {"not"});
      c.kind = Condition::Kind::kNot;
      auto child = ParseCondition(j.at("not"), path + ".not", subject);
      if (!child) return std::nullopt;
      c.children.push_back(std::move(*child));
      return c;
    }
    if (!j.contains("fact")) {
      Error(path, "expected one of all, any, not, or a comparison {fact, op, value}");
      return std::nullopt;
    }
    CheckKeys(j, path, {"fact", "op", "value"});
    c.kind = Condition::Kind::kCompare;
    auto fact = String(j, "fact", path, true);
    auto op = String(j, "op", path, true);
    if (!j.contains("value")) Error(path + ".value", "missing");
    if (!fact || !op || !j.contains("value")) return std::nullopt;
    c.fact = *fact;
    const FactDef* def = FindFact(subject, *fact);
    if (!def) {
      Error(path + ".fact",
            "unknown fact " + Quote(*fact) + " for subject " + std::string(SubjectName(subject)));
    }
    bool op_ok = false;
    for (auto [o, name] : kOps) {
      if (name == *op) {
        c.op = o;
        op_ok = true;
      }
    }
    if (!op_ok) {
      Error(path + ".op",
            "unknown operator " + Quote(*op) + " (use ==, !=, <, <=, >, >=, in, not_in)");
    }
    if (!def || !op_ok) return std::nullopt;
    const json& v = j.at("value");
    std::string vpath = path + ".value";
    bool ordered = c.op == Op::kLt || c.op == Op::kLe || c.op == Op::kGt || c.op == Op::kGe;
    if (c.op == Op::kIn || c.op == Op::kNotIn) {
      if (def->type != FactType::kText) {
        Error(path + ".op", std::string(OpName(c.op)) + " needs a text fact; " + Quote(c.fact) +
                                " is " + std::string(FactTypeName(def->type)));
        return std::nullopt;
      }
      if (!v.is_array()) {
        Error(vpath, "expected an array of strings, got " + TypeOf(v));
        return std::nullopt;
      }
      for (size_t i = 0; i < v.size(); ++i) {
        if (!v[i].is_string()) {
          Error(vpath + "[" + std::to_string(i) + "]", "expected a string, got " + TypeOf(v[i]));
          return std::nullopt;
        }
        c.list.push_back(v[i].get<std::string>());
      }
      return c;
    }
    c.value.type = def->type;
    switch (def->type) {
      case FactType::kMoney: {
        auto m = Money(v, vpath);
        if (!m) return std::nullopt;
        c.value.number = *m;
        break;
      }
      case FactType::kCount:
      case FactType::kHours:
      case FactType::kPercent: {
        auto n = Integer(v, vpath);
        if (!n) return std::nullopt;
        c.value.number = *n;
        break;
      }
      case FactType::kBool:
        if (!v.is_boolean()) {
          Error(vpath,
                "fact " + Quote(c.fact) + " is bool; expected true or false, got " + TypeOf(v));
          return std::nullopt;
        }
        if (ordered) {
          Error(path + ".op", std::string(OpName(c.op)) + " does not apply to a bool fact");
          return std::nullopt;
        }
        c.value.flag = v.get<bool>();
        break;
      case FactType::kText:
        if (!v.is_string()) {
          Error(vpath, "fact " + Quote(c.fact) + " is text; expected a string, got " + TypeOf(v));
          return std::nullopt;
        }
        if (ordered) {
          Error(path + ".op", std::string(OpName(c.op)) + " does not apply to a text fact");
          return std::nullopt;
        }
        c.value.text = v.get<std::string>();
        break;
    }
    return c;
  }

  void CheckSentence(const std::string& s, const std::string& path, Subject subject) {
    size_t pos = 0;
    while ((pos = s.find('{', pos)) != std::string::npos) {
      size_t end = s.find('}', pos);
      if (end == std::string::npos) return Error(path, "unclosed '{'");
      std::string name = s.substr(pos + 1, end - pos - 1);
      static const std::set<std::string> kBuiltin = {"subject", "amount", "currency", "case",
                                                     "method"};
      if (!kBuiltin.count(name) && !FindFact(subject, name)) {
        Error(path, "unknown placeholder {" + name + "}");
      }
      pos = end + 1;
    }
  }

  std::optional<Rule> ParseRule(const json& j, const std::string& path) {
    if (!j.is_object()) {
      Error(path, "expected an object, got " + TypeOf(j));
      return std::nullopt;
    }
    CheckKeys(j, path,
              {"id", "title", "subject", "condition", "action", "amount", "severity", "legal_basis",
               "sentence", "description"});
    Rule r;
    size_t before = errors.size();
    auto id = String(j, "id", path, true);
    auto title = String(j, "title", path, true);
    auto subject = String(j, "subject", path, true);
    auto action = String(j, "action", path, true);
    auto amount = String(j, "amount", path, false);
    auto severity = String(j, "severity", path, true);
    auto legal = String(j, "legal_basis", path, true);
    auto sentence = String(j, "sentence", path, false);
    String(j, "description", path, false);
    if (id) {
      if (id->empty()) Error(path + ".id", "must not be empty");
      r.id = *id;
    }
    if (title) r.title = *title;
    if (legal) r.legal_basis = *legal;
    if (severity) {
      static const std::set<std::string> kSeverities = {"low", "medium", "high", "critical"};
      if (!kSeverities.count(*severity)) {
        Error(path + ".severity",
              "unknown severity " + Quote(*severity) + " (use low, medium, high, critical)");
      }
      r.severity = *severity;
    }
    std::optional<Subject> s;
    if (subject) {
      s = SubjectFromName(*subject);
      if (!s)
        Error(path + ".subject",
              "unknown subject " + Quote(*subject) + " (use account, asset, party, jurisdiction)");
    }
    std::optional<Action> a;
    if (action) {
      a = ActionFromName(*action);
      if (!a) {
        Error(path + ".action",
              "unknown action " + Quote(*action) +
                  " (use freeze, seize, confiscate_value, mla_request, investigate)");
      }
    }
    if (s && a && !ActionFits(*a, *s)) {
      Error(path + ".action",
            "action " + Quote(*action) + " does not apply to subject " + Quote(*subject));
    }
    if (!s) return std::nullopt;
    r.subject = *s;
    if (a) r.action = *a;
    if (amount) {
      const FactDef* def = FindFact(*s, *amount);
      if (!def) {
        Error(path + ".amount", "unknown fact " + Quote(*amount) + " for subject " + *subject);
      } else if (def->type != FactType::kMoney) {
        Error(path + ".amount", "fact " + Quote(*amount) + " is " +
                                    std::string(FactTypeName(def->type)) + ", not money");
      }
      r.amount_fact = *amount;
    } else if (a && *a != Action::kInvestigate) {
      Error(path + ".amount", "missing: action " + *action + " needs a money fact as its amount");
    }
    if (sentence) {
      CheckSentence(*sentence, path + ".sentence", *s);
      r.sentence = *sentence;
    }
    if (!j.contains("condition")) {
      Error(path + ".condition", "missing");
    } else {
      auto c = ParseCondition(j.at("condition"), path + ".condition", *s);
      if (c) r.condition = std::move(*c);
    }
    if (errors.size() != before) return std::nullopt;
    return r;
  }

  std::optional<Rulebook> ParseBook(const json& j) {
    if (!j.is_object()) {
      Error("$", "expected an object, got " + TypeOf(j));
      return std::nullopt;
    }
    CheckKeys(j, "$", {"rulebook", "version", "description", "parameters", "rules"});
    Rulebook book;
    if (auto n = String(j, "rulebook", "$", true)) book.name = *n;
    String(j, "description", "$", false);
    if (j.contains("version")) {
      if (auto v = Integer(j.at("version"), "$.version")) book.version = *v;
    }
    if (j.contains("parameters"))
      ParseParameters(j.at("parameters"), "$.parameters", &book.parameters);
    if (!j.contains("rules")) {
      Error("$.rules", "missing");
    } else if (!j.at("rules").is_array()) {
      Error("$.rules", "expected an array, got " + TypeOf(j.at("rules")));
    } else {
      std::map<std::string, size_t> ids;
      const json& rules = j.at("rules");
      for (size_t i = 0; i < rules.size(); ++i) {
        std::string path = "$.rules[" + std::to_string(i) + "]";
        auto r = ParseRule(rules[i], path);
        if (!r) continue;
        auto [it, fresh] = ids.emplace(r->id, i);
        if (!fresh) {
          Error(path + ".id", "duplicate id " + Quote(r->id) + " (first at $.rules[" +
                                  std::to_string(it->second) + "])");
          continue;
        }
        book.rules.push_back(std::move(*r));
      }
    }
    if (!errors.empty()) return std::nullopt;
    return book;
  }

 private:
  int digits_;
};

}  // namespace

std::string_view OpName(Op op) {
  for (auto [o, name] : kOps) {
    if (o == op) return name;
  }
  return "?";
}

Result<Rulebook> ParseRulebook(std::string_view json_text, int minor_digits) {
  json j;
  try {
    j = json::parse(json_text);
  } catch (const json::exception& e) {
    return Status::DataError(std::string("$: not valid JSON: ") + e.what());
  }
  Parser p(minor_digits);
  auto book = p.ParseBook(j);
  if (!book) {
    std::string msg;
    for (const std::string& e : p.errors) msg += (msg.empty() ? "" : "\n") + e;
    return Status::DataError(msg);
  }
  return std::move(*book);
}

Result<Rulebook> LoadRulebook(const std::string& path, int minor_digits) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read rulebook " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  auto book = ParseRulebook(ss.str(), minor_digits);
  if (!book.ok()) {
    // Prefix every line with the file name so that each fault points at it.
    std::string msg, line;
    std::istringstream lines(book.status().message());
    while (std::getline(lines, line)) msg += (msg.empty() ? "" : "\n") + path + ": " + line;
    return Status(book.status().code(), msg);
  }
  return book;
}

std::vector<std::string> FactsOf(const Condition& c) {
  std::vector<std::string> out;
  std::function<void(const Condition&)> walk = [&](const Condition& x) {
    if (x.kind == Condition::Kind::kCompare) {
      if (std::find(out.begin(), out.end(), x.fact) == out.end()) out.push_back(x.fact);
    }
    for (const Condition& ch : x.children) walk(ch);
  };
  walk(c);
  return out;
}

}  // namespace moneytrail::rules
