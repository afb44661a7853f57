// What the bank-format readers produce: statements (MT940/MT942, camt.052/
// 053/054) and payment messages (MT103), as plain data close to the source,
// before they become our records (transactions, accounts, parties).
//
// Readers are pure functions of the input bytes: no store, no FX, no files.
// They never throw and never crash on bad input; what they cannot read they
// report as a ReadIssue with the line, the field and the reason, and keep
// going where the format allows (the next statement, the next entry, the next
// message). Money is integer minor units of the currency's ISO 4217 digits; an
// amount with more decimals than its currency has, or one that overflows, is
// an issue, never rounded.
//
// Thread safety: plain values.
#ifndef MONEYTRAIL_INGEST_BANK_STATEMENT_H_
#define MONEYTRAIL_INGEST_BANK_STATEMENT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/timestamp.h"

namespace moneytrail::ingest::bank {

// Something a reader could not use: "file.sta:12: :61: amount: '12,5x' is not
// an amount". `line` is 1-based; `field` names the tag or element (":61:",
// "Ntry/Amt", "32A"). By default an issue means something was left out (an
// entry, a message, the rest of the file): the loader counts it as a reject.
// A warning is a remark on something still read whole enough to load (a
// balance left out, a reversal flag not understood, a field too long to keep):
// the loader reports it but loads the entry.
struct ReadIssue {
  uint64_t line = 0;
  std::string field;
  std::string reason;
  bool fatal = false;    // the rest of the file could not be read
  bool warning = false;  // no entry or message was lost
};

// A balance line (:60F:, :62F:, camt Bal with Tp OPBD/CLBD/PRCD/...).
struct Balance {
  std::string type;      // "opening", "closing", "interim_opening", "interim_closing",
                         // "available", "forward_available" (MT940 :65:)
  Timestamp date;        // the balance's date (00:00 UTC)
  int64_t amount = 0;    // minor units, signed: negative = debit balance
  std::string currency;  // ISO 4217
  uint64_t line = 0;
};

// One movement on the statement's own account. For an entry with several
// transaction details (camt Ntry with several TxDtls), one StatementEntry per
// detail, each with its own amount.
struct StatementEntry {
  uint64_t line = 0;                      // where the entry (or its detail) starts
  Timestamp value_date;                   // ValDt / :61: value date
  std::optional<Timestamp> booking_date;  // BookgDt / :61: entry date
  bool credit = false;                    // money came into the statement's account
  bool reversal = false;                  // MT940 RC/RD, camt RvslInd
  bool booked = true;              // camt Sts BOOK; false for PDNG/INFO (only kept when asked)
  int64_t amount = 0;              // minor units, > 0 (zero allowed only when the source says 0)
  std::string currency;            // ISO 4217
  std::string type_code;           // :61: transaction type (e.g. "NTRF") or camt BkTxCd
  std::string customer_reference;  // :61: reference for the account owner
  std::string bank_reference;      // :61: //bank reference, camt AcctSvcrRef
  std::string end_to_end_id;       // camt EndToEndId, SEPA /EREF/ or ?20 EREF+
  std::string uetr;                // camt UETR (lower-case UUID)
  std::string instruction_id, transaction_id;  // camt InstrId, TxId
  // The other side, as the statement names it (debtor for a credit, creditor
  // for a debit): IBAN or other account id, name, BIC.
  std::string counterparty_account;
  std::string counterparty_name;
  std::string counterparty_bic;
  std::string remittance;     // unstructured remittance / purpose text
  std::string narrative;      // :86: as given (sub-fields joined), camt AddtlNtryInf
  std::string supplementary;  // :61: supplementary details ([34x] after the references)
};

struct Statement {
  uint64_t line = 0;          // where it starts (:20: / Stmt / Rpt / Ntfctn)
  std::string kind;           // "mt940", "mt942", "mt950", "camt.052", "camt.053", "camt.054"
  std::string statement_id;   // :20: / :28C: sequence, camt Id
  std::string account;        // :25: / Acct/Id (IBAN or Othr/Id), as given without spaces
  std::string account_bic;    // :25: BIC/, Acct/Svcr
  std::string account_owner;  // camt Acct/Ownr/Nm
  std::string currency;       // the account's currency (from balances or Acct/Ccy)
  std::vector<Balance> balances;
  std::vector<StatementEntry> entries;
  std::string information;  // MT940 :86: not after a :61: (to the account owner)
};

// An MT103 single customer credit transfer (fields 20, 23B, 32A, 33B, 50a,
// 52a, 57a, 59a, 70, 71A, and UETR from block 3 field 121).
struct PaymentMessage {
  uint64_t line = 0;
  std::string sender_reference;  // :20:
  std::string uetr;              // {121:...}
  std::string sender_bic;        // block 1/2 logical terminal, when present
  std::string receiver_bic;
  Timestamp value_date;  // :32A: date
  int64_t amount = 0;    // :32A: settled amount, minor units
  std::string currency;
  std::optional<int64_t> instructed_amount;  // :33B:
  std::string instructed_currency;
  std::string ordering_account, ordering_name;        // :50a:
  std::string ordering_institution;                   // :52a:
  std::string beneficiary_institution;                // :57a:
  std::string beneficiary_account, beneficiary_name;  // :59a:
  std::string remittance;                             // :70:
  std::string charges;                                // :71A: OUR/SHA/BEN
};

struct StatementFile {
  std::string format;  // "mt940", "mt942", "camt.053.001.02", "mt103", ...
  std::vector<Statement> statements;
  std::vector<PaymentMessage> payments;
  std::vector<ReadIssue> issues;
};

}  // namespace moneytrail::ingest::bank

#endif  // MONEYTRAIL_INGEST_BANK_STATEMENT_H_
