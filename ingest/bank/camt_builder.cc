#include "ingest/bank/camt_builder.h"

#include <optional>
#include <utility>

#include "engine/core/amount.h"
#include "engine/core/currency.h"
#include "engine/core/timestamp.h"
#include "ingest/bank/camt_values.h"

namespace moneytrail::ingest::bank::camt_internal {
namespace {

void KeepIfSame(std::string& mine, const std::string& other) {
  if (mine != other) mine.clear();
}

}  // namespace

void CamtBuilder::Money::Clear() {
  value.clear();
  ccy.clear();
  line = 0;
  present = false;
}

void CamtBuilder::Side::Clear() {
  for (std::string* s : {&name, &account, &ultimate_name, &agent_name, &bic, &party_bic}) {
    s->clear();
  }
}

void CamtBuilder::Entry::Clear() {
  line = booking_line = value_line = 0;
  amt.Clear();
  for (std::string* s : {&cdt_dbt, &reversal, &status, &booking_date, &value_date, &acct_svcr_ref,
                         &addtl_inf, &domain, &family, &sub_family, &proprietary_code}) {
    s->clear();
  }
}

void CamtBuilder::Detail::Clear() {
  line = 0;
  amt.Clear();
  tx_amt.Clear();
  for (std::string* s : {&cdt_dbt, &end_to_end_id, &uetr, &acct_svcr_ref, &instr_id, &tx_id, &ustrd,
                         &addtl_inf, &domain, &family, &sub_family, &proprietary_code}) {
    s->clear();
  }
  debtor.Clear();
  creditor.Clear();
}

void CamtBuilder::Detail::KeepAgreeing(const Detail& o) {
  KeepIfSame(cdt_dbt, o.cdt_dbt);
  KeepIfSame(end_to_end_id, o.end_to_end_id);
  KeepIfSame(uetr, o.uetr);
  KeepIfSame(acct_svcr_ref, o.acct_svcr_ref);
  KeepIfSame(instr_id, o.instr_id);
  KeepIfSame(tx_id, o.tx_id);
  KeepIfSame(ustrd, o.ustrd);
  KeepIfSame(addtl_inf, o.addtl_inf);
  KeepIfSame(domain, o.domain);
  KeepIfSame(family, o.family);
  KeepIfSame(sub_family, o.sub_family);
  KeepIfSame(proprietary_code, o.proprietary_code);
  Side* mine[] = {&debtor, &creditor};
  const Side* theirs[] = {&o.debtor, &o.creditor};
  for (int i = 0; i < 2; ++i) {
    KeepIfSame(mine[i]->name, theirs[i]->name);
    KeepIfSame(mine[i]->account, theirs[i]->account);
    KeepIfSame(mine[i]->ultimate_name, theirs[i]->ultimate_name);
    KeepIfSame(mine[i]->agent_name, theirs[i]->agent_name);
    KeepIfSame(mine[i]->bic, theirs[i]->bic);
    KeepIfSame(mine[i]->party_bic, theirs[i]->party_bic);
  }
}

void CamtBuilder::Issue(uint64_t line, std::string field, std::string reason, bool fatal) {
  ReadIssue issue;
  issue.line = line;
  issue.field = std::move(field);
  issue.reason = std::move(reason);
  issue.fatal = fatal;
  visitor_->OnIssue(std::move(issue));
}

void CamtBuilder::Warn(uint64_t line, std::string field, std::string reason) {
  ReadIssue issue;
  issue.line = line;
  issue.field = std::move(field);
  issue.reason = std::move(reason);
  issue.warning = true;
  visitor_->OnIssue(std::move(issue));
}

void CamtBuilder::BeginStatement(std::string_view kind, uint64_t line) {
  statement_ = Statement{};
  statement_.kind = std::string(kind);
  statement_.line = line;
  balance_codes_.clear();
  in_statement_ = true;
  header_done_ = false;
  ++statements_;
}

void CamtBuilder::FinishHeader() {
  // ITBD: the opening of a continued page when nothing else opens it and
  // something closes it later; otherwise the balance at the time of the report.
  bool has_opening = false;
  for (const std::string& code : balance_codes_) has_opening |= code == "OPBD" || code == "PRCD";
  bool first = true;
  for (size_t i = 0; i < balance_codes_.size(); ++i) {
    if (balance_codes_[i] != "ITBD") continue;
    bool closed_later = false;
    for (size_t j = i + 1; j < balance_codes_.size(); ++j) {
      closed_later |= balance_codes_[j] == "ITBD" || balance_codes_[j] == "CLBD";
    }
    statement_.balances[i].type =
        first && !has_opening && closed_later ? "interim_opening" : "interim_closing";
    first = false;
  }
  if (statement_.currency.empty() && !statement_.balances.empty()) {
    statement_.currency = statement_.balances.front().currency;
  }
  header_done_ = true;
}

void CamtBuilder::EndStatement() {
  if (!in_statement_) return;
  FinishHeader();  // again: balances may (wrongly) follow entries
  in_statement_ = in_balance_ = in_entry_ = false;
  visitor_->OnStatement(std::move(statement_));
  statement_ = Statement{};
}

void CamtBuilder::Abort() {
  in_entry_ = in_balance_ = false;
  EndStatement();
}

void CamtBuilder::BeginBalance(uint64_t line) {
  in_balance_ = true;
  balance_ = Balance{};
  balance_.line = line;
  balance_code_.clear();
  balance_cdt_dbt_.clear();
  balance_date_.clear();
  balance_amt_.Clear();
}

void CamtBuilder::EndBalance() {
  in_balance_ = false;
  const std::string& code = balance_code_;
  if (code == "OPBD" || code == "PRCD") {
    balance_.type = "opening";
  } else if (code == "CLBD") {
    balance_.type = "closing";
  } else if (code == "CLAV" || code == "FWAV") {
    balance_.type = "available";
  } else if (code == "ITBD") {
    balance_.type = "interim_closing";  // FinishHeader decides
  } else {
    return;  // OPAV, ITAV, INFO, XPCD, proprietary: not ours
  }
  int64_t amount = 0;
  if (auto why = ParseMoney(balance_amt_.value, balance_amt_.ccy, &amount, &balance_.currency)) {
    Warn(balance_amt_.present ? balance_amt_.line : balance_.line, "Bal/Amt", *why);
    return;
  }
  std::optional<bool> credit = ParseCreditDebit(balance_cdt_dbt_);
  if (!credit && amount != 0) {
    Warn(balance_.line, "Bal/CdtDbtInd",
         "'" + balance_cdt_dbt_ + "' is not CRDT or DBIT; the balance's sign is unknown");
    return;
  }
  balance_.amount = credit.value_or(true) ? amount : -amount;
  if (balance_date_.empty()) {
    Warn(balance_.line, "Bal/Dt", "balance has no date");
    return;
  }
  Result<Timestamp> date = ParseBalanceDate(balance_date_);
  if (!date.ok()) {
    Warn(balance_.line, "Bal/Dt", date.status().message());
    return;
  }
  balance_.date = *date;
  statement_.balances.push_back(std::move(balance_));
  balance_codes_.push_back(code);
}

void CamtBuilder::BeginEntry(uint64_t line) {
  if (!header_done_) FinishHeader();
  in_entry_ = true;
  entry_.Clear();
  entry_.line = line;
  detail_count_ = 0;
  dropped_details_ = 0;
}

void CamtBuilder::BeginDetail(uint64_t line) {
  // Past kMaxDetails the details go to one scratch slot and are only counted.
  current_detail_ = detail_count_ < kMaxDetails ? detail_count_++ : kMaxDetails;
  if (current_detail_ == kMaxDetails) ++dropped_details_;
  if (current_detail_ >= details_.size()) details_.resize(current_detail_ + 1);
  Detail& d = details_[current_detail_];
  d.Clear();
  d.line = line;
}

void CamtBuilder::Emit(StatementEntry&& entry) {
  if (statement_.currency.empty()) statement_.currency = entry.currency;
  visitor_->OnEntry(statement_, std::move(entry));
}

void CamtBuilder::FillFromDetail(const Detail& d, StatementEntry* out) const {
  if (!d.end_to_end_id.empty()) out->end_to_end_id = d.end_to_end_id;
  if (!d.uetr.empty()) out->uetr = Lower(d.uetr);
  if (!d.instr_id.empty()) out->instruction_id = d.instr_id;
  if (!d.tx_id.empty()) out->transaction_id = d.tx_id;
  if (!d.acct_svcr_ref.empty()) out->bank_reference = d.acct_svcr_ref;
  if (out->type_code.empty()) {
    out->type_code = BankTransactionCode(d.domain, d.family, d.sub_family, d.proprietary_code);
  }
  out->remittance = d.ustrd;
  Append(out->narrative, d.addtl_inf, " / ");
  const Side& other = out->credit ? d.debtor : d.creditor;
  out->counterparty_account = other.account;
  out->counterparty_name = !other.name.empty()            ? other.name
                           : !other.ultimate_name.empty() ? other.ultimate_name
                                                          : other.agent_name;
  out->counterparty_bic = !other.bic.empty() ? other.bic : other.party_bic;
}

void CamtBuilder::EndEntry() {
  in_entry_ = false;
  std::string_view status = entry_.status.empty() ? std::string_view("BOOK") : entry_.status;
  bool booked = status == "BOOK";
  if (!booked && !options_.include_pending) return;

  StatementEntry base;
  base.line = entry_.line;
  base.booked = booked;
  if (auto why = ParseMoney(entry_.amt.value, entry_.amt.ccy, &base.amount, &base.currency)) {
    Issue(entry_.amt.present ? entry_.amt.line : entry_.line, "Ntry/Amt", *why);
    return;
  }
  std::optional<bool> credit = ParseCreditDebit(entry_.cdt_dbt);
  if (!credit) {
    Issue(entry_.line, "Ntry/CdtDbtInd", "'" + entry_.cdt_dbt + "' is not CRDT or DBIT");
    return;
  }
  base.credit = *credit;
  if (entry_.reversal == "true" || entry_.reversal == "1") {
    base.reversal = true;
  } else if (!entry_.reversal.empty() && entry_.reversal != "false" && entry_.reversal != "0") {
    Warn(entry_.line, "Ntry/RvslInd", "'" + entry_.reversal + "' is not true or false");
  }
  if (!entry_.booking_date.empty()) {
    Result<Timestamp> t = ParseEntryDate(entry_.booking_date);
    if (t.ok()) {
      base.booking_date = *t;
    } else {
      Warn(entry_.booking_line, "Ntry/BookgDt", t.status().message());
    }
  }
  bool have_value_date = false;
  if (!entry_.value_date.empty()) {
    Result<Timestamp> t = ParseEntryDate(entry_.value_date);
    if (t.ok()) {
      base.value_date = *t;
      have_value_date = true;
    } else {
      Warn(entry_.value_line, "Ntry/ValDt", t.status().message());
    }
  }
  if (!have_value_date && base.booking_date) {
    base.value_date = *base.booking_date;
  } else if (!have_value_date) {
    Issue(entry_.line, "Ntry/ValDt", "entry has no usable ValDt or BookgDt; date left unset");
  }
  base.type_code =
      BankTransactionCode(entry_.domain, entry_.family, entry_.sub_family, entry_.proprietary_code);
  base.bank_reference = entry_.acct_svcr_ref;
  base.narrative = entry_.addtl_inf;

  if (dropped_details_ > 0) {
    Warn(entry_.line, "Ntry/NtryDtls",
         "more than " + std::to_string(kMaxDetails) +
             " TxDtls: kept as one entry of the booked Amt, without their details");
    Emit(std::move(base));
    return;
  }
  if (detail_count_ <= 1) {
    if (detail_count_ == 1) FillFromDetail(details_[0], &base);
    Emit(std::move(base));
    return;
  }
  // Split only when every detail has an amount in the entry's currency, so
  // that the entries still add up to what was booked on the account.
  size_t without_amount = 0;
  std::string other_currency;
  for (size_t i = 0; i < detail_count_; ++i) {
    const Detail& d = details_[i];
    if (!d.amt.present && !d.tx_amt.present) {
      ++without_amount;
    } else if (d.amt.ccy != base.currency && d.tx_amt.ccy != base.currency) {
      other_currency = d.amt.present ? d.amt.ccy : d.tx_amt.ccy;
    }
  }
  if (without_amount > 0 || !other_currency.empty()) {
    Detail merged = details_[0];
    for (size_t i = 1; i < detail_count_; ++i) merged.KeepAgreeing(details_[i]);
    std::string why = without_amount > 0
                          ? std::to_string(without_amount) + " of them without an amount"
                          : "amounts in " + other_currency + ", not " + base.currency;
    Warn(entry_.line, "Ntry/NtryDtls",
         std::to_string(detail_count_) + " TxDtls, " + why +
             ": kept as one entry of the booked Amt, with the detail fields they share");
    FillFromDetail(merged, &base);
    Emit(std::move(base));
    return;
  }
  // Split: one entry per detail, each with its own amount.
  int64_t net = 0;
  bool comparable = true;
  for (size_t i = 0; i < detail_count_; ++i) {
    const Detail& d = details_[i];
    const Money* m = d.amt.present && d.amt.ccy == base.currency ? &d.amt : &d.tx_amt;
    StatementEntry e = base;
    e.line = d.line;
    if (auto why = ParseMoney(m->value, m->ccy, &e.amount, &e.currency)) {
      Issue(m->line, "TxDtls/Amt", *why);
      comparable = false;
      continue;
    }
    if (!d.cdt_dbt.empty()) {
      std::optional<bool> c = ParseCreditDebit(d.cdt_dbt);
      if (c) {
        e.credit = *c;
      } else {
        Warn(d.line, "TxDtls/CdtDbtInd",
             "'" + d.cdt_dbt + "' is not CRDT or DBIT; the entry's used");
      }
    }
    FillFromDetail(d, &e);
    std::optional<int64_t> sum =
        e.credit == base.credit ? CheckedAdd(net, e.amount) : CheckedSub(net, e.amount);
    if (sum) net = *sum;
    comparable &= sum.has_value();
    Emit(std::move(e));
  }
  if (comparable && net != base.amount) {
    int digits = Currency::FromCode(base.currency)->minor_digits();
    Warn(entry_.line, "Ntry/NtryDtls",
         "the TxDtls amounts add up to " + FormatMinorUnits(net, digits) + " " + base.currency +
             ", the entry's Amt is " + FormatMinorUnits(base.amount, digits));
  }
}

}  // namespace moneytrail::ingest::bank::camt_internal
