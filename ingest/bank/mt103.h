// Reader of SWIFT MT103 (single customer credit transfer) messages: one
// message, or an RJE batch of messages separated by '$', as banks export
// them from their FIN archives under a production order.
//
// What is read, per message:
//   block 1  "F01<terminal>...": receiver (output message) or sender (input).
//   block 2  "I103<receiver>..." or "O103<time><MIR date><sender>...": the MT
//            and the other side. sender_bic / receiver_bic are the terminals'
//            BICs: 8 characters, or 11 when the branch is not "XXX".
//   block 3  {121:UETR}: uetr, lower-cased; a value that is not a UUID is an
//            issue and left out.
//   block 4  :20: sender_reference; :23B: checked (4 characters); :32A:
//            value date YYMMDD, currency, amount (',' decimal separator);
//            :33B: instructed currency and amount; :50A:/:50F:/:50K:
//            ordering customer (account line "/..." into ordering_account;
//            the name: 50K first name line, 50F "1/" lines joined with ' ',
//            50A the BIC); :52A:/:52D: ordering institution (BIC, or first
//            name line); :57A:/:57B:/:57C:/:57D: beneficiary institution
//            likewise; :59:/:59A:/:59F: beneficiary account and name like
//            50a; :70: remittance (lines joined with '\n'); :71A: charges.
//            Other fields (13C, 23E, 53a-56a, 71F, 72, 77B, ...) are skipped.
// Amounts follow the currency's ISO 4217 digits; more decimals than it has is
// an issue, never rounded. YYMMDD years 00-79 are 2000-2079, 80-99 1980-1999.
//
// A message whose :32A: is missing or unreadable yields no PaymentMessage
// (there is no money to trace), only an issue; other missing mandatory
// fields (20, 23B, 50a, 59a, 71A) are reported and the message kept.
//
// Batches. Messages start at "{1:" (or any block after '$'); '$' separates
// them. Service messages (block 1 service id "21": ACK/NAK) are skipped;
// they are issues only when malformed (no {451:}), or when {451:1} says the
// network rejected (NAKed) the message. Other message types are skipped with
// an issue "not an MT103"; an MT940/MT942/MT950 in the batch is handed to
// ReadMt940 and its statements (and issues, with the batch's line numbers)
// are added to the result. An input without blocks that starts with ':' is
// read as the text block of one message.
//
// Encoding, limits and failures as in mt940.h: UTF-8 or declared/evident
// Latin-1, fields over max_field_bytes skipped with an issue, never throws,
// linear time and memory; an input with no message gives one fatal issue.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_INGEST_BANK_MT103_H_
#define MONEYTRAIL_INGEST_BANK_MT103_H_

#include <string_view>

#include "ingest/bank/statement.h"
#include "ingest/bank/swift_options.h"

namespace moneytrail::ingest::bank {

// True when `head` (the first kilobyte or so of a file) looks like MT103: a
// FIN block 2 naming 103 (the first one, so an RJE batch that starts with an
// MT103 counts), or, without blocks, lines starting with ":20:" and ":32A:".
bool LooksLikeMt103(std::string_view head);

// Reads every message of an MT103 file or RJE batch. StatementFile::format
// is "mt103".
StatementFile ReadMt103(std::string_view bytes, const SwiftReadOptions& options = {});

}  // namespace moneytrail::ingest::bank

#endif  // MONEYTRAIL_INGEST_BANK_MT103_H_
