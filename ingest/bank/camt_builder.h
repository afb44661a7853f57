// Internal to the camt reader: turns the fields the XML walk finds into
// Statements, Balances and StatementEntries, following the rules in camt.h,
// and hands them to a CamtVisitor. It knows nothing of XML; the walk
// (camt.cc) tells it where statements, balances, entries and details begin
// and end, and gives it each field's text.
//
// Memory: one statement header, one balance, and one entry with up to
// kMaxDetails details; detail slots are reused from entry to entry.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_BUILDER_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_BUILDER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ingest/bank/camt.h"
#include "ingest/bank/camt_schema.h"
#include "ingest/bank/statement.h"

namespace moneytrail::ingest::bank::camt_internal {

class CamtBuilder {
 public:
  CamtBuilder(const CamtReadOptions& options, CamtVisitor* visitor)
      : options_(options), visitor_(visitor) {}

  // The document's format, passed on to the visitor.
  void OnFormat(const std::string& format) { visitor_->OnFormat(format); }

  // `kind` is "camt.052", "camt.053" or "camt.054".
  void BeginStatement(std::string_view kind, uint64_t line);
  void EndStatement();
  void BeginBalance(uint64_t line);
  void EndBalance();
  void BeginEntry(uint64_t line);
  void EndEntry();
  void BeginDetail(uint64_t line);
  void EndDetail() {}

  // A field of the innermost open statement, balance, entry or detail, which
  // `scope` names. `text` is trimmed; `ccy` is the Ccy attribute of amounts.
  void SetField(Scope scope, Field field, std::string_view text, std::string_view ccy,
                uint64_t line);

  // A fatal issue ends the read: the open entry is dropped (it is
  // incomplete), the open statement is delivered with what it has.
  void Abort();

  // Issues go straight to the visitor.
  void Issue(uint64_t line, std::string field, std::string reason, bool fatal = false);
  // A remark on something still read (ReadIssue::warning).
  void Warn(uint64_t line, std::string field, std::string reason);

  bool in_statement() const { return in_statement_; }
  int statements() const { return statements_; }

 private:
  // Slots are cleared, not replaced, so that their strings keep capacity.
  struct Money {
    std::string value, ccy;
    uint64_t line = 0;
    bool present = false;
    void Clear();
  };
  // One side of a transaction as a detail names it.
  struct Side {
    std::string name, account, ultimate_name, agent_name, bic, party_bic;
    void Clear();
  };
  struct Detail {
    uint64_t line = 0;
    Money amt, tx_amt;
    std::string cdt_dbt, end_to_end_id, uetr, acct_svcr_ref, instr_id, tx_id;
    std::string ustrd, addtl_inf, domain, family, sub_family, proprietary_code;
    Side debtor, creditor;
    void Clear();
    void KeepAgreeing(const Detail& other);  // clears every field that differs
  };
  struct Entry {
    uint64_t line = 0;
    Money amt;
    std::string cdt_dbt, reversal, status, booking_date, value_date, acct_svcr_ref, addtl_inf;
    std::string domain, family, sub_family, proprietary_code;
    uint64_t booking_line = 0, value_line = 0;
    void Clear();
  };

  void FinishHeader();
  void Emit(StatementEntry&& entry);
  Detail& CurrentDetail() { return details_[current_detail_]; }
  // Copies what a detail says (references, counterparty, remittance) into
  // `out`, whose amount, currency and direction are already set.
  void FillFromDetail(const Detail& d, StatementEntry* out) const;

  const CamtReadOptions& options_;
  CamtVisitor* visitor_;

  Statement statement_;
  bool in_statement_ = false;
  bool header_done_ = false;
  int statements_ = 0;
  std::vector<std::string> balance_codes_;  // per balances_ entry, for interim typing

  bool in_balance_ = false;
  Balance balance_;
  std::string balance_code_, balance_cdt_dbt_, balance_date_;
  Money balance_amt_;

  bool in_entry_ = false;
  Entry entry_;
  // An entry keeps at most this many details (a batch booking of 100,000
  // payments); more make it one entry with an issue, so that memory stays
  // bounded even by one huge entry.
  static constexpr size_t kMaxDetails = 100'000;
  std::vector<Detail> details_;  // slots reused; the first detail_count_ are live
  size_t detail_count_ = 0;
  size_t current_detail_ = 0;
  size_t dropped_details_ = 0;
};

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_BUILDER_H_
