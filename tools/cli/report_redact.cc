#include "tools/cli/report_redact.h"

#include <algorithm>
#include <set>

#include "engine/core/amount.h"

namespace moneytrail::cli {
namespace {

using report::Report;

// Calls `fn` on every string of the model that comes from data.
template <typename Fn>
void ForEachString(Report* r, Fn fn) {
  auto pairs = [&](std::vector<std::pair<std::string, std::string>>& v) {
    for (auto& [a, b] : v) {
      fn(a);
      fn(b);
    }
  };
  auto list = [&](std::vector<std::string>& v) {
    for (auto& s : v) fn(s);
  };
  report::CaseHeader& h = r->header;
  for (std::string* s : {&h.case_id, &h.title, &h.opened, &h.jurisdiction}) fn(*s);
  pairs(h.attributes);
  list(h.claimants);
  for (auto& s : r->seeds) {
    for (std::string* f : {&s.tx_id, &s.from_account, &s.to_account, &s.claimant, &s.reference,
                           &s.end_to_end_id, &s.uetr, &s.source.file}) {
      fn(*f);
    }
  }
  for (auto& row : r->comparison.rows) fn(row.subject);
  for (auto& s : r->schedule) {
    for (std::string* f : {&s.tx_id, &s.from_account, &s.to_account, &s.asset_id, &s.source.file}) {
      fn(*f);
    }
    for (auto& [claimant, amount] : s.by_claimant) fn(claimant);
  }
  for (auto& c : r->reconciliation.by_claimant) fn(c.claimant);
  for (auto& t : r->terminals) {
    for (std::string* f : {&t.subject, &t.holder, &t.institution, &t.description}) fn(*f);
  }
  for (auto& f : r->flags) {
    for (std::string* s : {&f.subject_id, &f.sentence, &f.legal_basis, &f.title}) fn(*s);
    pairs(f.facts);
    list(f.tx_ids);
    list(f.chain);
  }
  for (auto& a : r->annexes) {
    fn(a.facts);
    list(a.tx_ids);
    for (auto& acc : a.accounts) {
      for (std::string* s : {&acc.account, &acc.institution, &acc.holder}) fn(*s);
    }
  }
  for (auto& s : r->provenance.sources) {
    fn(s.name);
    fn(s.origin);
  }
}

std::string Plural(size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

void Redactor::Withhold(const std::string& secret, const char* what) {
  if (secret.size() < 2 || secrets_.count(secret)) return;
  size_t n = ++counts_[what];
  secrets_[secret] = "[withheld " + std::string(what) + " " + std::to_string(n) + "]";
  auto& bucket = by_first_byte_[static_cast<unsigned char>(secret[0])];
  bucket.push_back(secret);
  std::stable_sort(bucket.begin(), bucket.end(),
                   [](const std::string& x, const std::string& y) { return x.size() > y.size(); });
}

std::string Redactor::Scrub(std::string_view text) const {
  if (secrets_.empty()) return std::string(text);
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const std::string* hit = nullptr;
    for (const std::string& s : by_first_byte_[static_cast<unsigned char>(text[i])]) {
      if (text.compare(i, s.size(), s) == 0) {
        hit = &s;
        break;
      }
    }
    if (hit) {
      out += secrets_.at(*hit);
      i += hit->size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

Result<Redactor> Redactor::ForReport(const storage::Store& store,
                                     const std::vector<SourceFile>& sources, const Report& r) {
  Redactor red;
  std::set<uint32_t> withheld;
  for (const SourceFile& s : sources) {
    if (s.handling == Handling::kIntelligence && !s.consent) withheld.insert(s.source_id);
  }
  if (withheld.empty()) return red;
  auto is_withheld = [&](const Provenance& p) { return withheld.count(p.source_id) > 0; };

  // Transactions: every one the report names.
  std::vector<std::string> tx_ids;
  for (const auto& s : r.seeds) tx_ids.push_back(s.tx_id);
  for (const auto& s : r.schedule) tx_ids.push_back(s.tx_id);
  for (const auto& f : r.flags) tx_ids.insert(tx_ids.end(), f.tx_ids.begin(), f.tx_ids.end());
  for (const auto& a : r.annexes) tx_ids.insert(tx_ids.end(), a.tx_ids.begin(), a.tx_ids.end());
  std::set<std::string> seen, shown_accounts, hidden_accounts;
  for (const std::string& id : tx_ids) {
    if (!seen.insert(id).second) continue;
    ASSIGN_OR_RETURN(auto tx, store.GetTransaction(id));
    if (!tx) continue;
    auto& accounts = is_withheld(tx->provenance) ? hidden_accounts : shown_accounts;
    accounts.insert(tx->from_account);
    accounts.insert(tx->to_account);
    if (!is_withheld(tx->provenance)) continue;
    red.Withhold(id, "transaction");
    red.withheld_txs_.push_back(id);
    for (const std::string* ref : {&tx->reference, &tx->end_to_end_id, &tx->uetr}) {
      if (ref->size() >= 4) red.Withhold(*ref, "reference");
    }
  }

  // Accounts: withheld when only withheld records show them; holders when
  // their account or party record is withheld.
  std::set<std::string> accounts = shown_accounts;
  accounts.insert(hidden_accounts.begin(), hidden_accounts.end());
  for (const auto& t : r.terminals)
    if (t.kind != "asset") accounts.insert(t.subject);
  for (const auto& f : r.flags) {
    if (f.subject_kind == "account") accounts.insert(f.subject_id);
    accounts.insert(f.chain.begin(), f.chain.end());
  }
  for (const auto& a : r.annexes)
    for (const auto& acc : a.accounts) accounts.insert(acc.account);
  std::set<std::string> parties;
  for (const std::string& id : accounts) {
    if (IsCashAccount(id)) continue;
    ASSIGN_OR_RETURN(auto a, store.GetAccount(id));
    bool record_withheld = a && is_withheld(a->provenance);
    if (!shown_accounts.count(id) && (hidden_accounts.count(id) || record_withheld)) {
      red.Withhold(id, "account");
    }
    if (a && record_withheld) {
      red.Withhold(a->holder_id, "party");
      red.Withhold(a->holder_name, "party");
      red.Withhold(a->institution, "institution");
    }
    if (a) parties.insert(a->holder_id);
  }

  // Assets and their owners.
  std::set<std::string> assets;
  for (const auto& s : r.schedule)
    if (!s.asset_id.empty()) assets.insert(s.asset_id);
  for (const auto& t : r.terminals)
    if (t.kind == "asset") assets.insert(t.subject);
  for (const auto& f : r.flags) {
    if (f.subject_kind == "asset") assets.insert(f.subject_id);
    if (f.subject_kind == "party") parties.insert(f.subject_id);
  }
  for (const std::string& id : assets) {
    ASSIGN_OR_RETURN(auto a, store.GetAsset(id));
    if (!a) continue;
    parties.insert(a->owner_id);
    if (!is_withheld(a->provenance)) continue;
    red.Withhold(id, "asset");
    red.Withhold(a->description, "asset");
    red.Withhold(a->registry_ref, "asset");
  }
  for (const std::string& id : parties) {
    if (id.empty()) continue;
    ASSIGN_OR_RETURN(auto p, store.GetParty(id));
    if (!p || !is_withheld(p->provenance)) continue;
    red.Withhold(id, "party");
    for (const std::string* s : {&p->name, &p->national_id, &p->phone, &p->email, &p->address}) {
      red.Withhold(*s, "party");
    }
  }

  // The files themselves.
  for (const SourceFile& s : sources) {
    if (!withheld.count(s.source_id)) continue;
    ++red.withheld_sources_;
    red.Withhold(s.name, "source");
    red.Withhold(s.origin, "source");
  }
  return red;
}

void Redactor::Apply(Report* r) const {
  if (empty()) return;
  std::set<std::string> txs(withheld_txs_.begin(), withheld_txs_.end());
  int64_t amount = 0;
  for (auto& row : r->schedule) {
    if (!txs.count(row.tx_id)) continue;
    amount += row.tainted;
    row.source = {};
  }
  for (auto& seed : r->seeds) {
    if (txs.count(seed.tx_id)) seed.source = {};
  }
  std::set<std::string> withheld_names;
  for (const auto& [secret, pseudonym] : secrets_)
    if (pseudonym.rfind("[withheld source", 0) == 0) withheld_names.insert(secret);
  for (auto& s : r->provenance.sources) {
    if (!withheld_names.count(s.name)) continue;
    s.sha256.clear();
    s.size = 0;
  }
  ForEachString(r, [this](std::string& s) { s = Scrub(s); });

  report::WithheldNotice& w = r->withheld;
  auto count = [&](const char* what) {
    auto it = counts_.find(what);
    return it == counts_.end() ? size_t{0} : it->second;
  };
  w.sources = withheld_sources_;
  w.transactions = txs.size();
  w.accounts = count("account");
  w.parties = count("party");
  w.assets = count("asset");
  w.amount = amount;
  w.reason = Plural(w.transactions, "transaction", "transactions") + ", " +
             Plural(w.accounts, "account", "accounts") + ", " +
             Plural(w.parties, "party detail", "party details") + " and " +
             Plural(w.assets, "asset detail", "asset details") + " in this report come from " +
             Plural(w.sources, "source", "sources") +
             " handled as intelligence without consent to their use in court. They guided the "
             "analysis but are withheld here and shown as \"[withheld ...]\". "
             "The amounts they carry (" +
             FormatMinorUnits(amount, r->minor_digits) + " " + r->currency +
             " of traced proceeds) are kept, so that the reconciliation stands. To disclose "
             "them, obtain the sender's consent, load the source again with --consent and "
             "re-run the report.";
}

}  // namespace moneytrail::cli
