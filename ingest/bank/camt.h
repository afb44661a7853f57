// Reader of ISO 20022 bank-to-customer cash management messages: camt.052
// (account report), camt.053 (statement) and camt.054 (debit/credit
// notification), every version from 001.01 to 001.08 and later ones that keep
// the same element names. Each Rpt, Stmt or Ntfctn becomes one Statement with
// kind "camt.052", "camt.053" or "camt.054"; StatementFile::format is the
// message's namespace version ("camt.053.001.02"), or only the kind when the
// namespace does not name one.
//
// Elements are matched by local name, so any namespace (ISO, a bank's own, or
// none) is read. What is read, relative to the Stmt/Rpt/Ntfctn:
//   Id                                   statement_id
//   Acct/Id/{IBAN | Othr/Id | PrtryAcct/Id | BBAN | UPIC}   account (spaces removed)
//   Acct/Ccy, Acct/Ownr/Nm (or Ownr/Pty/Nm), Acct/Svcr/FinInstnId/{BIC|BICFI}
//   Bal: Tp/CdOrPrtry/Cd (v1: Tp/Cd), Amt, CdtDbtInd, Dt/{Dt|DtTm}
//        OPBD, PRCD -> "opening"; CLBD -> "closing"; CLAV, FWAV -> "available";
//        ITBD -> "interim_opening" when it is the first ITBD of a statement with
//        no OPBD/PRCD but a later ITBD or CLBD (a continued page), else
//        "interim_closing". Other types (OPAV, ITAV, INFO, XPCD, Prtry) are
//        skipped. Debit balances are negative; the date is the calendar date
//        the bank wrote (a DtTm keeps its date, 00:00 UTC).
//   Ntry: Amt, CdtDbtInd, RvslInd, Sts (v8: Sts/Cd; absent means BOOK),
//        BookgDt and ValDt as Dt or DtTm, AcctSvcrRef, AddtlNtryInf (narrative),
//        BkTxCd Domn/Cd/Fmly/Cd/SubFmlyCd ("PMNT/RCDT/ESCT") or Prtry/Cd
//   Ntry/NtryDtls/TxDtls (v1: Ntry/TxDtls): Refs/{EndToEndId, UETR,
//        AcctSvcrRef, InstrId, TxId}, Amt, AmtDtls/TxAmt/Amt, CdtDbtInd,
//        RltdPties/{Dbtr, Cdtr}/{Nm | Pty/Nm | Agt/FinInstnId/Nm},
//        RltdPties/{DbtrAcct, CdtrAcct}/Id/{IBAN | Othr/Id},
//        RltdPties/{UltmtDbtr, UltmtCdtr}/{Nm | Pty/Nm} (names when Dbtr/Cdtr
//        have none), RltdAgts/{DbtrAgt, CdtrAgt}/FinInstnId/{BIC | BICFI}
//        (else RltdPties/{Dbtr, Cdtr}/Agt/FinInstnId/{BIC | BICFI}),
//        RmtInf/Ustrd (joined with ' '), AddtlTxInf (appended to the narrative).
//   The counterparty is the debtor side for a credit, the creditor side for a
//   debit.
//
// Entries and details:
//   - An entry with no or one TxDtls gives one StatementEntry with the entry's
//     Amt, currency and CdtDbtInd: that is what was booked on the account (a
//     single detail's Amt may be the instructed amount in another currency).
//   - An entry with several TxDtls that all carry an amount in the entry's
//     currency (Amt or AmtDtls/TxAmt/Amt) gives one StatementEntry per detail,
//     with that amount and the detail's CdtDbtInd when it has one.
//     Entry-level fields are shared. When the details do not add up to the
//     entry's Amt, a non-fatal ReadIssue says so (the entries are kept).
//   - An entry with several TxDtls of which some have no amount, or have it
//     only in another currency (an instructed amount), cannot be split without
//     losing what was booked: it gives one StatementEntry with the entry's
//     Amt, keeping only the detail fields on which all details agree, and a
//     non-fatal ReadIssue.
//   - An entry with more than 100,000 TxDtls is kept as one entry of its Amt
//     without detail fields, with a ReadIssue (memory stays bounded).
//   - Entries whose Sts is not BOOK (PDNG, INFO, ...) are dropped, unless
//     include_pending is set: then they are kept with booked = false.
//   - An entry whose Amt is missing, not a decimal, in an unknown currency or
//     with more fraction digits than its currency has ("8.850" EUR) is dropped
//     with a ReadIssue: amounts are never rounded. So is one without a valid
//     CdtDbtInd. (ISO 20022 requires amounts to respect the ISO 4217 minor
//     unit, even though the XSD allows five fraction digits.)
//   - value_date is ValDt; without one, BookgDt (and a ReadIssue when both are
//     missing, leaving 1970-01-01). A DtTm with a zone is that instant in UTC;
//     a DtTm without a zone, or with more than microsecond precision, keeps its
//     date only (00:00 UTC) rather than guessing a zone.
//   - uetr is lower-cased. line is where the Ntry (or, when split, the TxDtls)
//     starts; lines past 65535 are counted by the reader and stay exact unless
//     a tag spans several lines.
//
// Safety by construction: the start of the document is scanned before libxml2
// sees it, and a DOCTYPE there is refused (fatal issue "DOCTYPE not allowed";
// anywhere else libxml2 rejects it as malformed), so no entity is ever
// declared or expanded and no DTD is loaded; the walk refuses a DTD node too.
// Network access is off. Encodings other than UTF-8, US-ASCII, ISO-8859-n,
// windows-125n and UTF-16 are refused (ISO 20022 requires UTF-8; UTF-7 or
// EBCDIC could hide a DOCTYPE from the scan), as is input that does not start
// with '<' and a file with more than 1 MB before its first element. Nesting
// deeper than max_depth is fatal; a field longer than max_field_bytes is
// dropped with an issue. Malformed XML ends the read with a fatal issue
// (field "XML") carrying libxml2's message and line; entries read before it
// are kept. Errors libxml2 recovers from (an undeclared namespace prefix) are
// non-fatal issues. A well-formed document that is not a camt.052/053/054
// (pain.001, pacs.008, camt.055, ...) gives the fatal issue "not a
// camt.052/053/054 document (...)". libxml2 never prints.
//
// Memory: the reader streams (libxml2's xmlTextReader). Its own memory is
// bounded by one entry with its details (at most 100,000), never by the file;
// the StatementFile overloads hold what they return (all entries), the
// CamtVisitor overloads hold nothing.
//
// Thread safety: every function may be called concurrently on different
// inputs. libxml2 is initialised once (std::call_once); its error handlers are
// set per reader and, for the duration of a call, per thread.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "ingest/bank/statement.h"

namespace moneytrail::ingest::bank {

struct CamtReadOptions {
  // Entries with a Sts other than BOOK (PDNG, INFO, FUTR, ...) are dropped
  // unless this is true; then they are kept with booked = false.
  bool include_pending = false;
  // A field (element text) longer than this is dropped with a ReadIssue.
  size_t max_field_bytes = 64 * 1024;
  // A document nested deeper than this many elements is refused (fatal).
  size_t max_depth = 64;
};

// Receives what StreamCamt finds, in document order. The reader owns the
// Statement passed to OnEntry; the visitor may move from `entry`.
class CamtVisitor {
 public:
  virtual ~CamtVisitor() = default;
  // Once, when the message element is found: "camt.053.001.02".
  virtual void OnFormat(std::string_view format) { (void)format; }
  // One movement of `statement`, whose header (id, account, owner, BIC,
  // currency, balances) is complete as camt places Acct and Bal before Ntry;
  // statement.entries is always empty here.
  virtual void OnEntry(const Statement& statement, StatementEntry&& entry) = 0;
  // A statement is complete (or cut short by a fatal issue). Its entries went
  // to OnEntry before, so statement.entries is empty.
  virtual void OnStatement(Statement&& statement) = 0;
  // Something that could not be used; after a fatal issue nothing else comes.
  virtual void OnIssue(ReadIssue&& issue) = 0;
};

// True when `head` (the first kilobyte or so of a file) is an XML document
// whose first element is a Document holding a camt.052/053/054 message, in any
// namespace version; also true for such a document with a DOCTYPE, so that
// ReadCamt can refuse it with a clear message. For selecting a reader by
// content; never fails.
bool LooksLikeCamt(std::string_view head);

// Reads a whole camt document held in memory. Never throws; what cannot be
// read is in StatementFile::issues.
StatementFile ReadCamt(std::string_view bytes, const CamtReadOptions& options = {});

// The same from a file, read in chunks so that it is never held in memory
// whole. A file that cannot be opened or read gives a fatal ReadIssue (field
// "file") with the system's reason.
StatementFile ReadCamtFile(const std::string& path, const CamtReadOptions& options = {});

// Streaming forms of the two above: everything goes to `visitor`, nothing is
// kept, so memory stays bounded by one entry whatever the size of the input.
void StreamCamt(std::string_view bytes, const CamtReadOptions& options, CamtVisitor& visitor);
void StreamCamtFile(const std::string& path, const CamtReadOptions& options, CamtVisitor& visitor);

}  // namespace moneytrail::ingest::bank

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_H_
