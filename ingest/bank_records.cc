#include "ingest/bank_records.h"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "engine/core/amount.h"

namespace moneytrail::ingest {
namespace {

constexpr int64_t kDay = Timestamp::kMicrosPerDay;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool IsCash(const std::string& type_code) {
  std::string t = Upper(type_code);
  for (const char* code : {"CWDL", "CDPT", "CASH", "NCSH", "ATM"})
    if (t.find(code) != std::string::npos) return true;
  return false;
}

bool Usable(const std::string& ref) {
  std::string r = Upper(ref);
  return !r.empty() && r != "NOTPROVIDED" && r != "NONREF" && r != "NOT PROVIDED";
}

std::string Attr(const Transaction& tx, std::string_view name) {
  for (const auto& [k, v] : tx.attributes)
    if (k == name) return v;
  return "";
}

void Put(Attributes* a, const char* name, const std::string& value) {
  if (!value.empty()) a->emplace_back(name, value);
}

class Converter {
 public:
  Converter(uint32_t source_id, const ParseContext& ctx) : source_id_(source_id), ctx_(ctx) {}

  void NoteAccount(const std::string& id, const std::string& name, const std::string& bic,
                   const std::string& currency, uint64_t line) {
    if (id.empty() || IsCashAccount(id) || !seen_accounts_.insert(id).second) return;
    Account a;
    a.account_id = id;
    a.holder_name = name;
    a.institution = bic;
    a.currency = currency;
    a.kind = id.rfind("UNIDENTIFIED:", 0) == 0 ? "external" : "bank";
    a.provenance = {source_id_, line};
    out_.accounts.push_back(std::move(a));
  }

  // Fills amount/base; false (entry refused) when the currency or rate is missing.
  bool Money(Transaction* tx, int64_t minor, const std::string& currency, uint64_t line) {
    auto c = Currency::FromCode(currency);
    if (!c) {
      out_.refused.push_back({line, "currency", "'" + currency + "' is not an ISO 4217 code"});
      return false;
    }
    if (minor <= 0) {
      out_.refused.push_back({line, "amount", "zero amount: nothing moved"});
      return false;
    }
    tx->amount = {minor, *c};
    FieldError error;
    if (!ToBaseCurrency(minor, *c, tx->timestamp, ctx_, "currency", &tx->base_minor, &error)) {
      out_.refused.push_back({line, error.field, error.reason});
      return false;
    }
    return true;
  }

  void Entry(const bank::Statement& s, const bank::StatementEntry& e) {
    if (s.account.empty()) {
      // Without its own account the entry's money would seem to come from,
      // or go to, nowhere: cash. It is refused instead.
      out_.refused.push_back(
          {e.line, "account", "the statement names no account of its own (:25: / Acct/Id)"});
      return;
    }
    Transaction tx;
    std::string other = e.counterparty_account;
    if (IsCash(e.type_code)) {
      other = "CASH";
    } else if (other.empty()) {
      other = "UNIDENTIFIED:" + s.account;
    }
    tx.from_account = e.credit ? other : s.account;
    tx.to_account = e.credit ? s.account : other;
    // The value date is when the money moved; without one, the booking date.
    if (e.value_date.micros != 0) {
      tx.timestamp = e.value_date;
    } else if (e.booking_date) {
      tx.timestamp = *e.booking_date;
    } else {
      out_.refused.push_back(
          {e.line, "value_date", "the entry has neither a value nor a booking date"});
      return;
    }
    tx.channel = other == "CASH" ? "cash" : "bank";
    tx.reference = !e.remittance.empty() ? e.remittance : e.customer_reference;
    tx.end_to_end_id = Usable(e.end_to_end_id) ? e.end_to_end_id : "";
    tx.uetr = e.uetr;
    tx.provenance = {source_id_, e.line};
    if (!tx.uetr.empty()) {
      tx.tx_id = "uetr:" + tx.uetr;
    } else if (!tx.end_to_end_id.empty()) {
      tx.tx_id = "e2e:" + tx.end_to_end_id + "|" + tx.from_account + ">" + tx.to_account;
    } else {
      tx.tx_id = s.kind + ":" + s.account + ":" + s.statement_id + ":" + std::to_string(e.line);
    }
    Attributes& a = tx.attributes;
    Put(&a, "statement_kind", s.kind);
    Put(&a, "statement_id", s.statement_id);
    Put(&a, "statement_account", s.account);
    Put(&a, "booking_date", e.booking_date ? FormatDate(*e.booking_date) : "");
    Put(&a, "type_code", e.type_code);
    Put(&a, "customer_reference", e.customer_reference);
    Put(&a, "bank_reference", e.bank_reference);
    Put(&a, "instruction_id", e.instruction_id);
    Put(&a, "transaction_id", e.transaction_id);
    Put(&a, "counterparty_name", e.counterparty_name);
    Put(&a, "counterparty_bic", e.counterparty_bic);
    Put(&a, "narrative", e.narrative);
    Put(&a, "supplementary_details", e.supplementary);
    Put(&a, "statement_information", s.information);
    if (e.reversal) a.emplace_back("reversal", "true");
    if (!e.booked) a.emplace_back("booked", "false");
    if (!Money(&tx, e.amount, e.currency, e.line)) return;
    NoteAccount(s.account, s.account_owner, s.account_bic, s.currency, s.line);
    NoteAccount(other, e.counterparty_name, e.counterparty_bic, "", e.line);
    out_.transactions.push_back(std::move(tx));
  }

  void Check(const bank::Statement& s) {
    std::map<std::string, int64_t> net;
    for (const auto& e : s.entries) AddToNet(e, &net);
    if (auto c = CheckStatement(s, net)) out_.checks.push_back(*c);
  }

  void Payment(const bank::PaymentMessage& m) {
    Transaction tx;
    tx.from_account =
        !m.ordering_account.empty() ? m.ordering_account : "UNIDENTIFIED:" + m.ordering_name;
    tx.to_account = !m.beneficiary_account.empty() ? m.beneficiary_account
                                                   : "UNIDENTIFIED:" + m.beneficiary_name;
    tx.timestamp = m.value_date;
    tx.channel = "wire";
    tx.reference = !m.remittance.empty() ? m.remittance : m.sender_reference;
    tx.uetr = m.uetr;
    tx.provenance = {source_id_, m.line};
    tx.tx_id =
        !m.uetr.empty() ? "uetr:" + m.uetr : "mt103:" + m.sender_bic + ":" + m.sender_reference;
    Attributes& a = tx.attributes;
    Put(&a, "message", "mt103");
    Put(&a, "sender_reference", m.sender_reference);
    Put(&a, "sender_bic", m.sender_bic);
    Put(&a, "receiver_bic", m.receiver_bic);
    Put(&a, "ordering_name", m.ordering_name);
    Put(&a, "ordering_institution", m.ordering_institution);
    Put(&a, "beneficiary_name", m.beneficiary_name);
    Put(&a, "beneficiary_institution", m.beneficiary_institution);
    Put(&a, "charges", m.charges);
    if (m.instructed_amount) {
      auto c = Currency::FromCode(m.instructed_currency);
      Put(&a, "instructed_amount",
          FormatMinorUnits(*m.instructed_amount, c ? c->minor_digits() : 2) + " " +
              m.instructed_currency);
    }
    if (!Money(&tx, m.amount, m.currency, m.line)) return;
    NoteAccount(tx.from_account, m.ordering_name, m.ordering_institution, "", m.line);
    NoteAccount(tx.to_account, m.beneficiary_name, m.beneficiary_institution, "", m.line);
    out_.transactions.push_back(std::move(tx));
  }

  BankRecords Take() { return std::move(out_); }
  BankRecords& out() { return out_; }

 private:
  uint32_t source_id_;
  const ParseContext& ctx_;
  std::set<std::string> seen_accounts_;
  BankRecords out_;
};

// Same payment seen twice: same direction, money and (±1 day) value date, and
// no reference that says otherwise.
bool SamePayment(const Transaction& a, const Transaction& b) {
  if (a.from_account != b.from_account || a.to_account != b.to_account) return false;
  if (!(a.amount == b.amount)) return false;
  if (std::llabs(a.timestamp.micros - b.timestamp.micros) > kDay) return false;
  if (!a.uetr.empty() && !b.uetr.empty() && a.uetr != b.uetr) return false;
  if (!a.end_to_end_id.empty() && !b.end_to_end_id.empty() && a.end_to_end_id != b.end_to_end_id)
    return false;
  return true;
}

// Two sightings from the same side (the same statement account) are two
// payments, not one seen twice.
bool OtherSide(const Transaction& a, const Transaction& b) {
  std::string sa = Attr(a, "statement_account"), sb = Attr(b, "statement_account");
  return sa.empty() || sb.empty() || sa != sb;
}

bool Unidentified(const std::string& account) { return account.rfind("UNIDENTIFIED:", 0) == 0; }

// Adds to `candidates` the stored payments that could be `tx` seen by the
// other bank: the same accounts, money and value date (within a day). The
// window is read from the side with the shorter history: a statement's own
// account may book thousands of entries a day, its counterparty a few; and
// counterparties are compared by store number, so no id is looked up per
// entry. An account the statement could not name never matches another bank's.
Status StoredSightings(const storage::Store& store, const Transaction& tx,
                       std::vector<std::string>* candidates) {
  if (Unidentified(tx.from_account) || Unidentified(tx.to_account)) return Status::Ok();
  if (IsCashAccount(tx.from_account) && IsCashAccount(tx.to_account)) return Status::Ok();
  const std::string statement = Attr(tx, "statement_account");
  const bool scan_to = !IsCashAccount(tx.to_account) &&
                       (tx.to_account != statement || IsCashAccount(tx.from_account));
  const std::string& side = scan_to ? tx.to_account : tx.from_account;
  const std::string& other = scan_to ? tx.from_account : tx.to_account;
  ASSIGN_OR_RETURN(auto side_number, store.AccountNumberOf(side));
  ASSIGN_OR_RETURN(auto other_number, store.AccountNumberOf(other));
  if (!side_number || !other_number) return Status::Ok();  // never seen: nothing stored
  const bool other_is_cash = IsCashAccount(other);
  Status error;
  RETURN_IF_ERROR(store.ForEachAccountTxRefBetween(
      *side_number, scan_to ? storage::Direction::kIn : storage::Direction::kOut,
      Timestamp{tx.timestamp.micros - kDay}, Timestamp{tx.timestamp.micros + kDay},
      [&](const storage::Store::AccountTxRef& e) {
        bool same_other = other_is_cash ? e.counterparty < 2 : e.counterparty == *other_number;
        if (!same_other) return true;
        auto candidate = store.GetTransactionAt(e.timestamp, e.seq);
        if (!candidate.ok()) {
          error = candidate.status();
          return false;
        }
        if (*candidate && SamePayment(tx, **candidate) && OtherSide(tx, **candidate))
          candidates->push_back((*candidate)->tx_id);
        return true;
      }));
  return error;
}

}  // namespace

std::optional<StatementCheck> CheckStatement(const bank::Statement& s,
                                             const std::map<std::string, int64_t>& net) {
  const bank::Balance* opening = nullptr;
  const bank::Balance* closing = nullptr;
  for (const auto& b : s.balances) {
    if (b.type == "opening" && !opening) opening = &b;
    if (b.type == "closing") closing = &b;
  }
  if (!opening || !closing || opening->currency != closing->currency) return std::nullopt;
  StatementCheck c{s.line, s.statement_id, s.account, opening->currency};
  c.opening = opening->amount;
  c.closing = closing->amount;
  if (auto it = net.find(c.currency); it != net.end()) c.entries = it->second;
  return c;
}

void AddToNet(const bank::StatementEntry& e, std::map<std::string, int64_t>* net) {
  if (e.booked) (*net)[e.currency] += e.credit ? e.amount : -e.amount;
}

BankRecords ToRecords(const bank::StatementFile& file, uint32_t source_id,
                      const ParseContext& context, bool include_pending) {
  Converter c(source_id, context);
  for (const bank::Statement& s : file.statements) {
    for (const bank::StatementEntry& e : s.entries) {
      if (!e.booked && !include_pending) {
        ++c.out().pending_skipped;
        continue;
      }
      c.Entry(s, e);
    }
    c.Check(s);
  }
  for (const bank::PaymentMessage& m : file.payments) c.Payment(m);
  return c.Take();
}

Status MatchPayments(const storage::Store& store, std::vector<Transaction>* txs,
                     std::vector<PaymentMatch>* matches) {
  std::vector<Transaction> kept;
  std::map<std::string, size_t> kept_by_id;
  // Sightings kept so far by what SamePayment() needs equal first (accounts,
  // amount): a statement of a million entries must not compare each with all.
  std::unordered_map<std::string, std::vector<size_t>> kept_by_payment;
  auto payment_key = [](const Transaction& t) {
    return t.from_account + '\n' + t.to_account + '\n' + std::to_string(t.amount.minor_units) +
           std::string(t.amount.currency.code());
  };
  auto keep = [&](Transaction&& t) {
    kept_by_id.emplace(t.tx_id, kept.size());
    kept_by_payment[payment_key(t)].push_back(kept.size());
    kept.push_back(std::move(t));
  };
  for (Transaction& tx : *txs) {
    const char* by_id = !tx.uetr.empty()            ? "uetr"
                        : !tx.end_to_end_id.empty() ? "end_to_end_id"
                                                    : nullptr;
    // 1. The same id: a payment known by its UETR or EndToEndId.
    const Transaction* same_id = nullptr;
    std::optional<Transaction> stored;
    if (auto it = kept_by_id.find(tx.tx_id); it != kept_by_id.end()) {
      same_id = &kept[it->second];
    } else {
      ASSIGN_OR_RETURN(stored, store.GetTransaction(tx.tx_id));
      if (stored) same_id = &*stored;
    }
    if (same_id) {
      if (!tx.SameContent(*same_id) && by_id && SamePayment(tx, *same_id)) {
        matches->push_back({tx.provenance.line, tx.tx_id, same_id->tx_id, by_id, false, {}});
        continue;
      }
      // An exact repeat or a real conflict: the loader counts or reports it.
      keep(std::move(tx));
      continue;
    }
    // 2. The same money between the same accounts within a day.
    std::vector<std::string> candidates;
    if (auto it = kept_by_payment.find(payment_key(tx)); it != kept_by_payment.end()) {
      for (size_t i : it->second) {
        if (SamePayment(tx, kept[i]) && OtherSide(tx, kept[i])) candidates.push_back(kept[i].tx_id);
      }
    }
    RETURN_IF_ERROR(StoredSightings(store, tx, &candidates));
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    if (candidates.size() == 1) {
      matches->push_back({tx.provenance.line,
                          tx.tx_id,
                          candidates[0],
                          "amount, value date and accounts",
                          false,
                          {}});
      continue;
    }
    if (candidates.size() > 1) {
      matches->push_back(
          {tx.provenance.line, tx.tx_id, "", "amount, value date and accounts", true, candidates});
    }
    keep(std::move(tx));
  }
  *txs = std::move(kept);
  return Status::Ok();
}

}  // namespace moneytrail::ingest
