// Applying rules to facts: three-valued conditions, amounts, evidence and the
// sentence read aloud.
#include <algorithm>
#include <set>

#include "engine/core/amount.h"
#include "rules/flags.h"

namespace moneytrail::rules {
namespace {

enum class Tri { kFalse, kTrue, kUnknown };

Tri FromBool(bool b) { return b ? Tri::kTrue : Tri::kFalse; }

Tri Compare(const Condition& c, const SubjectFacts& f) {
  const Value* v = f.Find(c.fact);
  if (!v) return Tri::kUnknown;
  switch (c.op) {
    case Op::kIn:
    case Op::kNotIn: {
      bool in = std::find(c.list.begin(), c.list.end(), v->text) != c.list.end();
      return FromBool(c.op == Op::kIn ? in : !in);
    }
    default:
      break;
  }
  int cmp = 0;
  if (v->type == FactType::kBool) {
    cmp = v->flag == c.value.flag ? 0 : 1;
  } else if (v->type == FactType::kText) {
    cmp = v->text == c.value.text ? 0 : 1;
  } else {
    cmp = v->number < c.value.number ? -1 : v->number > c.value.number ? 1 : 0;
  }
  switch (c.op) {
    case Op::kEq:
      return FromBool(cmp == 0);
    case Op::kNe:
      return FromBool(cmp != 0);
    case Op::kLt:
      return FromBool(cmp < 0);
    case Op::kLe:
      return FromBool(cmp <= 0);
    case Op::kGt:
      return FromBool(cmp > 0);
    case Op::kGe:
      return FromBool(cmp >= 0);
    default:
      return Tri::kUnknown;
  }
}

Tri Eval(const Condition& c, const SubjectFacts& f) {
  switch (c.kind) {
    case Condition::Kind::kCompare:
      return Compare(c, f);
    case Condition::Kind::kNot: {
      Tri t = Eval(c.children[0], f);
      return t == Tri::kUnknown ? t : FromBool(t == Tri::kFalse);
    }
    case Condition::Kind::kAll: {
      Tri acc = Tri::kTrue;
      for (const Condition& ch : c.children) {
        Tri t = Eval(ch, f);
        if (t == Tri::kFalse) return t;
        if (t == Tri::kUnknown) acc = t;
      }
      return acc;
    }
    case Condition::Kind::kAny: {
      Tri acc = Tri::kFalse;
      for (const Condition& ch : c.children) {
        Tri t = Eval(ch, f);
        if (t == Tri::kTrue) return t;
        if (t == Tri::kUnknown) acc = t;
      }
      return acc;
    }
  }
  return Tri::kUnknown;
}

std::string DefaultSentenceText(Action a) {
  switch (a) {
    case Action::kFreeze:
      return "Freeze {amount} in account {subject}: traced proceeds of case {case} still held "
             "there under the {method} "
             "rule.";
    case Action::kSeize:
      return "Seize asset {subject}: it was bought with {tainted_paid} of traced proceeds of case "
             "{case}.";
    case Action::kConfiscateValue:
      return "Confiscate {amount} of equivalent value from {subject}: proceeds of case {case} "
             "reached its accounts and "
             "can no longer be traced.";
    case Action::kMlaRequest:
      return "Ask {subject} for mutual legal assistance: {proceeds_received} of traced proceeds of "
             "case {case} reached "
             "{accounts} account(s) there.";
    case Action::kInvestigate:
      return "Investigate {subject}.";
  }
  return "";
}

// A value for a sentence: money with its currency, hours and percents with units.
std::string Spoken(const Value* v, const EvalNaming& n) {
  if (!v) return "unknown";
  switch (v->type) {
    case FactType::kMoney:
      return FormatMinorUnits(v->number, n.minor_digits) + " " + n.currency;
    case FactType::kHours:
      return std::to_string(v->number) + " hours";
    case FactType::kPercent:
      return std::to_string(v->number) + "%";
    case FactType::kBool:
      return v->flag ? "yes" : "no";
    default:
      return ValueText(*v, n.minor_digits);
  }
}

const std::string& DefaultSentence(Action a) {
  static const std::string kSentences[] = {
      DefaultSentenceText(Action::kFreeze), DefaultSentenceText(Action::kSeize),
      DefaultSentenceText(Action::kConfiscateValue), DefaultSentenceText(Action::kMlaRequest),
      DefaultSentenceText(Action::kInvestigate)};
  return kSentences[static_cast<int>(a)];
}

std::string Fill(const std::string& tmpl, const Flag& flag, const SubjectFacts& f,
                 const EvalNaming& n) {
  std::string out;
  size_t pos = 0;
  while (pos < tmpl.size()) {
    size_t open = tmpl.find('{', pos);
    size_t close = open == std::string::npos ? open : tmpl.find('}', open);
    if (close == std::string::npos) {
      out += tmpl.substr(pos);
      break;
    }
    out += tmpl.substr(pos, open - pos);
    std::string key = tmpl.substr(open + 1, close - open - 1);
    if (key == "subject") {
      out += flag.subject_id;
    } else if (key == "amount") {
      out += flag.amount ? FormatMinorUnits(*flag.amount, n.minor_digits) + " " + n.currency
                         : "an unknown amount";
    } else if (key == "currency") {
      out += n.currency;
    } else if (key == "case") {
      out += n.case_id.empty() ? "(none)" : n.case_id;
    } else if (key == "method") {
      out += n.method.empty() ? "(none)" : n.method;
    } else {
      out += Spoken(f.Find(key), n);
    }
    pos = close + 1;
  }
  return out;
}

}  // namespace

std::string ValueText(const Value& v, int minor_digits) {
  switch (v.type) {
    case FactType::kMoney:
      return FormatMinorUnits(v.number, minor_digits);
    case FactType::kBool:
      return v.flag ? "true" : "false";
    case FactType::kText:
      return v.text;
    default:
      return std::to_string(v.number);
  }
}

std::vector<Flag> ApplyRules(const Rulebook& book, const FactTable& table,
                             const std::function<bool(const Rule&)>& which,
                             const EvalNaming& naming) {
  std::vector<Flag> flags;
  for (const Rule& rule : book.rules) {
    if (!which(rule)) continue;
    // Shown with the flag: the facts of the condition, the amount, and those
    // the sentence quotes.
    std::vector<std::string> read = FactsOf(rule.condition);
    const std::string& tmpl = rule.sentence.empty() ? DefaultSentence(rule.action) : rule.sentence;
    std::vector<std::string> more = {rule.amount_fact};
    for (size_t open = tmpl.find('{'); open != std::string::npos; open = tmpl.find('{', open + 1)) {
      size_t close = tmpl.find('}', open);
      if (close == std::string::npos) break;
      more.push_back(tmpl.substr(open + 1, close - open - 1));
    }
    for (const std::string& m : more) {
      if (!m.empty() && std::find(read.begin(), read.end(), m) == read.end()) read.push_back(m);
    }
    for (const auto& [key, f] : table) {
      if (key.first != rule.subject) continue;
      if (Eval(rule.condition, f) != Tri::kTrue) continue;
      Flag flag;
      flag.rule_id = rule.id;
      flag.title = rule.title;
      flag.action = rule.action;
      flag.severity = rule.severity;
      flag.subject = rule.subject;
      flag.subject_id = f.id;
      flag.amount_fact = rule.amount_fact;
      flag.legal_basis = rule.legal_basis;
      if (!rule.amount_fact.empty()) {
        const Value* v = f.Find(rule.amount_fact);
        if (v) flag.amount = v->number;
      }
      std::set<uint64_t> txs;
      for (const std::string& name : read) {
        if (const Value* v = f.Find(name)) flag.facts.push_back({name, *v});
        auto ev = f.evidence.find(name);
        if (ev == f.evidence.end()) continue;
        txs.insert(ev->second.txs.begin(), ev->second.txs.end());
        if (flag.chain.empty()) flag.chain = ev->second.chain;
      }
      for (uint64_t tx : txs)
        flag.tx_ids.push_back(naming.tx_id ? naming.tx_id(tx) : std::to_string(tx));
      flag.mla_items = f.mla_items;
      if (rule.action == Action::kFreeze) {
        // The newer the proceeds, the likelier they are still moving.
        const Value* age = f.Find("hours_since_last_proceeds");
        const Parameters& p = book.parameters;
        flag.urgency = !age                                       ? "unknown"
                       : age->number <= p.urgency_immediate_hours ? "immediate"
                       : age->number <= p.urgency_high_hours      ? "high"
                                                                  : "standard";
      }
      if (rule.action == Action::kMlaRequest) {
        bool held = false;
        for (const MlaItem& it : f.mla_items) held |= it.held > 0;
        if (held) flag.measures.push_back("freeze");
        flag.measures.push_back("produce_records");
      }
      flag.sentence = Fill(tmpl, flag, f, naming);
      flags.push_back(std::move(flag));
    }
  }
  return flags;
}

void SortFlags(const Rulebook& book, std::vector<Flag>* flags) {
  auto rule_index = [&](const std::string& id) {
    for (size_t i = 0; i < book.rules.size(); ++i) {
      if (book.rules[i].id == id) return i;
    }
    return book.rules.size();
  };
  std::stable_sort(flags->begin(), flags->end(), [&](const Flag& a, const Flag& b) {
    return std::make_tuple(static_cast<int>(a.action), rule_index(a.rule_id), a.subject_id) <
           std::make_tuple(static_cast<int>(b.action), rule_index(b.rule_id), b.subject_id);
  });
}

}  // namespace moneytrail::rules
