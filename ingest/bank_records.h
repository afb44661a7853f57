// From what banks send to our records, and "one payment, one record".
//
// ToRecords() turns the output of a bank-format reader (ingest/bank/) into
// transactions and the accounts they reveal:
//  - a debit on a statement is a payment from the statement's account to the
//    counterparty, a credit one from the counterparty to it; a reversal keeps
//    the direction the money actually moved (RC is a debit, RD a credit);
//  - cash (bank transaction codes CWDL/CDPT, or a cash-like MT940 type) is
//    CASH; a counterparty the bank does not name is "UNIDENTIFIED:<account>",
//    so that money is never silently turned into cash;
//  - the transaction id says how the payment is known: "uetr:<uuid>", else
//    "e2e:<EndToEndId>|<from>><to>", else "<kind>:<account>:<statement>:<line>";
//  - everything else the bank said (references, names, BICs, narrative,
//    booking date, type code) is kept as attributes: nothing is dropped.
// Every statement with an opening and a closing balance is checked:
// opening + entries = closing.
//
// MatchPayments() merges the two sightings of one payment (the payer's debit
// and the payee's credit, in two banks' files) into one record: matched by
// UETR, else by EndToEndId, else by amount, currency, value date (±1 day) and
// both accounts. A sighting with several candidates is reported as ambiguous
// and kept as its own record: never merged silently.
//
// Thread safety: pure functions; MatchPayments only reads the store.
#ifndef MONEYTRAIL_INGEST_BANK_RECORDS_H_
#define MONEYTRAIL_INGEST_BANK_RECORDS_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/core/records.h"
#include "engine/storage/store.h"
#include "ingest/bank/statement.h"
#include "ingest/record_parser.h"

namespace moneytrail::ingest {

// opening + credits - debits against closing, for one statement.
struct StatementCheck {
  uint64_t line = 0;
  std::string statement_id, account, currency;
  int64_t opening = 0, entries = 0, closing = 0;  // minor units of `currency`
  bool balanced() const { return opening + entries == closing; }
};

// The check of `statement` given the net (credits - debits) of its booked
// entries per currency; std::nullopt when it has no opening or no closing
// balance, or the two are in different currencies. ToRecords() checks whole
// statements; a streamed load adds up the entries as they pass.
std::optional<StatementCheck> CheckStatement(const bank::Statement& statement,
                                             const std::map<std::string, int64_t>& net);

// Adds `entry` to `net` (per currency) when it was booked.
void AddToNet(const bank::StatementEntry& entry, std::map<std::string, int64_t>* net);

// An entry or message that could not become a record (e.g. no FX rate).
struct RefusedEntry {
  uint64_t line = 0;
  std::string field, reason;
};

struct BankRecords {
  std::vector<Transaction> transactions;  // file order; seq assigned at commit
  std::vector<Account> accounts;          // first sighting of each account id
  std::vector<StatementCheck> checks;
  std::vector<RefusedEntry> refused;
  size_t pending_skipped = 0;  // camt entries not booked, left out (include_pending off)
};

// `source_id` goes into every record's provenance.
BankRecords ToRecords(const bank::StatementFile& file, uint32_t source_id,
                      const ParseContext& context, bool include_pending);

struct PaymentMatch {
  uint64_t line = 0;       // the sighting that was merged away
  std::string tx_id;       // its id
  std::string matched_id;  // the record it is the same payment as
  std::string by;          // "uetr", "end_to_end_id", "amount, value date and accounts"
  bool ambiguous = false;  // several candidates: reported, not merged
  std::vector<std::string> candidates;  // when ambiguous
};

// Removes from `txs` every sighting of a payment already in the store or
// earlier in `txs`, and reports each match (and each ambiguity). IOError from
// the store.
Status MatchPayments(const storage::Store& store, std::vector<Transaction>* txs,
                     std::vector<PaymentMatch>* matches);

}  // namespace moneytrail::ingest

#endif  // MONEYTRAIL_INGEST_BANK_RECORDS_H_
