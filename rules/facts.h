// Facts: the named values a rule's condition reads, and the providers (the
// module's "rule classes") that compute them.
//
// A provider computes a few related facts for the subjects it knows about
// (e.g. fan-in and fan-out counts for every account) and attaches evidence:
// the transactions and the chain of accounts that make the fact true. The
// registry (rules/registry.h) lists every provider explicitly; the rulebook
// validator accepts exactly the facts they declare. Adding a rule class is one
// file under rules/providers/ plus one line in rules/registry.cc.
//
// Facts that a provider cannot compute for a subject are absent, never zero:
// a comparison with an absent fact is "unknown" (rules/evaluate.h), so rules
// over trace facts stay silent in the typology scan, which has no trace.
//
// Thread safety: plain values; providers are stateless and const.
#ifndef MONEYTRAIL_RULES_FACTS_H_
#define MONEYTRAIL_RULES_FACTS_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/core/records.h"
#include "engine/core/status.h"
#include "engine/ledger/case_ledger.h"
#include "engine/storage/store.h"
#include "engine/trace/trace.h"
#include "rules/rulebook.h"

namespace moneytrail::rules {

struct FactDef {
  std::string name;
  Subject subject = Subject::kAccount;
  FactType type = FactType::kCount;
  std::string description;
  bool needs_case = false;  // computed only when a case is flagged
};

// Why a fact holds: transactions (indices into EvalContext::txs->txs) and,
// where money travelled, the chain of accounts it took.
struct Evidence {
  std::vector<uint64_t> txs;
  std::vector<std::string> chain;
};

// One line of a per-state MLA request (jurisdiction subjects).
struct MlaItem {
  std::string account;
  std::string institution;
  std::string holder;
  int64_t received = 0;   // tainted money that reached the account
  int64_t held = 0;       // tainted money still there
  Timestamp first, last;  // first and last tainted arrival
};

struct SubjectFacts {
  Subject subject = Subject::kAccount;
  std::string id;
  std::map<std::string, Value> values;
  std::map<std::string, Evidence> evidence;  // keyed by fact name
  std::vector<MlaItem> mla_items;

  void Set(const std::string& name, Value v) { values[name] = std::move(v); }
  void Money(const std::string& name, int64_t v) { Set(name, {FactType::kMoney, v, false, {}}); }
  void Count(const std::string& name, int64_t v) { Set(name, {FactType::kCount, v, false, {}}); }
  void Hours(const std::string& name, int64_t v) { Set(name, {FactType::kHours, v, false, {}}); }
  void Percent(const std::string& name, int64_t v) {
    Set(name, {FactType::kPercent, v, false, {}});
  }
  void Bool(const std::string& name, bool v) { Set(name, {FactType::kBool, 0, v, {}}); }
  void Text(const std::string& name, std::string v) {
    Set(name, {FactType::kText, 0, false, std::move(v)});
  }
  const Value* Find(const std::string& name) const {
    auto it = values.find(name);
    return it == values.end() ? nullptr : &it->second;
  }
};

// Every subject's facts, keyed by (subject, id): iteration is sorted, so the
// output does not depend on the order providers run in.
using FactTable = std::map<std::pair<Subject, std::string>, SubjectFacts>;

// Per-account time-ordered view of a transaction table (built once, shared by
// the typology providers). Accounts and transactions are those of `txs`.
struct AccountIndex {
  // CSR: the transactions touching account a are tx[begin[a] .. begin[a+1]),
  // in replay order (a self-transfer appears once).
  std::vector<uint64_t> begin;
  std::vector<uint32_t> tx;
};

// What providers see. In case mode (`kase` set) `txs` is the case's ledger,
// the trace and its chains are known; in the typology scan `txs` is the whole
// store and `trace` is null.
struct EvalContext {
  const Parameters* params = nullptr;
  const storage::Store* store = nullptr;
  const trace::TraceInput* txs = nullptr;
  const AccountIndex* index = nullptr;
  // Per account of `txs` (empty text when unknown):
  std::vector<std::string> country;
  std::vector<std::string> holder;  // party id
  std::vector<char> organisation;   // its holder is an organisation
  std::vector<char> evaluate;       // compute this account's facts?
  // Case mode only:
  const Case* kase = nullptr;
  const trace::TraceResult* trace = nullptr;
  int minor_digits = 2;
  Timestamp as_of;  // the last replayed transaction's time
  // Largest chains of the trace by terminal: "account:<id>" (holding) and
  // "asset:<id>" (bought), each with its tx indices and accounts.
  std::map<std::string, Evidence> chains;
  // Party facts net what earlier rules froze and seized, per account / asset.
  std::map<std::string, int64_t> frozen_by_account;
  std::map<std::string, int64_t> seized_by_asset;

  bool case_mode() const { return kase != nullptr; }
};

class FactProvider {
 public:
  virtual ~FactProvider() = default;
  virtual std::string_view name() const = 0;
  virtual std::vector<FactDef> Facts() const = 0;
  // Party facts depend on the freeze and seize flags: they run in phase 1,
  // after the rules over accounts, assets and jurisdictions were evaluated.
  virtual int phase() const { return 0; }
  // True when it needs a case's trace (it does not run in the typology scan).
  virtual bool needs_case() const = 0;
  virtual Status Compute(const EvalContext& ctx, FactTable* out) const = 0;
};

// The facts of account `a` of ctx.txs, created on first use.
SubjectFacts& AccountFacts(const EvalContext& ctx, uint32_t a, FactTable* out);
SubjectFacts& FactsFor(Subject s, const std::string& id, FactTable* out);

// Builds the per-account index over `txs`.
AccountIndex BuildAccountIndex(const trace::TraceInput& txs);

}  // namespace moneytrail::rules

#endif  // MONEYTRAIL_RULES_FACTS_H_
