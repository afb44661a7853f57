// Internal to the camt reader: the elements it knows by local name (Tag), and
// which element paths, relative to a statement, balance, entry or transaction
// detail, carry a field it reads (Field). The paths are the table in camt.h.
//
// A relative path is a PathKey: its tags packed 8 bits each, outermost first,
// so that a path compares as one integer. Paths through an element that is not
// a Tag never match.
#ifndef MONEYTRAIL_INGEST_BANK_CAMT_SCHEMA_H_
#define MONEYTRAIL_INGEST_BANK_CAMT_SCHEMA_H_

#include <cstdint>
#include <initializer_list>
#include <string_view>

namespace moneytrail::ingest::bank::camt_internal {

enum Tag : uint8_t {
  kOther = 0,  // any element we do not look at
  kDocument,
  kBkToCstmrAcctRpt,       // camt.052 (v1: ...V01)
  kBkToCstmrStmt,          // camt.053
  kBkToCstmrDbtCdtNtfctn,  // camt.054
  kRpt,
  kStmt,
  kNtfctn,
  kAcct,
  kAgt,
  kAmt,
  kAmtDtls,
  kAcctSvcrRef,
  kAddtlNtryInf,
  kAddtlTxInf,
  kBal,
  kBBAN,
  kBIC,
  kBICFI,
  kBkTxCd,
  kBookgDt,
  kCcy,
  kCd,
  kCdOrPrtry,
  kCdtDbtInd,
  kCdtr,
  kCdtrAcct,
  kCdtrAgt,
  kDbtr,
  kDbtrAcct,
  kDbtrAgt,
  kDomn,
  kDt,
  kDtTm,
  kEndToEndId,
  kFinInstnId,
  kFmly,
  kIBAN,
  kId,
  kInstrId,
  kNm,
  kNtry,
  kNtryDtls,
  kOthr,
  kOwnr,
  kPrtry,
  kPrtryAcct,
  kPty,
  kRefs,
  kRltdAgts,
  kRltdPties,
  kRmtInf,
  kRvslInd,
  kSts,
  kSubFmlyCd,
  kSvcr,
  kTp,
  kTxAmt,
  kTxDtls,
  kTxId,
  kUETR,
  kUltmtCdtr,
  kUltmtDbtr,
  kUPIC,
  kUstrd,
  kValDt,
  kTagCount
};

// The Tag of an element's local name; message names may carry a version
// suffix ("BkToCstmrStmtV01").
Tag TagOf(std::string_view local_name);

// The local name of a tag ("Ntry"); "?" for kOther.
std::string_view TagName(Tag tag);

using PathKey = uint64_t;
constexpr int kMaxPathLength = 7;

constexpr PathKey Path(std::initializer_list<Tag> tags) {
  PathKey key = 0;
  for (Tag t : tags) key = (key << 8) | t;
  return key;
}

enum class Field : uint8_t {
  kNone,
  // Stmt / Rpt / Ntfctn
  kStatementId,
  kAccountId,
  kAccountCcy,
  kAccountOwner,
  kAccountBic,
  // Bal
  kBalanceCode,
  kBalanceAmt,
  kBalanceCdtDbt,
  kBalanceDate,
  // Ntry and TxDtls (the bank transaction code at either level)
  kAmt,
  kCdtDbt,
  kReversal,
  kStatus,
  kBookingDate,
  kValueDate,
  kAcctSvcrRef,
  kAddtlInf,
  kDomain,
  kFamily,
  kSubFamily,
  kProprietaryCode,
  // TxDtls
  kTxAmt,
  kEndToEndId,
  kUetr,
  kInstrId,
  kTxId,
  kUstrd,
  kDebtorName,
  kDebtorAccount,
  kDebtorUltimateName,
  kDebtorAgentName,
  kDebtorBic,
  kDebtorPartyBic,
  kCreditorName,
  kCreditorAccount,
  kCreditorUltimateName,
  kCreditorAgentName,
  kCreditorBic,
  kCreditorPartyBic,
};

// Where a field's path starts.
enum class Scope : uint8_t { kStatement, kBalance, kEntry, kDetail };

// Fields by where their path starts.
Field StatementField(PathKey key);
Field BalanceField(PathKey key);
Field EntryField(PathKey key);
Field DetailField(PathKey key);

// Fields whose element carries a Ccy attribute.
inline bool IsAmountField(Field f) {
  return f == Field::kBalanceAmt || f == Field::kAmt || f == Field::kTxAmt;
}

}  // namespace moneytrail::ingest::bank::camt_internal

#endif  // MONEYTRAIL_INGEST_BANK_CAMT_SCHEMA_H_
