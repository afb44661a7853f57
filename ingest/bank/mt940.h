// Reader of SWIFT MT940 (customer statement) and MT942 (interim transaction
// report) files, as banks deliver them under a production order: one or many
// statements, bare or wrapped in FIN blocks ({1:..}{2:..}{4: ... -}), ended
// by '-' lines or not at all, with LF or CRLF, in UTF-8 or Latin-1.
//
// What is read (SWIFT MT940/MT942 field by field):
//   :20:  reference; with :28C: (or :28:) it forms Statement::statement_id
//         as "<:20:>/<:28C:>" ("STARTUMS/00001/001"), or the :20: alone.
//   :25:  account, spaces removed. "BIC/ACCOUNT" (the part before the first
//         '/' shaped like a BIC) splits into account_bic and account; any
//         other form ("BLZ/ACCOUNT", "NL71RABO0123456789") is kept whole.
//   :60F: :60M: :62F: :62M: :64: :65:  balances "opening", "interim_opening",
//         "closing", "interim_closing", "available", "forward_available":
//         C/D mark (D makes the amount negative), YYMMDD date, currency,
//         amount. The first valid balance (or MT942 :34F:) sets the
//         statement's currency, which every entry of the statement takes.
//   :61:  an entry: value date YYMMDD; optional entry date MMDD (its year is
//         the one of value date -1/0/+1 that puts it nearest the value date,
//         so 231230 + 0102 is 2024-01-02); mark C, D, RC (reversal of a
//         credit: money leaves, credit=false, reversal=true) or RD (reversal
//         of a debit: money comes back, credit=true, reversal=true);
//         optional funds code letter (dropped); amount; transaction type
//         N/F/S + 3 characters (type_code, e.g. "NTRF"); customer reference
//         (up to "//" or the end of the line; "NONREF" kept as given); bank
//         reference after "//"; supplementary details on the next line
//         (supplementary; an IBAN there, as Rabobank sends the counterparty,
//         also becomes counterparty_account unless :86: names one).
//   :86:  after a :61: (or after that entry's :86:) its narrative; see
//         swift_narrative.h for the German ?-sub-field and the Dutch /TAG/
//         layouts that fill counterparty_*, end_to_end_id and remittance. A
//         :86: anywhere else is statement-level information (Statement::
//         information), except one after a dropped :61:, which goes with it.
//   MT942 :34F: floor limits (currency), :13D: date-time, :90D:/:90C:
//         counts and sums: checked for shape, not kept. A statement is kind
//         "mt942" when block 2 says 942 or any of these fields occurs; MT950
//         (block 2 says 950) is read the same way with kind "mt950".
//   :21:, :NS: (non-SWIFT, German banks): skipped silently.
//
// Dates: YYMMDD years 00-79 are 2000-2079, 80-99 are 1980-1999.
// Amounts: ',' is the decimal separator ("1234,56", "1234,"); an amount with
// more decimals than its currency's ISO 4217 digits (JPY "1000,5") is an
// issue, never rounded.
//
// Lines and layout. Lines end in LF or CRLF; trailing spaces (padding) and
// transmission characters (SOH, ETX) are dropped. A line starting with
// ":TAG:" opens a field if TAG is a known MT940/MT942 tag; other lines
// continue the open field. A line starting with an unknown tag (":12:...")
// is reported; inside a :86: it is read as a continuation (banks wrap text
// such as "12:26:37"), elsewhere it and its continuation lines are skipped.
// A statement starts at :20: (a field before any :20: starts one too, with
// an issue) and ends at the next :20:, at a '-' or "-}" line, at a block
// header "{1:", at '$' (RJE) or at the end of the input. Text outside
// statements (bank banners such as "ABNANL2A / 940") is ignored. Messages
// whose block 2 names another MT (MT103, ...) are skipped with an issue;
// ACK/NAK service messages are skipped silently.
//
// Encoding. The input must be UTF-8, unless SwiftReadOptions::latin1
// declares it Latin-1, or it is evidently Latin-1: not UTF-8, every byte
// >= 0x80 in 0xA0-0xFF and at least one a Latin-1 letter (0xC0-0xFF but
// 0xD7, 0xF7). Bytes 0x80-0x9F are control characters in Latin-1 but
// letters in CP437/CP850/CP852 and Windows-1252, so such a file is refused
// with one fatal issue naming the line of the first byte that is not UTF-8.
//
// Failures. Never throws, never crashes; time and memory are linear in the
// input. What cannot be read is a ReadIssue (line, field such as ":61:",
// reason) and the reader goes on: a field over max_field_bytes is skipped;
// an entry whose date, mark or amount is unreadable is dropped (its :86: with
// it); a missing :25:, opening or closing balance is reported. An input with
// no statement at all gives one fatal issue. At most IssueSink::kMaxIssues
// issues are listed (swift_text.h), then a count.
//
// Thread safety: pure functions.
#ifndef MONEYTRAIL_INGEST_BANK_MT940_H_
#define MONEYTRAIL_INGEST_BANK_MT940_H_

#include <string_view>

#include "ingest/bank/statement.h"
#include "ingest/bank/swift_options.h"

namespace moneytrail::ingest::bank {

// True when `head` (the first kilobyte or so of a file) looks like MT940/
// MT942/MT950: a FIN block 2 naming 940, 942 or 950, or a line starting with
// ":20:" followed later by a line starting with ":25:". Chooses the reader
// by content rather than by file extension; false for MT103 and camt.
bool LooksLikeMt940(std::string_view head);

// Reads every statement of an MT940/MT942 file. StatementFile::format is
// "mt942" when every statement is an MT942, else "mt940"; `payments` stays
// empty.
StatementFile ReadMt940(std::string_view bytes, const SwiftReadOptions& options = {});

}  // namespace moneytrail::ingest::bank

#endif  // MONEYTRAIL_INGEST_BANK_MT940_H_
